package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.rewards.RewardsJob;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bootcloud backfill}: what {@code ingest}, then {@code dpp} and {@code rewards} over a range
 * do, in one process and one Spark session, so the start-up is paid once. Each job of each day is
 * still its own ledgered, idempotent run, exactly as the single commands record it; a day is done
 * (dpp, then rewards) before the next begins.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Ingest the landing folder, then compute dpp and rewards for every day of a range, in one process.",
        "The same runs as 'ingest --date TO', then 'dpp' and 'rewards' with --from/--to, day by day; "
            + "rerunning it writes nothing that is unchanged."})
final class BackfillCommand implements Callable<Integer> {

  /** The name of the command and of its Spark application. */
  static final String NAME = "backfill";

  @Mixin GlobalOptions global;
  @Mixin DayRangeOptions days;
  @Mixin IngestOptions ingest;

  @Option(names = "--no-ingest",
      description = "Leave the landing folder alone: compute the range from what silver already holds.")
  boolean noIngest;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<LocalDate> range = days.days();
    LocalDate last = range.get(range.size() - 1);
    RulesetHistory rulesets = days.rulesetsToCompute(NAME, java.time.Instant.now());
    if (noIngest && ingest.given()) {
      throw new UserException("--no-ingest leaves the landing folder alone: it takes no --landing, --checkpoint or "
          + "batch limit", UserException.EXIT_USAGE);
    }
    IngestJob.Options options = noIngest ? null : ingest.resolve(global.resolveLakehouse());
    SparkSession spark = DayJobs.open(global, NAME);
    RunLedger ledger = days.ledger(spark);
    PrintWriter out = spec.commandLine().getOut();
    if (options != null) {
      // As 'ingest --date LAST' would: the run is named by the range's last day, under its ruleset.
      IngestCommand.print(out, new IngestJob(spark, rulesets.forDay(last), ledger, spec.commandLine().getErr())
          .run(last, options));
    }
    days.forEachDay("dpp and rewards", d -> {
      DppCommand.print(out, new DppJob(spark, rulesets.forDay(d), ledger).run(d));
      RewardsCommand.print(out, new RewardsJob(spark, rulesets.forDay(d), ledger).run(d));
    });
    return 0;
  }
}
