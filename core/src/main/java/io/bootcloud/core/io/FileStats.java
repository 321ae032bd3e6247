package io.bootcloud.core.io;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Delta's per-file statistics ({@code numRecords}, and {@code nullCount} of each statistics
 * column) counted while a file is written, with exact {@code minValues}/{@code maxValues} for
 * integer and timestamp columns (timestamps truncated to milliseconds, as Delta's writer stores
 * them and its reader expects). Other columns get no bounds: Delta reads a missing bound as
 * unknown and keeps the file, so data skipping on them is lost, never wrong (strings would need
 * Delta's prefix truncation).
 */
final class FileStats {

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String[] names;
  private final int[] columns;
  private final boolean[] bounded;
  private final boolean[] timestamp;
  private final long[] nulls;
  private final long[] min;
  private final long[] max;
  private final boolean[] seen;
  private long records;

  FileStats(StructType dataSchema, int[] columns) {
    this.columns = columns;
    this.names = new String[columns.length];
    this.bounded = new boolean[columns.length];
    this.timestamp = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      names[i] = dataSchema.fields()[columns[i]].name();
      if (!names[i].matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("statistics column name needs JSON escaping: " + names[i]);
      }
      DataType t = dataSchema.fields()[columns[i]].dataType();
      timestamp[i] = t.equals(DataTypes.TimestampType);
      bounded[i] = t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType) || timestamp[i];
    }
    this.nulls = new long[columns.length];
    this.min = new long[columns.length];
    this.max = new long[columns.length];
    this.seen = new boolean[columns.length];
  }

  void add(Object[] values) {
    records++;
    for (int i = 0; i < columns.length; i++) {
      Object v = values[columns[i]];
      if (v == null) {
        nulls[i]++;
      } else if (bounded[i]) {
        long x = ((Number) v).longValue();
        if (!seen[i]) {
          min[i] = x;
          max[i] = x;
          seen[i] = true;
        } else if (x < min[i]) {
          min[i] = x;
        } else if (x > max[i]) {
          max[i] = x;
        }
      }
    }
  }

  /** The statistics as Delta stores them in an {@code add} action. */
  String json() {
    StringBuilder minValues = new StringBuilder();
    StringBuilder maxValues = new StringBuilder();
    StringBuilder nullCount = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      if (seen[i]) {
        field(minValues, names[i], timestamp[i] ? millis(min[i]) : Long.toString(min[i]));
        field(maxValues, names[i], timestamp[i] ? millis(max[i]) : Long.toString(max[i]));
      }
      field(nullCount, names[i], Long.toString(nulls[i]));
    }
    return "{\"numRecords\":" + records + ",\"minValues\":{" + minValues + "},\"maxValues\":{" + maxValues
        + "},\"nullCount\":{" + nullCount + "}}";
  }

  /** A timestamp (micros) as Delta's statistics hold it: UTC, truncated to milliseconds, quoted. */
  private static String millis(long micros) {
    return '"' + MILLIS.format(Instant.ofEpochMilli(Math.floorDiv(micros, 1000L))) + '"';
  }

  private static void field(StringBuilder b, String name, String value) {
    if (!b.isEmpty()) {
      b.append(',');
    }
    b.append('"').append(name).append("\":").append(value);
  }
}
