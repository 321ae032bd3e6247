package io.bootcloud.ingestion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.config.Ruleset;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.ingestion.domain.ReasonCode;
import io.bootcloud.ingestion.transform.EventParsing;
import io.bootcloud.ingestion.transform.LandingLines;
import java.io.PrintWriter;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * {@code bootcloud ingest}: landing files → {@code bronze.telemetry_raw} → silver tables and
 * {@code quarantine.rejected}, each landing file exactly once.
 *
 * <p>Exactly once: a Structured Streaming query over the landing folder ({@code binaryFile},
 * {@code Trigger.AvailableNow}) keeps the files it has taken in its checkpoint; names starting
 * with {@code _} or {@code .} are never listed, so a file is read only after its atomic rename.
 * Every micro-batch writes with Delta's {@code txnAppId} (the query id, new for a new
 * checkpoint) and {@code txnVersion} (the batch id), so a batch replayed after a kill skips the
 * writes that had committed; duplicates are found against silver rows of other batches only,
 * so a replay classifies every line as the first attempt did. Every bronze line ends in silver
 * or in quarantine (DUPLICATE_EVENT for an event_id already accepted).
 */
public final class IngestJob {

  public static final String JOB = "ingest";

  /** Where to read and where the stream keeps its progress. */
  public record Options(String landingUri, String checkpointUri, int maxFilesPerBatch) {}

  /** Totals of one run, printed and stored in the run ledger. */
  public static final class Report {
    long batches;
    long files;
    long fileErrors;
    long lines;
    long late;
    final Map<String, Long> accepted = new TreeMap<>();
    final Map<String, Long> rejected = new TreeMap<>();

    public long batches() {
      return batches;
    }

    public long lines() {
      return lines;
    }

    public Map<String, Long> accepted() {
      return accepted;
    }

    public Map<String, Long> rejected() {
      return rejected;
    }

    public long late() {
      return late;
    }

    public long files() {
      return files;
    }
  }

  private final SparkSession spark;
  private final Ruleset ruleset;
  private final RunLedger ledger;
  private final PrintWriter progress;

  public IngestJob(SparkSession spark, Ruleset ruleset, RunLedger ledger, PrintWriter progress) {
    this.spark = spark;
    this.ruleset = ruleset;
    this.ledger = ledger;
    this.progress = progress;
  }

  public Report run(LocalDate logicalDay, Options options) throws Exception {
    return ledger.run(JOB, logicalDay, ruleset.rulesetVersion(), run -> ingest(run, options));
  }

