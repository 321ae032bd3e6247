package io.bootcloud.core.ledger;

import io.bootcloud.core.CodeVersion;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The run ledger {@code audit.job_runs}: every job goes through {@link #run}, which appends a
 * RUNNING row before the work and a SUCCEEDED or FAILED row after it, with the Delta versions
 * read and written, row counts, ruleset version and code version. A run killed mid-way leaves
 * its RUNNING row, so an auditor sees it started and never finished.
 */
public final class RunLedger {

  /** The work of a job; it records inputs, outputs and counts on the run it is given. */
  @FunctionalInterface
  public interface Work<T> {
    T execute(JobRun run) throws Exception;
  }

  private final SparkSession spark;
  private final Clock clock;

  public RunLedger(SparkSession spark) {
    this(spark, Clock.systemUTC());
  }

  public RunLedger(SparkSession spark, Clock clock) {
    this.spark = spark;
    this.clock = clock;
  }

  /** Runs {@code work} as one ledgered run of {@code job} for {@code day} (null for day-less jobs). */
  public <T> T run(String job, LocalDate day, String rulesetVersion, Work<T> work) throws Exception {
    JobRun run = new JobRun(UUID.randomUUID().toString(), job, day, rulesetVersion,
        CodeVersion.current(), clock.instant());
    append(run, "RUNNING", null);
    try {
      T result = work.execute(run);
      append(run, "SUCCEEDED", clock.instant());
      return result;
    } catch (Exception | Error e) {
      if (run.message().isEmpty()) {
        run.message(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      try {
        append(run, "FAILED", clock.instant());
      } catch (RuntimeException ledgerFailure) {
        e.addSuppressed(ledgerFailure);
      }
      throw e;
    }
  }

  /** The latest Delta version of {@code table}, recorded as an input of {@code run}. */
  public long recordInput(JobRun run, TableDef table) {
    long v = currentVersion(table);
    run.input(table.fullName(), v);
    return v;
  }

  /** The latest Delta version of {@code table} after a write, recorded as an output of {@code run}. */
  public long recordOutput(JobRun run, TableDef table) {
    long v = currentVersion(table);
    run.output(table.fullName(), v);
    return v;
  }

  /**
   * The version of the table's latest commit. Read from the Delta log snapshot, which the
   * session caches and the job's own reads of the table reuse; {@code DESCRIBE HISTORY} gives
   * the same number but runs Spark jobs over the commit files every time.
   */
  public long currentVersion(TableDef table) {
    TableIdentifier id = TableIdentifier.apply(table.name(), Option.apply(table.schema()));
    return DeltaLog.forTable(spark, id).update(false, Option.empty(), Option.empty()).version();
  }

  private void append(JobRun run, String status, Instant finishedAt) {
    Row row = RowFactory.create(
        run.runId(),
        run.job(),
        run.day().map(Date::valueOf).orElse(null),
        status,
        Timestamp.from(run.startedAt()),
        finishedAt == null ? null : Timestamp.from(finishedAt),
        scalaMap(run.inputs()),
        scalaMap(run.outputs()),
        scalaMap(run.rowCounts()),
        run.rulesetVersion(),
        run.codeVersion(),
        run.message().orElse(null));
    spark.createDataFrame(List.of(row), TableSchemas.structOf(Catalog.JOB_RUNS))
        .write().format("delta").mode(SaveMode.Append).saveAsTable(Catalog.JOB_RUNS.fullName());
  }

  private static scala.collection.immutable.Map<String, Long> scalaMap(Map<String, Long> m) {
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(m));
  }
}
