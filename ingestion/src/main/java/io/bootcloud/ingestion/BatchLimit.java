package io.bootcloud.ingestion;

/**
 * How much of the landing folder one ingest micro-batch takes: at most a number of files, or files
 * up to a number of bytes (their stored length, compressed for {@code .gz}; a batch takes at least
 * one file, however large). Each batch has its own commits, so fewer, larger batches cost less; the
 * limit bounds a batch's memory.
 */
public record BatchLimit(Unit unit, long value) {

  /** What the limit counts, and the file stream's option that applies it. */
  public enum Unit {
    FILES("maxFilesPerTrigger"), BYTES("maxBytesPerTrigger");

    private final String streamOption;

    Unit(String streamOption) {
      this.streamOption = streamOption;
    }
  }

  /** {@link #DEFAULT} as a size option gives it. */
  public static final String DEFAULT_SIZE = "512m";

  /**
   * The default: 512 MiB of files a batch. A small delivery (the demo's days, a 30-day backfill of
   * 40 contributors: 83 MB) is one batch; the 8.1 GB bench day is about sixteen, each smaller than
   * the 64-file batches (about 810 MB) whose peak memory docs/benchmarks.md reports.
   */
  public static final BatchLimit DEFAULT = bytes(org.apache.spark.network.util.JavaUtils.byteStringAsBytes(
      BatchLimit.DEFAULT_SIZE));

  public BatchLimit {
    if (value < 1) {
      throw new IllegalArgumentException("a micro-batch of at most " + value + " " + unit.name().toLowerCase(
          java.util.Locale.ROOT) + " takes nothing; the limit must be at least 1");
    }
  }

  /** At most {@code files} files a batch. */
  public static BatchLimit files(long files) {
    return new BatchLimit(Unit.FILES, files);
  }

  /** Files up to {@code bytes} bytes a batch (a soft limit: the batch's first file is always taken). */
  public static BatchLimit bytes(long bytes) {
    return new BatchLimit(Unit.BYTES, bytes);
  }

  /** The file stream's option ({@code maxFilesPerTrigger} or {@code maxBytesPerTrigger}). */
  public String streamOption() {
    return unit.streamOption;
  }
}
