package io.bootcloud.cli;

import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.dpp.DppJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bootcloud dpp}: silver → gold.daily_dpp for one day. */
@Command(name = "dpp", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Compute gold.daily_dpp for a day from the silver tables.")
final class DppCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayRangeOptions day;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RulesetHistory rulesets = day.rulesetsToCompute(DppJob.JOB, java.time.Instant.now());
    SparkSession spark = DayJobs.open(global, DppJob.JOB);
    RunLedger ledger = day.ledger(spark);
    PrintWriter out = spec.commandLine().getOut();
    day.forEachDay(DppJob.JOB, d -> {
      // Each day under the ruleset version in force on it.
      print(out, new DppJob(spark, rulesets.forDay(d), ledger).run(d));
    });
    return 0;
  }

  /** The line a day of dpp prints. */
  static void print(PrintWriter out, DppJob.Summary s) {
    out.printf("dpp %s: %d contributors%s; unbound device events not credited: %d shares, %d heartbeats%n",
        s.day(), s.contributors(), s.wrote() ? "" : " (unchanged, nothing written)",
        s.unboundShares(), s.unboundHeartbeats());
    out.flush();
  }
}
