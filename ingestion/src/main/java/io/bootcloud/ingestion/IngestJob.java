package io.bootcloud.ingestion;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.io.DeltaFileAppends;
import io.bootcloud.core.io.TaskFiles;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.SideBySide;
import io.bootcloud.ingestion.domain.ReasonCode;
import io.bootcloud.ingestion.io.FileSlices;
import io.bootcloud.ingestion.io.LandingPass;
import io.bootcloud.ingestion.transform.EventHashes;
import io.bootcloud.ingestion.transform.EventParsing;
import io.bootcloud.ingestion.transform.HashFilter;
import io.bootcloud.ingestion.transform.RunHashes;
import io.bootcloud.rules.LateWork;
import io.bootcloud.rules.config.Ruleset;
import java.io.PrintWriter;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

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
 *
 * <p>One pass a batch: the batch's tasks read, validate and write every table themselves
 * ({@link LandingPass}), and the driver commits each table's files ({@link DeltaFileAppends});
 * silver and quarantine files are committed only when the batch has no duplicates, and are
 * otherwise written again by Spark without them.
 */
public final class IngestJob {

  public static final String JOB = "ingest";

  /**
   * Up to this many valid events a batch, their id hashes are compared on the driver (8 bytes an
   * event, 16 while sorting, plus a {@link HashFilter} of 2 to 4 bytes an event and its broadcast
   * copy: about 770 MB at the limit); a larger batch is compared by a distributed aggregate, which
   * parses the batch twice more. A 64-file batch of the 50 M-share bench day holds 14.8 M.
   */
  static final long DRIVER_HASH_LIMIT = 32_000_000;

  /**
   * Up to this many hashes of a run's accepted events (8 bytes each: 384 MB at the limit) stay on
   * the driver, so a batch is compared with the run's earlier batches without reading them back.
   * With a batch at {@link #DRIVER_HASH_LIMIT}, the driver holds at most about 1.2 GB of hashes.
   */
  static final long RUN_HASH_LIMIT = 48_000_000;

  /** Tasks a batch's one pass is split into, per core: a second wave evens out tasks that run long. */
  private static final int TASKS_PER_CORE = 2;

  /**
   * Parquet settings of the files the one pass writes: no page size statistics (no reader here
   * uses them), and no min/max statistics on ids, raw lines and the per-file constants
   * ({@code source_file}, {@code ingest_run_id}): nobody range-filters them, and comparing every
   * value with a page's bounds was a sixth of the Parquet writers' time.
   */
  private static final Map<String, String> PARQUET_OPTIONS = parquetOptions();

  private static Map<String, String> parquetOptions() {
    Map<String, String> o = new java.util.HashMap<>();
    o.put("parquet.size.statistics.enabled", "false");
    for (String column : List.of("raw", "event_id", "source_file", "ingest_run_id", "nonce", "job_id", "detail")) {
      o.put("parquet.column.statistics.enabled#" + column, "false");
    }
    return Map.copyOf(o);
  }

  /** Where to read, where the stream keeps its progress, and how much landing data one micro-batch takes. */
  public record Options(String landingUri, String checkpointUri, BatchLimit batchLimit) {

    /** Micro-batches of at most {@code maxFilesPerBatch} files. */
    public Options(String landingUri, String checkpointUri, int maxFilesPerBatch) {
      this(landingUri, checkpointUri, BatchLimit.files(maxFilesPerBatch));
    }
  }

  private final SparkSession spark;
  private final Ruleset ruleset;
  private final RunLedger ledger;
  private final PrintWriter progress;
  private final long driverHashLimit;
  private final long runHashLimit;

  public IngestJob(SparkSession spark, Ruleset ruleset, RunLedger ledger, PrintWriter progress) {
    this(spark, ruleset, ledger, progress, DRIVER_HASH_LIMIT, RUN_HASH_LIMIT);
  }

