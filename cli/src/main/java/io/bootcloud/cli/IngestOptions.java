package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.spark.Lakehouse;
import io.bootcloud.ingestion.BatchLimit;
import io.bootcloud.ingestion.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of an ingest ({@code ingest}, {@code backfill}): where files land, the checkpoint, the batch size. */
final class IngestOptions {

  @Option(names = "--landing", paramLabel = "DIR|URI",
      description = "Landing folder or URI (default: var/landing beside the lakehouse).")
  String landing;

  @Option(names = "--checkpoint", paramLabel = "DIR|URI",
      description = "Stream checkpoint that remembers ingested files (default: <lakehouse>/checkpoints/ingest).")
  String checkpoint;

  @Option(names = "--max-bytes-per-batch", paramLabel = "SIZE",
      description = "Landing bytes per micro-batch, e.g. 256m or 2g (default " + BatchLimit.DEFAULT_SIZE
          + "; a batch takes at least one file). Each batch commits once per table: fewer batches cost less, "
          + "smaller ones use less memory.")
  String maxBytes;

  @Option(names = "--max-files-per-batch", paramLabel = "N",
      description = "Files per micro-batch, instead of --max-bytes-per-batch.")
  Long maxFiles;

  /** Whether any of these options was given. */
  boolean given() {
    return landing != null || checkpoint != null || maxBytes != null || maxFiles != null;
  }

  /**
   * The stream's options for {@code lakehouse}, all checked before Spark starts: the batch limit
   * (usage errors) and a local landing folder that must exist.
   */
  IngestJob.Options resolve(Lakehouse lakehouse) {
    BatchLimit limit = batchLimit();
    String landingUri = uri(landing, lakehouse.root().resolveSibling("landing"));
    String checkpointUri = uri(checkpoint, lakehouse.root().resolve("checkpoints").resolve("ingest"));
    if (landingUri.startsWith("file:") && !Files.isDirectory(Path.of(java.net.URI.create(landingUri)))) {
      throw new UserException("landing folder " + Path.of(java.net.URI.create(landingUri))
          + " does not exist; write files there or pass --landing", UserException.EXIT_USAGE);
    }
    return new IngestJob.Options(landingUri, checkpointUri, limit);
  }

  /** The micro-batch limit of the options. */
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