  private Report ingest(JobRun run, Options options) throws Exception {
    Report report = new Report();
    Timestamp ingestedAt = Timestamp.from(run.startedAt());
    Dataset<Row> files = spark.readStream().format("binaryFile")
        .schema("path STRING, modificationTime TIMESTAMP, length BIGINT, content BINARY")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.{ndjson,ndjson.gz}")
        .option("maxFilesPerTrigger", options.maxFilesPerBatch())
        .load(options.landingUri());
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) -> processBatch(batch, batchId, options.landingUri(), ingestedAt, report);
    StreamingQuery query = files.writeStream()
        .queryName("bootcloud_ingest")
        .trigger(Trigger.AvailableNow())
        .option("checkpointLocation", options.checkpointUri())
        .foreachBatch(perBatch)
        .start();
    query.awaitTermination();
    rebuildRegistry(report, ingestedAt);
    for (TableDef t : List.of(Catalog.TELEMETRY_RAW, Catalog.SHARES, Catalog.HEARTBEATS, Catalog.REGISTRY_EVENTS,
        Catalog.DEVICE_BINDINGS, Catalog.CONTRIBUTOR_WALLETS, Catalog.REJECTED)) {
      ledger.recordOutput(run, t);
    }
    run.count("batches", report.batches);
    run.count("files", report.files);
    run.count("file_errors", report.fileErrors);
    run.count("lines", report.lines);
    run.count("late", report.late);
    report.accepted.forEach((k, v) -> run.count("accepted." + k, v));
    report.rejected.forEach((k, v) -> run.count("rejected." + k, v));
    run.message("ingested " + report.files + " files in " + report.batches + " batches: " + report.lines
        + " lines, accepted " + report.accepted + ", rejected " + report.rejected + ", late " + report.late);
    return report;
  }

  private void processBatch(Dataset<Row> batch, long batchId, String landingUri, Timestamp ingestedAt,
      Report report) {
    String queryId = spark.sparkContext().getLocalProperty("sql.streaming.queryId");
    String batchKey = queryId + ":" + batchId;
    String appId = "bootcloud-ingest-" + queryId;
    Dataset<Row> lines = LandingLines.explode(batch, landingUri).cache();
    try {
      Dataset<Row> bronze = lines.where(col("file_error").isNull())
          .withColumn("ingest_run_id", lit(batchKey))
          .withColumn("ingested_at", lit(ingestedAt));
      append(bronze, Catalog.TELEMETRY_RAW, appId, batchId);

      Dataset<Row> parsed = EventParsing.parse(bronze).cache();
      List<Date> settled = spark.table(Catalog.EMISSION_LEDGER.fullName()).select("day").distinct()
          .as(org.apache.spark.sql.Encoders.DATE()).collectAsList();
      Column day = to_date(from_utc_timestamp(col("ts"), ruleset.timeZone().getId()));
      Dataset<Row> valid = parsed.where(col("reason_code").isNull())
          .withColumn("day", day)
          .withColumn("is_late", settled.isEmpty() ? lit(false) : day.isin(settled.toArray()))
          .withColumn("ingest_run_id", lit(batchKey))
          .withColumn("rank", row_number().over(Window.partitionBy("event_id").orderBy("source_file", "line_number")))
          .cache();

      Dataset<Row> firsts = valid.where(col("rank").equalTo(1));
      Dataset<Row> repeats = valid.where(col("rank").gt(1));
      Dataset<Row> dupRows = repeats.select(col("dt"), col("source_file"), col("line_number"), col("raw"),
          lit(ReasonCode.DUPLICATE_EVENT.name()).as("reason_code"),
          concat(lit("event_id "), col("event_id"), lit(" appears earlier in this delivery")).as("detail"));
      for (Target target : Target.values()) {
        Dataset<Row> candidates = firsts.where(col("type").isin((Object[]) target.types));
        Dataset<Row> existing = spark.table(target.table.fullName())
            .where(col("ingest_run_id").notEqual(lit(batchKey)))
            .select(col("event_id").as("existing_event_id"), col("source_file").as("existing_file"),
                col("line_number").as("existing_line"));
        Column same = col("event_id").equalTo(col("existing_event_id"));
        Dataset<Row> fresh = candidates.join(existing, same, "left_anti");
        append(fresh, target.table, appId, batchId);
        Dataset<Row> again = candidates.join(existing, same, "inner").select(col("dt"), col("source_file"),
            col("line_number"), col("raw"), lit(ReasonCode.DUPLICATE_EVENT.name()).as("reason_code"),
            concat(lit("event_id "), col("event_id"), lit(" was already accepted from "), col("existing_file"),
                lit(" line "), col("existing_line").cast("string")).as("detail"));
        dupRows = dupRows.unionByName(again);
      }
      Dataset<Row> quarantine = lines.where(col("file_error").isNotNull())
          .select(col("dt"), col("source_file"), col("line_number"), col("raw"),
              col("file_error").as("reason_code"), col("file_detail").as("detail"))
          .unionByName(parsed.where(col("reason_code").isNotNull())
              .select("dt", "source_file", "line_number", "raw", "reason_code", "detail"))
          .unionByName(dupRows)
          .withColumn("ingest_run_id", lit(batchKey))
          .withColumn("ingested_at", lit(ingestedAt));
      append(quarantine, Catalog.REJECTED, appId, batchId);
      count(report, lines, parsed, valid, quarantine);
      valid.unpersist();
      parsed.unpersist();
    } finally {
      lines.unpersist();
    }
    report.batches++;
    progress.printf("ingest: batch %d done (%d files so far, %d lines)%n", batchId, report.files, report.lines);
    progress.flush();
  }

  private void count(Report report, Dataset<Row> lines, Dataset<Row> parsed, Dataset<Row> valid,
      Dataset<Row> quarantine) {
    report.files += lines.select("source_file").distinct().count();
    report.fileErrors += lines.where(col("file_error").isNotNull()).count();
    report.lines += parsed.count();
    for (Row r : valid.where(col("rank").equalTo(1)).groupBy("type").count().collectAsList()) {
      report.accepted.merge(r.getString(0), r.getLong(1), Long::sum);
    }
    for (Row r : quarantine.groupBy("reason_code").count().collectAsList()) {
      report.rejected.merge(r.getString(0), r.getLong(1), Long::sum);
    }
    report.late += valid.where(col("rank").equalTo(1).and(col("is_late"))).count();
  }

  /** Appends {@code rows} to {@code table} at most once per (stream, batch). */
  static void append(Dataset<Row> rows, TableDef table, String appId, long batchId) {
    Column[] ordered = Arrays.stream(TableSchemas.structOf(table).fieldNames())
        .map(n -> col("`" + n + "`")).toArray(Column[]::new);
    rows.select(ordered).write().format("delta").mode("append")
        .option("txnAppId", appId).option("txnVersion", batchId)
        .saveAsTable(table.fullName());
  }

  private void rebuildRegistry(Report report, Timestamp ingestedAt) {
    long conflicts = new RegistryTables(spark).rebuild(ingestedAt);
    if (conflicts > 0) {
      report.rejected.merge(ReasonCode.CONFLICTING_BINDING.name(), conflicts, Long::sum);
    }
  }

  /** The silver table each accepted event type goes to. */
  private enum Target {
    SHARES(Catalog.SHARES, "share"),
    HEARTBEATS(Catalog.HEARTBEATS, "heartbeat"),
    REGISTRY(Catalog.REGISTRY_EVENTS, "contributor", "bind", "unbind");

    final TableDef table;
    final String[] types;

    Target(TableDef table, String... types) {
      this.table = table;
      this.types = types;
    }
  }
}
