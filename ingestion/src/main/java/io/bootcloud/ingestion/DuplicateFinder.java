package io.bootcloud.ingestion;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.ingestion.domain.ReasonCode;
import io.bootcloud.ingestion.transform.EventHashes;
import io.bootcloud.ingestion.transform.HashFilter;
import io.bootcloud.ingestion.transform.RunHashes;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.sketch.BloomFilter;

/**
 * Finds the repeated events of an ingest micro-batch (DUPLICATE_EVENT): against the batch itself
 * and against the silver rows other batches accepted for the same days, by 64-bit hashes first
 * and exact ids only for the few suspects ({@link #find}); and reads the repeats' raw lines back
 * from bronze for quarantine ({@link #withRawLines}).
 */
final class DuplicateFinder {

  /** False-positive rate of the Bloom filter that picks the day's earlier rows worth comparing with a batch. */
  private static final double BLOOM_FPP = 0.01;

  /** Up to this many suspect hashes (8 bytes each) are broadcast rather than shuffled against. */
  private static final long BROADCAST_SUSPECTS = 4_000_000;

  private final SparkSession spark;

  DuplicateFinder(SparkSession spark) {
    this.spark = spark;
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
  Optional<Dataset<Row>> find(Dataset<Row> valid, BatchSummary summary, String batchKey, long[] sorted,
      RunHashes runHashes, Set<LocalDate> daysHeld, List<Runnable> cached) {
    Object[] days = summary.validDays();
    long events = summary.validEvents();
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
      candidates = IngestJob.keep(cached, candidates);
      suspectHashes = IngestJob.keep(cached, valid.select(col("event_hash")).unionByName(candidates)
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
    for (SilverTarget target : SilverTarget.values()) {
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
  Dataset<Row> withRawLines(Dataset<Row> duplicates, String batchKey) {
    Dataset<Row> columns = duplicates.select("dt", "source_file", "line_number", "reason_code", "detail");
    Object[] days = columns.select("dt").distinct().as(Encoders.DATE()).collectAsList().toArray();
    Dataset<Row> raw = spark.table(Catalog.TELEMETRY_RAW.fullName())
        .where(col("dt").isin(days).and(col("ingest_run_id").equalTo(lit(batchKey))))
        .select(col("source_file").as("r_file"), col("line_number").as("r_line"), col("raw"));
    return broadcast(columns).join(raw, columns.col("source_file").equalTo(raw.col("r_file"))
            .and(columns.col("line_number").equalTo(raw.col("r_line"))), "inner")
        .select("dt", "source_file", "line_number", "raw", "reason_code", "detail");
  }
}
