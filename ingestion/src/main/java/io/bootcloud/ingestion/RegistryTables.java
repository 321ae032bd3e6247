package io.bootcloud.ingestion;

import static org.apache.spark.sql.functions.col;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.ingestion.domain.BindingHistory;
import io.bootcloud.ingestion.domain.LandingFile;
import io.bootcloud.ingestion.domain.ReasonCode;
import io.bootcloud.ingestion.domain.WalletHistory;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Rebuilds the SCD2 tables {@code silver.device_bindings} and {@code silver.contributor_wallets}
 * from every accepted registry event, so late and out-of-order events land where their
 * timestamps put them. A table whose content would not change is not written. Conflicting
 * bindings go to quarantine once.
 */
final class RegistryTables {

  private static final String REBUILD_ID = "registry-rebuild";

  private final SparkSession spark;

  RegistryTables(SparkSession spark) {
    this.spark = spark;
  }

  /** Returns the number of newly quarantined conflicting bindings. */
  long rebuild(Timestamp ingestedAt) {
    List<BindingHistory.Event> bindEvents = new ArrayList<>();
    List<WalletHistory.Event> walletEvents = new ArrayList<>();
    for (Row r : spark.table(Catalog.REGISTRY_EVENTS.fullName())
        .select("event_id", "type", "ts", "device_id", "contributor_id", "wallet", "source_file", "line_number")
        .collectAsList()) {
      Instant ts = r.getTimestamp(2).toInstant();
      switch (r.getString(1)) {
        case "contributor" -> walletEvents.add(new WalletHistory.Event(r.getString(0), ts, r.getString(4), r.getString(5)));
        case "bind", "unbind" -> bindEvents.add(new BindingHistory.Event(r.getString(0), ts, r.getString(3),
            r.getString(4), r.getString(1).equals("bind"), r.getString(6), r.getLong(7)));
        default -> throw new IllegalStateException("unexpected registry event type " + r.getString(1));
      }
    }
    BindingHistory.Result bindings = BindingHistory.build(bindEvents);
    List<Row> bindingRows = new ArrayList<>();
    for (BindingHistory.Binding b : bindings.bindings()) {
      bindingRows.add(RowFactory.create(b.deviceId(), b.contributorId(), Timestamp.from(b.validFrom()),
          b.validTo() == null ? null : Timestamp.from(b.validTo()), b.validTo() == null, b.bindEventId(),
          b.unbindEventId(), REBUILD_ID));
    }
    replaceIfChanged(Catalog.DEVICE_BINDINGS, bindingRows);

    List<Row> walletRows = new ArrayList<>();
    for (WalletHistory.Version v : WalletHistory.build(walletEvents)) {
      walletRows.add(RowFactory.create(v.contributorId(), v.wallet(), Timestamp.from(v.validFrom()),
          v.validTo() == null ? null : Timestamp.from(v.validTo()), v.validTo() == null, v.eventId(), REBUILD_ID));
    }
    replaceIfChanged(Catalog.CONTRIBUTOR_WALLETS, walletRows);

    List<Row> conflicts = new ArrayList<>();
    for (BindingHistory.Event e : bindings.conflicts()) {
      LandingFile.Location where = LandingFile.locate(e.sourceFile());
      conflicts.add(RowFactory.create(where.deliveryDay() == null ? null : Date.valueOf(where.deliveryDay()),
          e.sourceFile(), e.lineNumber(), null, ReasonCode.CONFLICTING_BINDING.name(),
          "device " + e.deviceId() + " is bound to another contributor at " + e.ts() + " and its owner did not"
              + " unbind it first; bind " + e.eventId() + " for " + e.contributorId()
              + " is not applied (the device stays with its owner)",
          REBUILD_ID, ingestedAt));
    }
    if (conflicts.isEmpty()) {
      return 0;
    }
    Dataset<Row> candidates = spark.createDataFrame(conflicts, TableSchemas.structOf(Catalog.REJECTED));
    Dataset<Row> already = spark.table(Catalog.REJECTED.fullName())
        .where(col("reason_code").equalTo(ReasonCode.CONFLICTING_BINDING.name()))
        .select(col("source_file").as("q_file"), col("line_number").as("q_line"));
    Dataset<Row> fresh = candidates.join(already,
        col("source_file").equalTo(col("q_file")).and(col("line_number").equalTo(col("q_line"))), "left_anti").cache();
    long n = fresh.count();
    if (n > 0) {
      fresh.write().format("delta").mode(SaveMode.Append).saveAsTable(Catalog.REJECTED.fullName());
    }
    fresh.unpersist();
    return n;
  }

  private void replaceIfChanged(TableDef table, List<Row> rows) {
    Dataset<Row> next = spark.createDataFrame(rows, TableSchemas.structOf(table));
    if (!DayPartitions.sameContent(spark.table(table.fullName()), next)) {
      try {
        // Overwrite by predicate keeps the table's properties, comments and constraints.
        next.writeTo(table.fullName()).overwrite(org.apache.spark.sql.functions.lit(true));
      } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
        throw new io.bootcloud.core.UserException("table " + table.fullName() + " does not exist; run 'bootcloud init' first");
      }
    }
  }
}
