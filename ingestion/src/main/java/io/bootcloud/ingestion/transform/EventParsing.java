package io.bootcloud.ingestion.transform;

import io.bootcloud.ingestion.domain.TelemetryEvent;
import io.bootcloud.ingestion.domain.TelemetryValidator;
import io.bootcloud.ingestion.domain.Validation;
import java.sql.Timestamp;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Bronze lines ({@code dt, source_file, line_number, raw}) → one wide row per line: the
 * validated event's fields, or {@code reason_code} and {@code detail}. The rules are
 * {@link TelemetryValidator}'s, so each is written once.
 */
public final class EventParsing {

  public static final StructType SCHEMA = new StructType()
      .add("dt", DataTypes.DateType, false)
      .add("source_file", DataTypes.StringType, false)
      .add("line_number", DataTypes.LongType, false)
      .add("raw", DataTypes.StringType, false)
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

  public static Dataset<Row> parse(Dataset<Row> lines) {
    MapFunction<Row, Row> f = r -> {
      java.sql.Date dt = r.getDate(0);
      Validation v = TelemetryValidator.validate(r.getString(3), dt.toLocalDate());
      TelemetryEvent e = v.event();
      if (e == null) {
        return RowFactory.create(dt, r.getString(1), r.getLong(2), r.getString(3), null, null, null, null, null,
            null, null, null, null, null, null, null, null, v.reason().name(), v.detail());
      }
      return RowFactory.create(dt, r.getString(1), r.getLong(2), r.getString(3), e.type().wireName(),
          e.eventId(), Timestamp.from(e.ts()), e.deviceId(), e.difficulty(), e.jobId(), e.nonce(),
          e.intervalS(), e.state(), e.reportedRate(), e.hardware(), e.contributorId(), e.wallet(), null, null);
    };
    return lines.select("dt", "source_file", "line_number", "raw").map(f, Encoders.row(SCHEMA));
  }
}
