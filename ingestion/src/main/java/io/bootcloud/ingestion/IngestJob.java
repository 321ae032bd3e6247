package io.bootcloud.ingestion;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;
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
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.sketch.BloomFilter;

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

  /** False-positive rate of the Bloom filter that picks the day's earlier rows worth comparing with a batch. */
  private static final double BLOOM_FPP = 0.01;

  /** Up to this many suspect hashes (8 bytes each) are broadcast rather than shuffled against. */
  private static final long BROADCAST_SUSPECTS = 4_000_000;

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
    LandingPass.Outputs outputs = new LandingPass.Outputs(output(Catalog.TELEMETRY_RAW), output(Catalog.SHARES),
        output(Catalog.HEARTBEATS), output(Catalog.REGISTRY_EVENTS), output(Catalog.REJECTED));
    RunHashes runHashes = new RunHashes(runHashLimit);
    Set<LocalDate> daysHeld = new java.util.HashSet<>();
    for (Target target : Target.values()) {
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
      Set<LocalDate> daysHeld, Report report) {
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
      List<Row> summary = summary(results);
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
      Optional<Dataset<Row>> duplicates = duplicates(valid, summary, batchKey, sorted, runHashes, daysHeld, cached)
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
      tally(report, summary,
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
   * The pass's counts as the report reads them: (source_file, reason_code, type, day, is_late,
   * rows, lines), one row per distinct key over all tasks.
   */
  private static List<Row> summary(List<LandingPass.TaskResult> results) {
    Map<LandingPass.Key, long[]> total = new java.util.HashMap<>();
    for (LandingPass.TaskResult r : results) {
      r.counts().forEach((k, c) -> {
        long[] t = total.computeIfAbsent(k, x -> new long[2]);
        t[0] += c[0];
        t[1] += c[1];
      });
    }
    List<Row> rows = new ArrayList<>();
    total.forEach((k, c) -> rows.add(RowFactory.create(k.sourceFile(), k.reasonCode(), k.type(),
        k.day() == null ? null : Date.valueOf(k.day()), k.isLate(), c[0], c[1])));
    return rows;
  }

  /**
   * The silver and quarantine rows of a batch that has duplicates, written by Spark from the parsed
   * events: every valid line but the duplicates goes to its silver table, the refused lines and
   * the duplicates (with their raw lines) to quarantine.
   */
  private void appendWithoutDuplicates(Dataset<Row> parsed, Dataset<Row> valid, Dataset<Row> duplicates,
      List<Row> summary, String batchKey, Timestamp ingestedAt, String appId, long batchId) {
    Dataset<Row> accepted = valid.join(broadcast(duplicates.select("source_file", "line_number")),
        new String[] {"source_file", "line_number"}, "left_anti");
    for (Target target : Target.values()) {
      if (target.receivesAny(summary)) {
        append(accepted.where(col("type").isin((Object[]) target.types)), target.table, appId, batchId);
      }
    }
    Dataset<Row> quarantine = parsed.where(col("reason_code").isNotNull())
        .select("dt", "source_file", "line_number", "raw", "reason_code", "detail")
        .unionByName(withRawLines(duplicates, batchKey))
        .withColumn("ingest_run_id", lit(batchKey)).withColumn("ingested_at", lit(ingestedAt));
    append(quarantine, Catalog.REJECTED, appId, batchId);
  }

  /** Caches {@code ds} until the batch ends ({@code cached} holds what releases it). */
  private static Dataset<Row> keep(List<Runnable> cached, Dataset<Row> ds) {
    Dataset<Row> kept = ds.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(kept::unpersist);
    return kept;
  }

  /**
   * The repeats among a batch's valid events, as {@code type, is_late} and quarantine columns
   * (without {@code raw}), or empty when no two hashes meet: an event id seen earlier in the
   * batch or in silver rows of other batches for the same days (an event's day is that of its own
   * timestamp, so a repeat can only meet its first delivery there). Only 64-bit hashes of the ids
   * are compared to find the few suspects: the batch's hashes were collected while it was parsed,
   * and the day's earlier rows pass through a {@link HashFilter} of them, so only a small fraction
   * of those are compared; the exact, string-keyed comparison runs on the suspects alone. A batch
   * too large to hold its hashes on the driver is compared the distributed way (an aggregate over
   * the batch's hashes and the earlier ones that pass a Bloom filter of them). The earliest (file,
   * line) of a repeated id in the batch wins, so a replayed batch classifies every line as before.
   */
  private Optional<Dataset<Row>> duplicates(Dataset<Row> valid, List<Row> summary, String batchKey,
      long[] sorted, RunHashes runHashes, Set<LocalDate> daysHeld, List<Runnable> cached) {
    Object[] days = summary.stream().filter(r -> r.isNullAt(1)).map(r -> r.getDate(3)).distinct().toArray();
    long events = summary.stream().filter(r -> r.isNullAt(1)).mapToLong(r -> r.getLong(5)).sum();
    boolean onDriver = sorted != null;
    HashFilter local = onDriver ? HashFilter.of(sorted) : null;
    UserDefinedFunction inBatch;
    if (onDriver) {
      Broadcast<HashFilter> filter = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(local);
      cached.add(() -> filter.destroy());
      inBatch = udf((UDF1<Long, Boolean>) h -> filter.value().mightContain(h), DataTypes.BooleanType);
    } else {
      BloomFilter bloom = valid.stat().bloomFilter(col("event_hash"), Math.max(1, events), BLOOM_FPP);
      Broadcast<BloomFilter> filter = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bloom);
      cached.add(() -> filter.destroy());
      inBatch = udf((UDF1<Long, Boolean>) h -> filter.value().mightContainLong(h), DataTypes.BooleanType);
    }
    // The days so far are read here, once a batch: the stored hashes alone, not ids or provenance. While the run
    // holds the hashes of its earlier batches, only days with rows from before the run need reading.
    Object[] toRead = onDriver && runHashes.complete()
        ? Arrays.stream(days).filter(d -> daysHeld.contains(((Date) d).toLocalDate())).toArray()
        : days;
    Dataset<Row> candidates = earlierHashes(toRead, batchKey).where(inBatch.apply(col("event_hash")));
    Dataset<Row> suspectHashes;
    long suspectCount;
    if (onDriver) {
      List<Long> earlier = new ArrayList<>();
      if (runHashes.complete()) {
        earlier.addAll(runHashes.seenIn(sorted, local));
      }
      if (toRead.length > 0) {
        earlier.addAll(candidates.as(Encoders.LONG()).collectAsList());
      }
      long[] suspects = EventHashes.suspects(sorted, earlier);
      suspectCount = suspects.length;
      suspectHashes = spark.createDataset(Arrays.stream(suspects).boxed().toList(), Encoders.LONG())
          .toDF("event_hash");
    } else {
      candidates = keep(cached, candidates);
      suspectHashes = keep(cached, valid.select(col("event_hash")).unionByName(candidates)
          .groupBy("event_hash").count().where(col("count").gt(1)).select("event_hash"));
      suspectCount = suspectHashes.count();
    }
    if (suspectCount == 0) {
      release(candidates, suspectHashes);
      return Optional.empty();
    }
    // Suspects are few (repeats and the rare hash collision): broadcast them so the batch's events
    // are never shuffled to be compared. A huge suspect set (a whole day re-delivered) is joined
    // the ordinary way.
    Dataset<Row> small = suspectCount <= BROADCAST_SUSPECTS ? broadcast(suspectHashes) : suspectHashes;
    Dataset<Row> suspects = valid.join(small, "event_hash", "left_semi")
        .withColumn("rank", row_number().over(Window.partitionBy("event_id").orderBy("source_file", "line_number")));
    Dataset<Row> earlier = earlierRows(days, batchKey, col("event_id").as("existing_event_id"),
            col("source_file").as("existing_file"), col("line_number").as("existing_line"))
        .withColumn("event_hash", xxhash64(col("existing_event_id")))
        .join(small, "event_hash", "left_semi");
    Column same = col("event_id").equalTo(col("existing_event_id"));
    Dataset<Row> firsts = suspects.where(col("rank").equalTo(1));
    Dataset<Row> repeats = suspects.where(col("rank").gt(1)).select(col("type"), col("is_late"), col("dt"),
        col("source_file"), col("line_number"), lit(ReasonCode.DUPLICATE_EVENT.name()).as("reason_code"),
        concat(lit("event_id "), col("event_id"), lit(" appears earlier in this delivery")).as("detail"));
    Dataset<Row> again = firsts.join(earlier, same, "inner").select(col("type"), col("is_late"), col("dt"),
        col("source_file"), col("line_number"), lit(ReasonCode.DUPLICATE_EVENT.name()).as("reason_code"),
        concat(lit("event_id "), col("event_id"), lit(" was already accepted from "), col("existing_file"),
            lit(" line "), col("existing_line").cast("string")).as("detail"));
    Dataset<Row> found = repeats.unionByName(again).localCheckpoint();
    release(candidates, suspectHashes);
    return Optional.of(found);
  }

  /**
   * The {@code event_hash} of the silver rows of {@code days} that other batches accepted. Rows
   * written before the column existed have it null and are hashed from their ids; Delta's null
   * counts on {@code event_hash} skip every newer file in that second scan.
   */
  private Dataset<Row> earlierHashes(Object[] days, String batchKey) {
    Dataset<Row> stored = earlierRows(days, batchKey, col("event_hash"));
    Dataset<Row> older = earlierRows(days, batchKey, col("event_hash"), col("event_id"))
        .where(col("event_hash").isNull()).select(xxhash64(col("event_id")).as("event_hash"));
    return stored.where(col("event_hash").isNotNull()).unionByName(older);
  }

  /** {@code columns} of the silver rows of {@code days} that other batches accepted. */
  private Dataset<Row> earlierRows(Object[] days, String batchKey, Column... columns) {
    Dataset<Row> existing = null;
    for (Target target : Target.values()) {
      Dataset<Row> rows = spark.table(target.table.fullName())
          .where(col("day").isin(days).and(col("ingest_run_id").notEqual(lit(batchKey))))
          .select(columns);
      existing = existing == null ? rows : existing.unionByName(rows);
    }
    return existing;
  }

  /**
   * Drops cached datasets that read silver tables as soon as they have served: Spark re-plans
   * every cached plan that reads a table after each write to it, and re-planning a Delta scan
   * costs a file-listing job per table, so caches alive during the silver appends made each append
   * about a dozen small jobs slower. The duplicates themselves are checkpointed for that reason.
   */
  private static void release(Dataset<?>... datasets) {
    for (Dataset<?> d : datasets) {
      d.unpersist();
    }
  }

  /**
   * The duplicates as quarantine rows with their raw lines, read back from this batch's bronze
   * rows (duplicates are few; bronze's file statistics on {@code ingest_run_id} skip other batches).
   */
  private Dataset<Row> withRawLines(Dataset<Row> duplicates, String batchKey) {
    Dataset<Row> columns = duplicates.select("dt", "source_file", "line_number", "reason_code", "detail");
    Object[] days = columns.select("dt").distinct().as(Encoders.DATE()).collectAsList().toArray();
    Dataset<Row> raw = spark.table(Catalog.TELEMETRY_RAW.fullName())
        .where(col("dt").isin(days).and(col("ingest_run_id").equalTo(lit(batchKey))))
        .select(col("source_file").as("r_file"), col("line_number").as("r_line"), col("raw"));
    return broadcast(columns).join(raw, columns.col("source_file").equalTo(raw.col("r_file"))
            .and(columns.col("line_number").equalTo(raw.col("r_line"))), "inner")
        .select("dt", "source_file", "line_number", "raw", "reason_code", "detail");
  }

  /**
   * Adds a batch to the run's totals. {@code summary} counts the parsed rows by
   * (source_file, reason_code, type, day, is_late): rows and lines (a file-level error is a row
   * without a line); accepted events are the valid ones less {@code duplicates} (counts by type
   * and is_late).
   */
  private static void tally(Report report, List<Row> summary, List<Row> duplicates) {
    Map<List<Object>, Long> accepted = new java.util.HashMap<>();
    java.util.Set<String> files = new java.util.HashSet<>();
    for (Row r : summary) {
      files.add(r.getString(0));
      long rows = r.getLong(5);
      long lines = r.getLong(6);
      report.lines += lines;
      report.fileErrors += rows - lines;
      if (r.isNullAt(1)) {
        accepted.merge(List.of(r.getString(2), r.getBoolean(4)), rows, Long::sum);
      } else {
        report.rejected.merge(r.getString(1), rows, Long::sum);
      }
    }
    report.files += files.size();
    for (Row r : duplicates) {
      accepted.merge(List.of(r.getString(0), r.getBoolean(1)), -r.getLong(2), Long::sum);
      report.rejected.merge(ReasonCode.DUPLICATE_EVENT.name(), r.getLong(2), Long::sum);
    }
    accepted.forEach((key, n) -> {
      if (n > 0) {
        report.accepted.merge((String) key.get(0), n, Long::sum);
        if ((Boolean) key.get(1)) {
          report.late += n;
        }
      }
    });
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

    /** Whether the batch's {@code summary} counts a valid event of this table's types. */
    boolean receivesAny(List<Row> summary) {
      List<String> mine = List.of(types);
      return summary.stream().anyMatch(r -> r.isNullAt(1) && mine.contains(r.getString(2)));
    }
  }
}
