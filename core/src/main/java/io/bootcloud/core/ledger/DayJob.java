package io.bootcloud.core.ledger;

import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.spark.SmallQueries;
import io.bootcloud.rules.config.Ruleset;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A job that computes one day: it always runs through the {@link RunLedger}, so every run of
 * every day job leaves its RUNNING and final rows in {@code audit.job_runs}.
 *
 * @param <S> what a run reports back to the command line
 */
public abstract class DayJob<S> {

  protected final SparkSession spark;
  protected final Ruleset ruleset;
  protected final RunLedger ledger;
  private final String name;

  /** {@code name} is the job's name in {@code audit.job_runs.job}. */
  protected DayJob(String name, SparkSession spark, Ruleset ruleset, RunLedger ledger) {
    this.name = name;
    this.spark = spark;
    this.ruleset = ruleset;
    this.ledger = ledger;
  }

  /** The work for {@code day}; records inputs, outputs and counts on {@code run}. */
  protected abstract S compute(JobRun run, LocalDate day) throws Exception;

  /**
   * The day-partitioned tables whose day the job reads, the size of its work: a day whose partitions
   * of them take fewer bytes than {@link SmallQueries#SMALL_DAY_BYTES} runs interpreted as a whole.
   * None (the default): the size is unknown and the job runs with generated code.
   */
  protected List<TableDef> dayInputs() {
    return List.of();
  }

  /**
   * The stored bytes of the day's {@link #dayInputs}, or -1 when unknown or when listing fails (a
   * table missing before {@code init}): only a hint, the job itself then reads the same tables and
   * says what is wrong.
   */
  private long sizeHint(LocalDate day) {
    if (dayInputs().isEmpty()) {
      return -1;
    }
    try {
      long bytes = 0;
      for (TableDef table : dayInputs()) {
        bytes += DayPartitions.storedBytes(spark, table, day);
      }
      return bytes;
    } catch (Exception e) {
      return -1;
    }
  }

  public final S run(LocalDate day) throws Exception {
    long threshold = SmallQueries.smallDayBytes(spark);
    long bytes = threshold == 0 ? -1 : sizeHint(day);
    return SmallQueries.interpretedWhen(bytes >= 0 && bytes < threshold, spark,
        () -> ledger.run(name, day, ruleset.rulesetVersion(), run -> compute(run, day)));
  }
}