  /**
   * {@code driverHashLimit}: see {@link #DRIVER_HASH_LIMIT}; {@code runHashLimit}: see {@link #RUN_HASH_LIMIT}
   * (tests lower them to take the distributed path and to read silver back).
   */
  IngestJob(SparkSession spark, Ruleset ruleset, RunLedger ledger, PrintWriter progress, long driverHashLimit,
      long runHashLimit) {
    this.spark = spark;
    this.ruleset = ruleset;
    this.ledger = ledger;
    this.progress = progress;
    this.driverHashLimit = driverHashLimit;
    this.runHashLimit = runHashLimit;
  }

  public IngestReport run(LocalDate logicalDay, Options options) throws Exception {
    // A landing folder smaller than a small day holds less than a small day of new files: interpreted.
    long landing = landingBytes(options.landingUri());
    return io.bootcloud.core.spark.SmallQueries.interpretedWhen(
        landing >= 0 && landing < io.bootcloud.core.spark.SmallQueries.smallDayBytes(spark), spark,
        () -> ledger.run(JOB, logicalDay, ruleset.rulesetVersion(), run -> ingest(run, options)));
  }

  /**
   * The bytes of every file under the landing folder, already ingested or not (one recursive
   * listing, no Spark job); -1 when it cannot be listed (the stream then says why).
   */
  private long landingBytes(String landingUri) {
    try {
      org.apache.hadoop.fs.Path landing = new org.apache.hadoop.fs.Path(landingUri);
      org.apache.hadoop.fs.FileSystem fs = landing.getFileSystem(spark.sessionState().newHadoopConf());
      return fs.getContentSummary(landing).getLength();
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  private IngestReport ingest(JobRun run, Options options) throws Exception {
    IngestReport report = new IngestReport();
    Timestamp ingestedAt = Timestamp.from(run.startedAt());
    Dataset<Row> files = spark.readStream().format("binaryFile")
        .schema("path STRING, modificationTime TIMESTAMP, length BIGINT, content BINARY")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.{ndjson,ndjson.gz}")
        .option(options.batchLimit().streamOption(), options.batchLimit().value())
        .load(options.landingUri());
    LandingPass.Outputs outputs = new LandingPass.Outputs(output(Catalog.TELEMETRY_RAW), output(Catalog.SHARES),
        output(Catalog.HEARTBEATS), output(Catalog.REGISTRY_EVENTS), output(Catalog.REJECTED));
    RunHashes runHashes = new RunHashes(runHashLimit);
    Set<LocalDate> daysHeld = new java.util.HashSet<>();
    for (SilverTarget target : SilverTarget.values()) {
      DeltaFileAppends.partitionValues(spark, target.table).stream().filter(java.util.Objects::nonNull)
          .map(LocalDate::parse).forEach(daysHeld::add);
    }
    Broadcast<SerializableConfiguration> readConf = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    VoidFunction2<Dataset<Row>, Long> perBatch = (batch, batchId) -> processBatch(batch, batchId,
        options.landingUri(), ingestedAt, outputs, readConf, runHashes, daysHeld, report);
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
      LandingPass.Outputs outputs, Broadcast<SerializableConfiguration> readConf, RunHashes runHashes,
      Set<LocalDate> daysHeld, IngestReport report) {
    String queryId = spark.sparkContext().getLocalProperty("sql.streaming.queryId");
    String batchKey = queryId + ":" + batchId;
    String appId = "bootcloud-ingest-" + queryId;
    List<Runnable> cached = new ArrayList<>();
    Runnable cleanUp = null;
    String timings;
    try {
      long t0 = System.nanoTime();
      // Late means after the day's payout batch was exported (DESIGN.md "Day"): until then new events count.
      Set<LocalDate> settled = io.bootcloud.core.io.DayGuards.exportedDays(spark);
      EventHashes batchHashes = new EventHashes(driverHashLimit);
      spark.sparkContext().register(batchHashes);
      LandingPass pass = new LandingPass(outputs, landingUri, batchKey, ingestedAt.toInstant(), ruleset.timeZone(),
          settled, batchHashes, readConf, ruleset.limits());
      // The stream lists the batch's files (their content is not read here); tasks of equal bytes read them.
      List<Row> listed = batch.select("path", "length").collectAsList();
      List<List<String>> slices = FileSlices.balance(listed.stream().map(r -> r.getLong(1)).toList(),
              TASKS_PER_CORE * spark.sparkContext().defaultParallelism()).stream()
          .map(g -> g.stream().map(i -> listed.get(i).getString(0)).toList()).toList();
      List<LandingPass.TaskResult> results = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(slices, Math.max(1, slices.size()))
          .map(paths -> pass.run(paths, TaskContext.getPartitionId(), TaskContext.get().attemptNumber()))
          .collect();
      Map<String, List<TaskFiles.Written>> written = results.stream().flatMap(r -> r.files().stream())
          .collect(Collectors.groupingBy(TaskFiles.Written::table));
      // Until the commits start, a failure leaves no file of this batch behind (a replay writes them again).
      cleanUp = () -> discardAll(outputs, written);
      BatchSummary summary = BatchSummary.of(results);
      long t1 = System.nanoTime();

      // Duplicates are rare: the batch's events are parsed again as a dataset only when some hash is seen twice.
      EventHashes unused = new EventHashes(0);
      spark.sparkContext().register(unused);
      Column day = to_date(from_utc_timestamp(col("ts"), ruleset.timeZone().getId()));
      Dataset<Row> parsed = EventParsing.parseFiles(batch, landingUri, unused, readConf, ruleset.limits())
          .withColumn("day", day)
          .withColumn("is_late", settled.isEmpty() ? lit(false)
              : day.isin(settled.stream().map(Date::valueOf).toArray()))
          .withColumn("credit_day", creditDay(settled, day));
      Dataset<Row> valid = validOf(parsed, batchKey);
      long[] sorted = batchHashes.overflowed() ? null : batchHashes.sorted();
      Optional<Dataset<Row>> duplicates = new DuplicateFinder(spark).find(valid, summary, batchKey, sorted, runHashes,
          daysHeld, cached)
          .filter(d -> !d.isEmpty());
      long t2 = System.nanoTime();

      List<LandingPass.Output> speculative = List.of(outputs.shares(), outputs.heartbeats(), outputs.registry(),
          outputs.rejected());
      cleanUp = null;
      if (duplicates.isEmpty()) {
        // The tables' commits are independent (each has its own txnAppId record), so they run side by side.
        // A table the batch has no rows for gets no (empty) commit: a replay classifies the batch the same way.
        List<Callable<Boolean>> commits = new ArrayList<>();
        commits.add(() -> commit(outputs.bronze(), written, appId, batchId));
        speculative.forEach(o -> commits.add(() -> commit(o, written, appId, batchId)));
        SideBySide.run(spark, commits);
      } else {
        commit(outputs.bronze(), written, appId, batchId);
        speculative.forEach(o -> DeltaFileAppends.discard(o.target(),
            written.getOrDefault(o.target().table(), List.of())));
        Dataset<Row> kept = keep(cached, parsed);
        appendWithoutDuplicates(kept, validOf(kept, batchKey), duplicates.get(), summary, batchKey, ingestedAt,
            appId, batchId);
      }
      runHashes.add(sorted);
      long t3 = System.nanoTime();
      report.add(summary,
          duplicates.map(d -> d.groupBy("type", "is_late").count().collectAsList()).orElse(List.of()));
      timings = "read and write %.1f s, dedupe %.1f s, commits %.1f s%s".formatted(
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, duplicates.isPresent() ? " (duplicates: rewritten)" : "");
    } catch (RuntimeException e) {
      if (cleanUp != null) {
        try {
          cleanUp.run();
        } catch (RuntimeException cleanupFailure) {
          e.addSuppressed(cleanupFailure);
        }
      }
      throw e;
    } finally {
      cached.forEach(Runnable::run);
    }
    report.batches++;
    progress.printf("ingest: batch %d done (%d files, %,d lines so far; %s)%n", batchId, report.files, report.lines,
        timings);
    progress.flush();
  }

  private static void discardAll(LandingPass.Outputs outputs, Map<String, List<TaskFiles.Written>> written) {
    for (LandingPass.Output o : List.of(outputs.bronze(), outputs.shares(), outputs.heartbeats(), outputs.registry(),
        outputs.rejected())) {
      DeltaFileAppends.discard(o.target(), written.getOrDefault(o.target().table(), List.of()));
    }
  }

  private LandingPass.Output output(TableDef table) {
    return LandingPass.Output.of(DeltaFileAppends.prepare(spark, table, PARQUET_OPTIONS));
  }

  /**
   * {@code credit_day} of an event of {@code day}: for a late one (its day in {@code settled}) the first
   * day after it not settled ({@link LateWork#firstOpenDay}), else null; as the landing pass sets it.
   */
  private static Column creditDay(Set<LocalDate> settled, Column day) {
    // One flat CASE with a branch per settled day (not one nested CASE per day: a year of days would nest 365 deep).
    Column credit = null;
    for (LocalDate d : settled) {
      Column branchDay = lit(Date.valueOf(d));
      Column creditTo = lit(Date.valueOf(LateWork.firstOpenDay(settled, d)));
      credit = credit == null ? when(day.equalTo(branchDay), creditTo) : credit.when(day.equalTo(branchDay), creditTo);
    }
    return credit == null ? lit(null).cast("date") : credit;
  }

  /** The valid events of {@code parsed} with the columns silver adds. */
  private static Dataset<Row> validOf(Dataset<Row> parsed, String batchKey) {
    return parsed.where(col("reason_code").isNull())
        .withColumn("ingest_run_id", lit(batchKey))
        .withColumn("event_hash", xxhash64(col("event_id")));
  }

  /** Commits the files {@code output}'s table got in this batch, if any. */
  private boolean commit(LandingPass.Output output, Map<String, List<TaskFiles.Written>> written, String appId,
      long batchId) {
    List<TaskFiles.Written> files = written.getOrDefault(output.target().table(), List.of());
    return !files.isEmpty() && DeltaFileAppends.commit(spark, output.target(), files, appId, batchId);
  }

  /**
   * The silver and quarantine rows of a batch that has duplicates, written by Spark from the parsed
   * events: every valid line but the duplicates goes to its silver table, the refused lines and
   * the duplicates (with their raw lines) to quarantine.
   */
  private void appendWithoutDuplicates(Dataset<Row> parsed, Dataset<Row> valid, Dataset<Row> duplicates,
      BatchSummary summary, String batchKey, Timestamp ingestedAt, String appId, long batchId) {
    Dataset<Row> accepted = valid.join(broadcast(duplicates.select("source_file", "line_number")),
        new String[] {"source_file", "line_number"}, "left_anti");
    for (SilverTarget target : SilverTarget.values()) {
      if (target.receivesAny(summary)) {
        append(accepted.where(col("type").isin(target.types.toArray())), target.table, appId, batchId);
      }
    }
    Dataset<Row> quarantine = parsed.where(col("reason_code").isNotNull())
        .select("dt", "source_file", "line_number", "raw", "reason_code", "detail")
        .unionByName(new DuplicateFinder(spark).withRawLines(duplicates, batchKey))
        .withColumn("ingest_run_id", lit(batchKey)).withColumn("ingested_at", lit(ingestedAt));
    append(quarantine, Catalog.REJECTED, appId, batchId);
  }

  /** Caches {@code ds} until the batch ends ({@code cached} holds what releases it). */
  static Dataset<Row> keep(List<Runnable> cached, Dataset<Row> ds) {
    Dataset<Row> kept = ds.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(kept::unpersist);
    return kept;
  }

  /** Appends {@code rows} to {@code table} at most once per (stream, batch). */
  static void append(Dataset<Row> rows, TableDef table, String appId, long batchId) {
    Column[] ordered = Arrays.stream(TableSchemas.structOf(table).fieldNames())
        .map(n -> col("`" + n + "`")).toArray(Column[]::new);
    rows.select(ordered).write().format("delta").mode("append")
        .option("txnAppId", appId).option("txnVersion", batchId)
        .saveAsTable(table.fullName());
  }

  private void rebuildRegistry(IngestReport report, Timestamp ingestedAt) {
    long conflicts = new RegistryTables(spark).rebuild(ingestedAt);
    if (conflicts > 0) {
      report.rejected.merge(ReasonCode.CONFLICTING_BINDING.name(), conflicts, Long::sum);
    }
  }
}
