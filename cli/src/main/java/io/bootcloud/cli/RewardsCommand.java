package io.bootcloud.cli;

import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rewards.RewardsJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bootcloud rewards}: gold.daily_dpp → stats, classes, pools, amounts, emission ledger. */
@Command(name = "rewards", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Compute population stats, classes, pool budgets and amounts for a day.")
final class RewardsCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayRangeOptions day;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RulesetHistory rulesets = day.rulesetsToCompute(RewardsJob.JOB, java.time.Instant.now());
    SparkSession spark = DayJobs.open(global, RewardsJob.JOB);
    RunLedger ledger = day.ledger(spark);
    PrintWriter out = spec.commandLine().getOut();
    day.forEachDay(RewardsJob.JOB, d -> {
      // Each day under the ruleset version in force on it.
      print(out, new RewardsJob(spark, rulesets.forDay(d), ledger).run(d));
    });
    return 0;
  }

  /** The line a day of rewards prints. */
  static void print(PrintWriter out, RewardsJob.Summary s) {
    long[] c = s.classCounts();
    out.printf("rewards %s: %d contributors (A %d, B %d, C %d, D %d); emitted %s units, not emitted %s%s%s%n",
        s.day(), s.contributors(), c[0], c[1], c[2], c[3], s.emitted(), s.notEmitted(),
        s.onDriver() ? "" : " (computed on the executors)", s.wrote() ? "" : " (unchanged, nothing written)");
    out.flush();
  }
}
