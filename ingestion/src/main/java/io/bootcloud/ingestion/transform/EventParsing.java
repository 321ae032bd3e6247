package io.bootcloud.ingestion.transform;

import io.bootcloud.ingestion.domain.TelemetryEvent;
import io.bootcloud.ingestion.domain.TelemetryValidator;
import io.bootcloud.ingestion.domain.Validation;
import io.bootcloud.rules.config.IngestLimits;
import java.sql.Timestamp;
import java.time.LocalDate;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Landing lines → one wide row per line: the validated event's fields, or {@code reason_code}
 * and {@code detail} with the refused line in {@code raw}. An accepted line's {@code raw} is
 * null: bronze keeps every line, so the events need not carry it. The rules are
 * {@link TelemetryValidator}'s and {@link LandingFile}'s, so each is written once.
 */
public final class EventParsing {

  public static final StructType SCHEMA = new StructType()
      .add("dt", DataTypes.DateType, true)
      .add("source_file", DataTypes.StringType, false)
      .add("line_number", DataTypes.LongType, true)
      .add("raw", DataTypes.StringType, true)
      .add("type", DataTypes.StringType, true)
      .add("event_id", DataTypes.StringType, true)
      .add("ts", DataTypes.TimestampType, true)
      .add("device_id", DataTypes.StringType, true)
      .add("difficulty", DataTypes.LongType, true)
      .add("job_id", DataTypes.StringType, true)
      .add("nonce", DataTypes.StringType, true)
      .add("interval_s", DataTypes.IntegerType, true)
      .add("state", DataTypes.StringType, true)
      .add("reported_rate", DataTypes.createDecimalType(30, 6), true)
      .add("hardware", DataTypes.StringType, true)
      .add("contributor_id", DataTypes.StringType, true)
      .add("wallet", DataTypes.StringType, true)
      .add("reason_code", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true);

  private EventParsing() {}

  /**
   * Landing files (Spark's {@code binaryFile} rows) → one row per line, plus one row per file
   * that cannot be read (line number null, reason the file-level error), in one pass: no
   * intermediate row per line. The hash of every valid event's id goes to {@code hashes} as the
   * rows are computed.
   */
  public static Dataset<Row> parseFiles(Dataset<Row> files, String landingRoot, EventHashes hashes,
      Broadcast<SerializableConfiguration> conf, IngestLimits limits) {
    return LandingLines.perLine(files, landingRoot, SCHEMA, new LandingLines.LineRows() {
      @Override
      public Row fileError(java.sql.Date dt, String file, String reason, String detail) {
        return rejected(dt, file, null, null, reason, detail);
      }

      @Override
      public Row line(java.sql.Date dt, String file, long number, String line, LocalDate deliveryDay) {
        return row(dt, file, number, line, deliveryDay, hashes, limits);
      }

      @Override
      public Row lineError(java.sql.Date dt, String file, long number, String text, String reason, String detail) {
        return rejected(dt, file, number, text, reason, detail);
      }
    }, conf, limits);
  }

  private static Row row(java.sql.Date dt, String file, long lineNumber, String line, LocalDate deliveryDay,
      EventHashes hashes, IngestLimits limits) {
    Validation v = TelemetryValidator.validate(line, deliveryDay, limits);
    TelemetryEvent e = v.event();
    if (e == null) {
      return rejected(dt, file, lineNumber, line, v.reason().name(), v.detail());
    }
    hashes.addEventId(e.eventId());
    return RowFactory.create(dt, file, lineNumber, null, e.type().wireName(),
        e.eventId(), Timestamp.from(e.ts()), e.deviceId(), e.difficulty(), e.jobId(), e.nonce(),
        e.intervalS(), e.state(), e.reportedRate(), e.hardware(), e.contributorId(), e.wallet(), null, null);
  }

  private static Row rejected(java.sql.Date dt, String file, Long lineNumber, String raw, String reason,
      String detail) {
    return RowFactory.create(dt, file, lineNumber, raw, null, null, null, null, null, null, null, null, null, null,
        null, null, null, reason, detail);
  }
}
