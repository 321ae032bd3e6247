package io.bootcloud.dpp.transform;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_add;
import static org.apache.spark.sql.functions.try_sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver events → DPP per contributor (§4.4.2(1), DESIGN.md "DPP"). Dataset in, Dataset out.
 *
 * <ul>
 *   <li>{@code dpp} = Σ share difficulty (exact sol) of every device bound to the contributor at
 *       the share's time (SCD2 point in time, {@code valid_from <= ts < valid_to}); events are
 *       aggregated per device first and attributed after, see {@link #attributionKey}. Every sum of
 *       sol saturates at the BIGINT maximum ({@link #MAX_SOL}) instead of overflowing: one
 *       contributor's impossible day must not stop the day of everyone else.
 *   <li>{@code dpp_reported} = floor(Σ rate × computing seconds / 3600) from heartbeats, exact
 *       (integer division of an exact decimal sum), where a device's computing time over the day
 *       is capped at 24 h (its intervals scaled down pro rata when they add up to more); it also
 *       saturates at {@link #MAX_SOL}.
 * </ul>
 * Other sums count rows (shares, heartbeats, seconds of at most 3600 per heartbeat) or rates
 * below 10^12 per heartbeat in DECIMAL(38,6): they cannot leave their types before a day holds
 * more than 10^13 rows.
 */
public final class DppAggregation {

  public static final long SECONDS_PER_DAY = 86_400L;

  /** The most sol one DPP value holds: the BIGINT maximum, where its sums saturate. */
  public static final long MAX_SOL = Long.MAX_VALUE;

  /** Σ {@code c} (BIGINT, never negative), {@link #MAX_SOL} when it would overflow, null over no value. */
  static Column saturatingSum(String c) {
    return when(count(col(c)).gt(0), coalesce(try_sum(col(c)), lit(MAX_SOL)));
  }

  /** {@code a + b} of two non-negative BIGINTs, {@link #MAX_SOL} when it would overflow. */
  static Column saturatingAdd(Column a, Column b) {
    return coalesce(try_add(a, b), lit(MAX_SOL));
  }

  /** Σ rate × seconds from which floor(/3600) leaves BIGINT: 3600 × 2^63. */
  private static final BigDecimal REPORTED_SATURATES = BigDecimal.valueOf(3600)
      .multiply(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(63)));

  /** The attribution key column of {@link #attributionKey}. */
  private static final String KEY = "attributed_at";

  private DppAggregation() {}

  /**
   * Devices whose binding changes strictly inside the day window {@code [dayStart, dayEnd)}: a
   * binding starts or ends there. Every other device has the same binding (or none) at every
   * instant of the day, so its in-window events need no point-in-time lookup.
   */
  public static Dataset<Row> devicesRebound(Dataset<Row> bindings, Timestamp dayStart, Timestamp dayEnd) {
    Column inside = col("valid_from").gt(lit(dayStart)).and(col("valid_from").lt(lit(dayEnd)))
        .or(col("valid_to").gt(lit(dayStart)).and(col("valid_to").lt(lit(dayEnd))));
    return bindings.where(inside).select("device_id").distinct();
  }

  /**
   * The attribution key of an event: null when its device's whole-day binding decides it (the
   * device is not in {@code rebound} and the event lies inside the day window), else the event's
   * own {@code ts}, looked up point in time by {@link #attribute}. Grouping by (device, key)
   * aggregates almost every event before any join, and stays exact for the rest.
   */
  public static Column attributionKey(Collection<String> rebound, Timestamp dayStart, Timestamp dayEnd) {
    Column exact = col("ts").lt(lit(dayStart)).or(col("ts").geq(lit(dayEnd)));
    if (!rebound.isEmpty()) {
      exact = exact.or(col("device_id").isInCollection(rebound));
    }
    return when(exact, col("ts")).as(KEY);
  }

  /**
   * Per (device, attribution key): verified work and share count, in one pass over the shares
   * and before any join. Input columns: {@code device_id, ts, difficulty}.
   */
  public static Dataset<Row> aggregateShares(Dataset<Row> shares, Column key) {
    return shares.groupBy(col("device_id"), key).agg(coalesce(try_sum(col("difficulty")), lit(MAX_SOL)).as("dpp"),
        count(lit(1)).as("shares"));
  }

  /**
   * Per (device, attribution key), in one pass over the heartbeats: how many heartbeats, and of
   * the {@code computing} intervals only the seconds and Σ rate × seconds (both null when the
   * device never computed there). The rates are summed per interval length and multiplied once
   * after, which is the same exact decimal and spares a decimal product per heartbeat.
   */
  public static Dataset<Row> aggregateHeartbeats(Dataset<Row> heartbeats, Column key) {
    Column computing = col("state").equalTo("computing");
    return heartbeats.groupBy(col("device_id"), key, col("interval_s")).agg(
            count(lit(1)).as("heartbeats"),
            sum(when(computing, col("interval_s").cast("bigint"))).as("seconds"),
            sum(when(computing, col("reported_rate"))).as("rates"))
        .select(col("device_id"), col(KEY), col("heartbeats"), col("seconds"),
            col("rates").multiply(col("interval_s")).as("rate_seconds"));
  }

  /**
   * Per (contributor, device): the sums of {@code perDeviceKey} (from {@link #aggregateShares} or
   * {@link #aggregateHeartbeats}) credited to the contributor the device was bound to at the
   * event's time (SCD2: {@code valid_from <= ts < valid_to}). A row with a null key takes the
   * binding that covers the whole day; one with a key takes the binding valid at that instant.
   * Events of devices bound to nobody keep a null {@code contributor_id}: counted, never credited
   * ({@link #aggregateDailyDpp} takes the bound rows only).
   */
  public static Dataset<Row> attribute(Dataset<Row> perDeviceKey, Dataset<Row> bindings, Timestamp dayStart,
      Timestamp dayEnd) {
    Dataset<Row> b = bindings.select(col("device_id").as("b_device_id"), col("contributor_id"),
        col("valid_from"), col("valid_to"));
    Column wholeDay = col(KEY).isNull().and(col("valid_from").leq(lit(dayStart)))
        .and(col("valid_to").isNull().or(col("valid_to").geq(lit(dayEnd))));
    Column atInstant = col(KEY).isNotNull().and(col(KEY).geq(col("valid_from")))
        .and(col("valid_to").isNull().or(col(KEY).lt(col("valid_to"))));
    Column[] sums = Arrays.stream(perDeviceKey.columns())
        .filter(c -> !c.equals("device_id") && !c.equals(KEY))
        .map(c -> (c.equals("dpp") ? saturatingSum(c) : sum(c)).as(c))
        .toArray(Column[]::new);
    // A few rows per device on both sides: broadcasting the bindings keeps this join local.
    return perDeviceKey.join(broadcast(b), col("device_id").equalTo(col("b_device_id")).and(wholeDay.or(atInstant)),
            "left")
        .groupBy("contributor_id", "device_id")
        .agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length));
  }

  /**
   * Shares and heartbeats per (device, attribution key) in one dataset, for one {@link #attribute}:
   * the columns of {@link #aggregateShares} and {@link #aggregateHeartbeats}, null where a row comes
   * from the other side.
   */
  public static Dataset<Row> unionEvents(Dataset<Row> sharesPerDeviceKey, Dataset<Row> heartbeatsPerDeviceKey) {
    return sharesPerDeviceKey.unionByName(heartbeatsPerDeviceKey, true);
  }

  /**
   * Per bound (contributor, device) of {@link #attribute} over {@link #unionEvents}: verified work
   * and shares as they are; computing seconds and reported rate × seconds with the device's day
   * capped at 24 h (its intervals over all its contributors scaled down pro rata when they add up
   * to more); both null when the device never computed for that contributor.
   */
  public static Dataset<Row> capDeviceDay(Dataset<Row> perPair) {
    Dataset<Row> bound = perPair.where(col("contributor_id").isNotNull());
    Dataset<Row> perDevice = bound.where(col("seconds").isNotNull()).groupBy(col("device_id").as("d_device_id"))
        .agg(sum("seconds").as("device_seconds"));
    Column capped = least(col("device_seconds"), lit(SECONDS_PER_DAY));
    return bound.join(perDevice, col("device_id").equalTo(col("d_device_id")), "left")
        .select(col("contributor_id"), col("device_id"), col("dpp"), col("shares"),
            floor(col("seconds").multiply(capped).divide(col("device_seconds"))).cast("bigint").as("computing_seconds"),
            when(col("device_seconds").leq(SECONDS_PER_DAY), col("rate_seconds"))
                .otherwise(col("rate_seconds").multiply(capped).divide(col("device_seconds")))
                .as("rate_seconds"));
  }

  /**
   * One row per contributor with work or heartbeats: {@code contributor_id, dpp, dpp_reported,
   * devices, shares, computing_seconds, is_suspect}. Input: {@link #capDeviceDay}, one row per
   * (contributor, device); a device counts when it found shares or computed.
   */
  public static Dataset<Row> aggregateDailyDpp(Dataset<Row> cappedPerPair, BigDecimal suspectRatio) {
    Dataset<Row> perContributor = cappedPerPair
        .where(col("shares").isNotNull().or(col("computing_seconds").isNotNull()))
        .groupBy("contributor_id").agg(
            coalesce(saturatingSum("dpp"), lit(0L)).cast("bigint").as("dpp"),
            coalesce(when(sum("rate_seconds").geq(lit(REPORTED_SATURATES)), lit(MAX_SOL))
                .otherwise(expr("sum(rate_seconds) div 3600")), lit(0L)).cast("bigint").as("dpp_reported"),
            count(lit(1)).cast("int").as("devices"),
            coalesce(sum("shares"), lit(0L)).cast("bigint").as("shares"),
            coalesce(sum("computing_seconds"), lit(0L)).cast("bigint").as("computing_seconds"));
    Column suspect = when(col("dpp").equalTo(0), col("dpp_reported").gt(0))
        .otherwise(col("dpp_reported").cast("decimal(38,6)")
            .gt(col("dpp").cast("decimal(38,6)").multiply(lit(suspectRatio))));
    return perContributor.where(col("dpp").gt(0).or(col("dpp_reported").gt(0)))
        .withColumn("is_suspect", suspect);
  }

  /**
   * Late shares credited to the day (ruleset {@code late_work: credit_first_open_day}), per
   * contributor: {@code contributor_id, late_dpp, late_shares, late_from} (day the work was done →
   * sol). Each share goes to the contributor its device was bound to at the share's own time (SCD2,
   * point in time); shares of devices bound to nobody are not credited, as on their own day.
   * Input columns: {@code day, device_id, ts, difficulty}.
   */
  public static Dataset<Row> creditLateShares(Dataset<Row> lateShares, Dataset<Row> bindings) {
    Dataset<Row> b = bindings.select(col("device_id").as("b_device_id"), col("contributor_id"),
        col("valid_from"), col("valid_to"));
    Column bound = col("device_id").equalTo(col("b_device_id")).and(col("ts").geq(col("valid_from")))
        .and(col("valid_to").isNull().or(col("ts").lt(col("valid_to"))));
    Dataset<Row> perDay = lateShares.join(broadcast(b), bound, "inner")
        .groupBy(col("contributor_id"), col("day").as("late_from_day"))
        .agg(saturatingSum("difficulty").as("dpp"), count(lit(1)).as("shares"));
    // Sorted entries, so equal lineage is an equal map whatever order the groups arrive in.
    return perDay.groupBy("contributor_id").agg(saturatingSum("dpp").as("late_dpp"), sum("shares").as("late_shares"),
        map_from_entries(array_sort(collect_list(struct(col("late_from_day"), col("dpp"))))).as("late_from"));
  }

  /**
   * The day's rows of {@link #aggregateDailyDpp} with the late work of {@link #creditLateShares}
   * added: its sol to {@code dpp}, its shares to {@code shares}, and {@code late_dpp},
   * {@code late_from} for lineage; a contributor with only late work gets a row of its own (no
   * devices, nothing reported). {@code lateCredit} null: no late work is paid ({@code late_dpp} 0).
   */
  public static Dataset<Row> withLateWork(Dataset<Row> daily, Dataset<Row> lateCredit) {
    if (lateCredit == null) {
      return daily.withColumn("late_dpp", lit(0L)).withColumn("late_from", lit(null).cast("map<date,bigint>"));
    }
    return daily.join(lateCredit, new String[] {"contributor_id"}, "full_outer").select(
        col("contributor_id"),
        saturatingAdd(coalesce(col("dpp"), lit(0L)), coalesce(col("late_dpp"), lit(0L))).cast("bigint").as("dpp"),
        coalesce(col("dpp_reported"), lit(0L)).as("dpp_reported"),
        coalesce(col("devices"), lit(0)).as("devices"),
        coalesce(col("shares"), lit(0L)).plus(coalesce(col("late_shares"), lit(0L))).cast("bigint").as("shares"),
        coalesce(col("computing_seconds"), lit(0L)).as("computing_seconds"),
        coalesce(col("is_suspect"), lit(false)).as("is_suspect"),
        coalesce(col("late_dpp"), lit(0L)).cast("bigint").as("late_dpp"),
        col("late_from"));
  }
}
