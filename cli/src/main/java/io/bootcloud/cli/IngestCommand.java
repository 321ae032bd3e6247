package io.bootcloud.cli;

import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.ingestion.IngestReport;
import io.bootcloud.rules.config.Ruleset;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** {@code bootcloud ingest}: landing → bronze → silver and quarantine, each file exactly once. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Ingest landing files into bronze, silver and quarantine, exactly once.")
final class IngestCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;
  @Mixin IngestOptions ingest;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // Ingest takes files whenever they arrive: its --date names the run, not a day it computes.
    // Validation limits and the time zone of the version in force on that date.
    Ruleset ruleset = io.bootcloud.core.config.RulesetLoader.history(day.config).forDay(day.date);
    IngestJob.Options options = ingest.resolve(global.resolveLakehouse());
    SparkSession spark = DayJobs.open(global, IngestJob.JOB);
    IngestReport r = new IngestJob(spark, ruleset, new RunLedger(spark), spec.commandLine().getErr())
        .run(day.date, options);
    print(spec.commandLine().getOut(), r);
    return 0;
  }

  /** The one line an ingest prints. */
  static void print(PrintWriter out, IngestReport r) {
    out.printf("ingest: %d files in %d batches, %d lines; accepted %s; rejected %s; late %d%n",
        r.files(), r.batches(), r.lines(), r.accepted(), r.rejected(), r.late());
    out.flush();
  }
}
