package io.bootcloud.ingestion;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;

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

  /** Up to this many suspect hashes (8 bytes each) are broadcast rather than shuffled against. */
  private static final long BROADCAST_SUSPECTS = 4_000_000;

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
    List<Dataset<Row>> cached = new ArrayList<>();
    String timings;
    try {
      Dataset<Row> lines = keep(cached, LandingLines.explode(batch, landingUri));
      Dataset<Row> bronze = lines.where(col("file_error").isNull())
          .withColumn("ingest_run_id", lit(batchKey))
          .withColumn("ingested_at", lit(ingestedAt));
      long t0 = System.nanoTime();
      append(bronze, Catalog.TELEMETRY_RAW, appId, batchId);
      long t1 = System.nanoTime();

      // Valid events need their raw line no further (bronze has it): dropping it keeps the cache small.
      Dataset<Row> parsed = keep(cached, EventParsing.parse(bronze)
          .withColumn("raw", when(col("reason_code").isNotNull(), col("raw"))));
      List<Date> settled = spark.table(Catalog.EMISSION_LEDGER.fullName()).select("day").distinct()
          .as(Encoders.DATE()).collectAsList();
      Column day = to_date(from_utc_timestamp(col("ts"), ruleset.timeZone().getId()));
      Dataset<Row> valid = parsed.where(col("reason_code").isNull())
          .withColumn("day", day)
          .withColumn("is_late", settled.isEmpty() ? lit(false) : day.isin(settled.toArray()))
          .withColumn("ingest_run_id", lit(batchKey))
          .withColumn("event_hash", xxhash64(col("event_id")));
      Deduplicated events = deduplicate(valid, lines, batchKey, cached);
      long t2 = System.nanoTime();

      for (Target target : Target.values()) {
        append(events.accepted().where(col("type").isin((Object[]) target.types)), target.table, appId, batchId);
      }
      Dataset<Row> quarantine = lines.where(col("file_error").isNotNull())
          .select(col("dt"), col("source_file"), col("line_number"), col("raw"),
              col("file_error").as("reason_code"), col("file_detail").as("detail"))
          .unionByName(parsed.where(col("reason_code").isNotNull())
              .select("dt", "source_file", "line_number", "raw", "reason_code", "detail"))
          .unionByName(events.duplicates())
          .withColumn("ingest_run_id", lit(batchKey))
          .withColumn("ingested_at", lit(ingestedAt));
      long t3 = System.nanoTime();
      append(quarantine, Catalog.REJECTED, appId, batchId);
      long t4 = System.nanoTime();
      tally(report, lines, events.accepted(), quarantine);
      timings = "bronze %.1f s, parse+dedupe %.1f s, silver %.1f s, quarantine %.1f s, report %.1f s".formatted(
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (System.nanoTime() - t4) / 1e9);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
    report.batches++;
    progress.printf("ingest: batch %d done (%d files, %,d lines so far; %s)%n", batchId, report.files, report.lines,
        timings);
    progress.flush();
  }

  private static Dataset<Row> keep(List<Dataset<Row>> cached, Dataset<Row> ds) {
    Dataset<Row> kept = ds.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(kept);
    return kept;
  }

  /** A batch's valid events split into the first delivery of each event and the repeats, as quarantine rows. */
  private record Deduplicated(Dataset<Row> accepted, Dataset<Row> duplicates) {}

  /**
   * Finds repeated event ids within the batch and against silver rows of other batches for the
   * same days (an event's day is that of its own timestamp, so a repeat can only meet its first
   * delivery there). Only 64-bit hashes of the ids are shuffled to find the few suspects; the
   * exact, string-keyed comparison runs on the suspects alone. The earliest (file, line) of a
   * repeated id in the batch wins, so a replayed batch classifies every line as before.
   */
  private Deduplicated deduplicate(Dataset<Row> valid, Dataset<Row> lines, String batchKey,
      List<Dataset<Row>> cached) {
    Object[] days = valid.select("day").distinct().as(Encoders.DATE()).collectAsList().toArray();
    Dataset<Row> existing = null;
    for (Target target : Target.values()) {
      Dataset<Row> rows = spark.table(target.table.fullName())
          .where(col("day").isin(days).and(col("ingest_run_id").notEqual(lit(batchKey))))
          .select(col("event_id").as("existing_event_id"), col("source_file").as("existing_file"),
              col("line_number").as("existing_line"));
      existing = existing == null ? rows : existing.unionByName(rows);
    }
    Dataset<Row> suspectHashes = keep(cached, valid.select(col("event_hash"))
        .unionByName(existing.select(xxhash64(col("existing_event_id")).as("event_hash")))
        .groupBy("event_hash").count().where(col("count").gt(1)).select("event_hash"));
    // Suspects are few (repeats and the rare hash collision): broadcast them so the batch's events
    // are never shuffled to be compared. A huge suspect set (a whole day re-delivered) is joined
    // the ordinary way.
    Dataset<Row> small = suspectHashes.count() <= BROADCAST_SUSPECTS ? broadcast(suspectHashes) : suspectHashes;
    Dataset<Row> clear = valid.join(small, "event_hash", "left_anti");
    Dataset<Row> suspects = keep(cached, valid.join(small, "event_hash", "left_semi")
        .withColumn("rank", row_number().over(Window.partitionBy("event_id").orderBy("source_file", "line_number"))));
    Dataset<Row> earlier = keep(cached, existing.join(small,
        xxhash64(col("existing_event_id")).equalTo(small.col("event_hash")), "left_semi"));
    Column same = col("event_id").equalTo(col("existing_event_id"));
    Dataset<Row> firsts = suspects.where(col("rank").equalTo(1));
    Dataset<Row> accepted = clear.unionByName(firsts.join(earlier, same, "left_anti").drop("rank"));
    Dataset<Row> repeats = suspects.where(col("rank").gt(1)).select(col("dt"), col("source_file"),
        col("line_number"), col("raw"), lit(ReasonCode.DUPLICATE_EVENT.name()).as("reason_code"),
        concat(lit("event_id "), col("event_id"), lit(" appears earlier in this delivery")).as("detail"));
    Dataset<Row> again = firsts.join(earlier, same, "inner").select(col("dt"), col("source_file"),
        col("line_number"), col("raw"), lit(ReasonCode.DUPLICATE_EVENT.name()).as("reason_code"),
        concat(lit("event_id "), col("event_id"), lit(" was already accepted from "), col("existing_file"),
            lit(" line "), col("existing_line").cast("string")).as("detail"));
    // The repeats' raw lines, from the batch's cached lines (repeats are few, so adaptive execution broadcasts them).
    Dataset<Row> raw = lines.select(col("source_file").as("r_file"), col("line_number").as("r_line"),
        col("raw").as("r_raw"));
    Dataset<Row> duplicates = repeats.unionByName(again).drop("raw");
    duplicates = duplicates.join(raw, duplicates.col("source_file").equalTo(raw.col("r_file"))
            .and(duplicates.col("line_number").equalTo(raw.col("r_line"))), "inner")
        .select(col("dt"), col("source_file"), col("line_number"), col("r_raw").as("raw"), col("reason_code"),
            col("detail"));
    return new Deduplicated(accepted, duplicates);
  }

  private void tally(Report report, Dataset<Row> lines, Dataset<Row> accepted, Dataset<Row> quarantine) {
    Row files = lines.agg(countDistinct(col("source_file")), count(col("line_number")),
        sum(when(col("file_error").isNotNull(), 1).otherwise(0))).first();
    report.files += files.getLong(0);
    report.lines += files.getLong(1);
    report.fileErrors += files.isNullAt(2) ? 0 : files.getLong(2);
    for (Row r : accepted.groupBy("type", "is_late").count().collectAsList()) {
      report.accepted.merge(r.getString(0), r.getLong(2), Long::sum);
      if (r.getBoolean(1)) {
        report.late += r.getLong(2);
      }
    }
    for (Row r : quarantine.groupBy("reason_code").count().collectAsList()) {
      report.rejected.merge(r.getString(0), r.getLong(1), Long::sum);
    }
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
