package io.bootcloud.dev;

import io.bootcloud.cli.DayOptions;
import io.bootcloud.cli.GlobalOptions;
import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.ledger.RunLedger;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bootcloud synthetic-dpp}: a day of {@code gold.daily_dpp} for N contributors without
 * telemetry, recorded as a succeeded dpp run, so that {@code rewards} can be run and measured at
 * any size (issue: 10 M contributors with a 2 GiB driver). DPP is deterministic in the seed and
 * roughly normal (the sum of three uniform draws), so every class has members. For test
 * lakehouses only: it replaces the day's DPP with made-up numbers.
 */
@Command(name = "synthetic-dpp", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a synthetic gold.daily_dpp day of N contributors (for scale tests of rewards; "
        + "replaces the day's DPP, never use on a real lakehouse).")
final class SyntheticDppCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DayOptions.DateConverter.class,
      description = "The day to write.")
  LocalDate date;

  @Option(names = "--contributors", paramLabel = "N", defaultValue = "10000000",
      description = "Contributors (default ${DEFAULT-VALUE}).")
  long contributors;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (contributors < 1) {
      throw new UserException("synthetic-dpp: --contributors must be positive", UserException.EXIT_USAGE);
    }
    SparkSession spark = global.openSpark("synthetic-dpp");
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    RunLedger ledger = new RunLedger(spark);
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    ledger.run("dpp", date, "synthetic", run -> {
      spark.range(contributors).selectExpr("DATE'" + date + "' AS day",
          "concat('c', lpad(cast(id AS string), 9, '0')) AS contributor_id",
          "1L + pmod(xxhash64(id, " + seed + "L), 1000000L) + pmod(xxhash64(id, " + (seed + 1) + "L), 1000000L)"
              + " + pmod(xxhash64(id, " + (seed + 2) + "L), 1000000L) AS dpp",
          "0L AS dpp_reported", "1 AS devices", "1L AS shares", "3600L AS computing_seconds", "false AS is_suspect",
          "'synthetic' AS ruleset_version", "'" + run.runId() + "' AS run_id", "0L AS late_dpp",
          "CAST(NULL AS MAP<DATE, BIGINT>) AS late_from")
          .writeTo(Catalog.DAILY_DPP.fullName()).overwrite(org.apache.spark.sql.functions.col("day")
              .equalTo(org.apache.spark.sql.functions.lit(java.sql.Date.valueOf(date))));
      run.count(Catalog.DAILY_DPP.fullName(), contributors);
      return null;
    });
    out.printf("synthetic-dpp %s: %,d contributors written to %s in %.1f s%n", date, contributors,
        Catalog.DAILY_DPP.fullName(), (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
