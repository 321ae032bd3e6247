package io.bootcloud.core.io;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;

/**
 * The Parquet files one task writes for one table of a {@link DeltaFileAppends} run: one open
 * file per partition value, each with its Delta statistics counted as rows go in. Runs on
 * executors; {@link #close()} hands over what {@link DeltaFileAppends#commit} adds to the log.
 */
public final class TaskFiles implements AutoCloseable {

  /** A written file, as the driver commits it: path relative to the table root, size and statistics. */
  public record Written(String table, String path, String partitionValue, long size, long modificationTime,
      String stats) implements Serializable {}

  private final DeltaFileAppends.Target target;
  private final TaskAttemptContextImpl context;
  private final Map<LocalDate, Open> open = new HashMap<>();
  private Open last;
  private LocalDate lastKey;
  private final List<Written> written = new ArrayList<>();

  /** Files of {@code target} for the task attempt ({@code partition}, {@code attempt}) of the current Spark job. */
  public TaskFiles(DeltaFileAppends.Target target, int partition, int attempt) {
    this.target = target;
    Configuration conf = target.hadoopConf();
    this.context = new TaskAttemptContextImpl(conf,
        new TaskAttemptID(new TaskID(new JobID("bootcloud", 0), TaskType.MAP, partition), attempt));
  }

  /**
   * Writes one row: {@code values} are the table's non-partition columns in table order, as
   * Spark's internal values ({@code UTF8String}, {@code Long}, days as {@code Integer}, micros as
   * {@code Long}, {@code Decimal}); {@code partitionValue} is the row's partition column, or null.
   */
  public void write(LocalDate partitionValue, Object[] values) {
    for (int i : target.requiredColumns()) {
      if (values[i] == null) {
        throw new IllegalStateException(target.table() + "." + target.dataSchema().fields()[i].name()
            + " is NOT NULL but a row has null");
      }
    }
    Open file;
    if (last != null && Objects.equals(lastKey, partitionValue)) {
      file = last;
    } else {
      file = open.computeIfAbsent(partitionValue, this::openFile);
      last = file;
      lastKey = partitionValue;
    }
    file.writer.write(new GenericInternalRow(values));
    file.stats.add(values);
  }

  private Open openFile(LocalDate partitionValue) {
    String dir = target.partitionColumn() + "=" + (partitionValue == null ? DeltaFileAppends.NULL_PARTITION
        : partitionValue.toString());
    String name = "part-%05d-%s.c000%s".formatted(context.getTaskAttemptID().getTaskID().getId(),
        UUID.randomUUID(), target.factory().getFileExtension(context));
    String relative = dir + "/" + name;
    OutputWriter writer = target.factory().newInstance(new Path(target.root(), relative).toString(),
        target.dataSchema(), context);
    return new Open(relative, partitionValue, writer, new FileStats(target.dataSchema(), target.statsColumns()));
  }

  /** Closes every file and returns them; a task that wrote nothing returns nothing. */
  @Override
  public void close() {
    for (Open f : open.values()) {
      f.writer.close();
      try {
        Path path = new Path(target.root(), f.relative);
        FileStatus status = path.getFileSystem(context.getConfiguration()).getFileStatus(path);
        written.add(new Written(target.table(), f.relative,
            f.partitionValue == null ? null : f.partitionValue.toString(), status.getLen(),
            status.getModificationTime(), f.stats.json()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stat written file " + f.relative + " of " + target.table(), e);
      }
    }
    open.clear();
    last = null;
  }

  /** The files written, after {@link #close()}. */
  public List<Written> written() {
    return written;
  }

  private record Open(String relative, LocalDate partitionValue, OutputWriter writer, FileStats stats) {}
}
