package io.bootcloud.dpp;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.io.DayGuards;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.ledger.DayJob;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.dpp.transform.DppAggregation;
import io.bootcloud.rules.config.LateWorkPolicy;
import io.bootcloud.rules.config.Ruleset;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bootcloud dpp --date D}: silver shares, heartbeats and device bindings of day D →
 * {@code gold.daily_dpp} (one row per contributor). Late events ({@code is_late}) are never
 * added to their own day (a ruleset that pays late work credits them to the first day still open when
 * they arrived); events of unbound devices are counted in the run ledger, not credited.
 */
public final class DppJob extends DayJob<DppJob.Summary> {

  public static final String JOB = "dpp";

  /** What a run did, for the command line. */
  public record Summary(LocalDate day, long contributors, long unboundShares, long unboundHeartbeats,
      boolean wrote) {}

  public DppJob(SparkSession spark, Ruleset ruleset, RunLedger ledger) {
    super(JOB, spark, ruleset, ledger);
  }

  /**
   * What a day's DPP is computed from: the silver shares and heartbeats of the day and every device
   * binding, each read at one Delta version (the versions a run records, so a replay reads the same).
   */
  public record Inputs(Dataset<Row> shares, Dataset<Row> heartbeats, Dataset<Row> bindings,
      Dataset<Row> lateShares) {

    /**
     * The day's inputs at the given versions of silver.shares, silver.heartbeats and
     * silver.device_bindings; with the late shares of earlier days credited to {@code day} when the
     * ruleset pays late work ({@link LateWorkPolicy#CREDIT_FIRST_OPEN_DAY}), else none (null).
     */
    public static Inputs at(SparkSession spark, Ruleset ruleset, LocalDate day, long shares, long heartbeats,
        long bindings) {
      Dataset<Row> late = ruleset.lateWork() != LateWorkPolicy.CREDIT_FIRST_OPEN_DAY ? null
          : DayPartitions.tableAt(spark, Catalog.SHARES, shares).where(col("day").lt(lit(Date.valueOf(day)))
              .and(col("is_late")).and(col("credit_day").equalTo(lit(Date.valueOf(day)))));
      return new Inputs(DayPartitions.readAt(spark, Catalog.SHARES, day, shares),
          DayPartitions.readAt(spark, Catalog.HEARTBEATS, day, heartbeats),
          DayPartitions.tableAt(spark, Catalog.DEVICE_BINDINGS, bindings), late);
    }
  }

  /** The day's silver shares and heartbeats (the bindings are small beside them). */
  @Override
  protected List<TableDef> dayInputs() {
    return List.of(Catalog.SHARES, Catalog.HEARTBEATS);
  }

  @Override
  protected Summary compute(JobRun run, LocalDate day) {
    DayGuards.refuseIfExported(spark, ledger, JOB, day);
    Inputs inputs = Inputs.at(spark, ruleset, day, ledger.recordInput(run, Catalog.SHARES),
        ledger.recordInput(run, Catalog.HEARTBEATS), ledger.recordInput(run, Catalog.DEVICE_BINDINGS));
    Dataset<Row> perPair = attributed(ruleset, day, inputs).cache();
    try {
      Row unbound = perPair.where(col("contributor_id").isNull())
          .agg(coalesce(sum("shares"), lit(0L)), coalesce(sum("heartbeats"), lit(0L))).first();
      long unboundShares = unbound.getLong(0);
      long unboundHeartbeats = unbound.getLong(1);
      Dataset<Row> daily = daily(ruleset, perPair, inputs)
          .withColumn("day", lit(Date.valueOf(day)))
          .withColumn("ruleset_version", lit(ruleset.rulesetVersion()))
          .withColumn("run_id", lit(run.runId()))
          .cache();
      DayPartitions.Replaced replaced = DayPartitions.replaceDay(spark, ledger, Catalog.DAILY_DPP, day, daily);
      daily.unpersist();
      long contributors = replaced.rows();
      boolean wrote = replaced.wrote();
      ledger.recordOutput(run, Catalog.DAILY_DPP);
      run.count("gold.daily_dpp", contributors);
      run.count("unbound_shares", unboundShares);
      run.count("unbound_heartbeats", unboundHeartbeats);
      run.message((wrote ? "wrote " : "unchanged, ") + contributors + " contributors; unbound shares "
          + unboundShares + ", unbound heartbeats " + unboundHeartbeats);
      return new Summary(day, contributors, unboundShares, unboundHeartbeats, wrote);
    } finally {
      perPair.unpersist();
    }
  }

  /**
   * The day's events per (contributor, device) of {@link DppAggregation#attribute}, late events left
   * out; a null contributor holds the events of unbound devices. Cache it when it is read twice.
   */
  public static Dataset<Row> attributed(Ruleset ruleset, LocalDate day, Inputs inputs) {
    Timestamp dayStart = Timestamp.from(ruleset.dayStart(day));
    Timestamp dayEnd = Timestamp.from(ruleset.dayEnd(day));
    // One pass over each day's events, aggregated per device before any join or shuffle of
    // contributor ids; only the devices rebound during the day keep their events' instants.
    List<String> rebound = DppAggregation.devicesRebound(inputs.bindings(), dayStart, dayEnd)
        .as(Encoders.STRING()).collectAsList();
    Column key = DppAggregation.attributionKey(rebound, dayStart, dayEnd);
    // Shares and heartbeats share one attribution: one join to the bindings, one (contributor,
    // device) aggregate for the unbound counts and the daily rows.
    return DppAggregation.attribute(DppAggregation.unionEvents(
        DppAggregation.aggregateShares(inputs.shares().where(col("is_late").equalTo(false)), key),
        DppAggregation.aggregateHeartbeats(inputs.heartbeats().where(col("is_late").equalTo(false)), key)),
        inputs.bindings(), dayStart, dayEnd);
  }

  /**
   * The rows of gold.daily_dpp of the day (without day, ruleset and run columns) from
   * {@link #attributed}, with the late work of earlier days credited to it when the ruleset pays it.
   */
  public static Dataset<Row> daily(Ruleset ruleset, Dataset<Row> attributed, Inputs inputs) {
    Dataset<Row> own = DppAggregation.aggregateDailyDpp(DppAggregation.capDeviceDay(attributed),
        ruleset.suspectRatio());
    return DppAggregation.withLateWork(own, inputs.lateShares() == null ? null
        : DppAggregation.creditLateShares(inputs.lateShares(), inputs.bindings()));
  }
}
