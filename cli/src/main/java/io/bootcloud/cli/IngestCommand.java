package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.Lakehouse;
import io.bootcloud.ingestion.BatchLimit;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.ingestion.IngestReport;
import io.bootcloud.rules.config.Ruleset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bootcloud ingest}: landing → bronze → silver and quarantine, each file exactly once. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Ingest landing files into bronze, silver and quarantine, exactly once.")
final class IngestCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;
  @Mixin DayOptions day;

  @Option(names = "--landing", paramLabel = "DIR|URI",
      description = "Landing folder or URI (default: var/landing beside the lakehouse).")
  String landing;

  @Option(names = "--checkpoint", paramLabel = "DIR|URI",
      description = "Stream checkpoint that remembers ingested files (default: <lakehouse>/checkpoints/ingest).")
  String checkpoint;

  @Option(names = "--max-bytes-per-batch", paramLabel = "SIZE",
      description = "Landing bytes per micro-batch, e.g. 256m or 2g (default 512m; a batch takes at least one file). "
          + "Each batch commits once per table: fewer batches cost less, smaller ones use less memory.")
  String maxBytes;

  @Option(names = "--max-files-per-batch", paramLabel = "N",
      description = "Files per micro-batch, instead of --max-bytes-per-batch.")
  Long maxFiles;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // Ingest takes files whenever they arrive: its --date names the run, not a day it computes.
    // Validation limits and the time zone of the version in force on that date.
    Ruleset ruleset = io.bootcloud.core.config.RulesetLoader.history(day.config).forDay(day.date);
    BatchLimit limit = batchLimit();
    Lakehouse lakehouse = global.resolveLakehouse();
    String landingUri = uri(landing, lakehouse.root().resolveSibling("landing"));
    String checkpointUri = uri(checkpoint, lakehouse.root().resolve("checkpoints").resolve("ingest"));
    if (landingUri.startsWith("file:") && !Files.isDirectory(Path.of(java.net.URI.create(landingUri)))) {
      throw new UserException("landing folder " + Path.of(java.net.URI.create(landingUri))
          + " does not exist; write files there or pass --landing", UserException.EXIT_USAGE);
    }
    SparkSession spark = DayJobs.open(global, IngestJob.JOB);
    PrintWriter out = spec.commandLine().getOut();
    IngestReport r = new IngestJob(spark, ruleset, new RunLedger(spark), spec.commandLine().getErr())
        .run(day.date, new IngestJob.Options(landingUri, checkpointUri, limit));
    out.printf("ingest: %d files in %d batches, %d lines; accepted %s; rejected %s; late %d%n",
        r.files(), r.batches(), r.lines(), r.accepted(), r.rejected(), r.late());
    out.flush();
    return 0;
  }

  /** The micro-batch limit of the options, checked before Spark starts. */
  private BatchLimit batchLimit() {
    if (maxFiles != null && maxBytes != null) {
      throw new UserException("--max-files-per-batch and --max-bytes-per-batch exclude each other: give one",
          UserException.EXIT_USAGE);
    }
    try {
      if (maxFiles != null) {
        return BatchLimit.files(maxFiles);
      }
      return maxBytes == null ? BatchLimit.DEFAULT : BatchLimit.bytes(bytes(maxBytes));
    } catch (IllegalArgumentException e) {
      throw new UserException((maxFiles != null ? "--max-files-per-batch " + maxFiles : "--max-bytes-per-batch "
          + maxBytes) + ": " + e.getMessage(), UserException.EXIT_USAGE);
    }
  }

  private static long bytes(String size) {
    try {
      return org.apache.spark.network.util.JavaUtils.byteStringAsBytes(size);
    } catch (NumberFormatException e) {
      throw new UserException("--max-bytes-per-batch " + size + " is not a size: give bytes, or a number with k, m "
          + "or g (KiB, MiB, GiB), e.g. 512m", UserException.EXIT_USAGE);
    }
  }

  private static String uri(String given, Path fallback) {
    if (given == null) {
      return fallback.toAbsolutePath().normalize().toUri().toString();
    }
    return given.contains("://") || given.startsWith("file:") ? given
        : Path.of(given).toAbsolutePath().normalize().toUri().toString();
  }
}
