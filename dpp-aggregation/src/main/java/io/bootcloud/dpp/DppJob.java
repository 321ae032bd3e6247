package io.bootcloud.dpp;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.config.Ruleset;
import io.bootcloud.core.io.DayGuards;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.ledger.DayJob;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.dpp.transform.DppAggregation;
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
 * added to a day; events of unbound devices are counted in the run ledger, not credited.
 */
public final class DppJob extends DayJob<DppJob.Summary> {

  public static final String JOB = "dpp";

  /** What a run did, for the command line. */
  public record Summary(LocalDate day, long contributors, long unboundShares, long unboundHeartbeats,
      boolean wrote) {}

  public DppJob(SparkSession spark, Ruleset ruleset, RunLedger ledger) {
    super(JOB, spark, ruleset, ledger);
  }

  @Override
  protected Summary compute(JobRun run, LocalDate day) {
    DayGuards.refuseIfExported(spark, JOB, day);
    ledger.recordInput(run, Catalog.SHARES);
    ledger.recordInput(run, Catalog.HEARTBEATS);
    ledger.recordInput(run, Catalog.DEVICE_BINDINGS);
    Dataset<Row> bindings = spark.table(Catalog.DEVICE_BINDINGS.fullName());
    Timestamp dayStart = Timestamp.from(ruleset.dayStart(day));
    Timestamp dayEnd = Timestamp.from(ruleset.dayEnd(day));
    // One pass over each day's events, aggregated per device before any join or shuffle of
    // contributor ids; only the devices rebound during the day keep their events' instants.
    List<String> rebound = DppAggregation.devicesRebound(bindings, dayStart, dayEnd).as(Encoders.STRING())
        .collectAsList();
    Column key = DppAggregation.attributionKey(rebound, dayStart, dayEnd);
    // Shares and heartbeats share one attribution: one join to the bindings, one (contributor,
    // device) aggregate, cached for the unbound counts and the daily rows.
    Dataset<Row> perPair = DppAggregation.attribute(DppAggregation.unionEvents(
        DppAggregation.aggregateShares(
            DayPartitions.read(spark, Catalog.SHARES, day).where(col("is_late").equalTo(false)), key),
        DppAggregation.aggregateHeartbeats(
            DayPartitions.read(spark, Catalog.HEARTBEATS, day).where(col("is_late").equalTo(false)), key)),
        bindings, dayStart, dayEnd).cache();
    try {
      Row unbound = perPair.where(col("contributor_id").isNull())
          .agg(coalesce(sum("shares"), lit(0L)), coalesce(sum("heartbeats"), lit(0L))).first();
      long unboundShares = unbound.getLong(0);
      long unboundHeartbeats = unbound.getLong(1);
      Dataset<Row> daily = DppAggregation.aggregateDailyDpp(DppAggregation.capDeviceDay(perPair),
              ruleset.suspectRatio())
          .withColumn("day", lit(Date.valueOf(day)))
          .withColumn("ruleset_version", lit(ruleset.rulesetVersion()))
          .withColumn("run_id", lit(run.runId()))
          .cache();
      long contributors = daily.count();
      boolean wrote = DayPartitions.replaceDay(spark, Catalog.DAILY_DPP, day, daily);
      daily.unpersist();
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
}
