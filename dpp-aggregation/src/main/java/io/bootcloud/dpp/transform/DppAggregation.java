package io.bootcloud.dpp.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver events → DPP per contributor (§4.4.2(1), DESIGN.md "DPP"). Dataset in, Dataset out.
 *
 * <ul>
 *   <li>{@code dpp} = Σ share difficulty (exact sol) of every device bound to the contributor at
 *       the share's time (SCD2 point-in-time join on {@code valid_from <= ts < valid_to}).
 *   <li>{@code dpp_reported} = floor(Σ rate × computing seconds / 3600) from heartbeats, exact
 *       (integer division of an exact decimal sum), where a device's computing time over the day
 *       is capped at 24 h (its intervals scaled down pro rata when they add up to more).
 * </ul>
 */
public final class DppAggregation {

  public static final long SECONDS_PER_DAY = 86_400L;

  private DppAggregation() {}

  /** Adds {@code contributor_id}: the binding of the event's device at the event's {@code ts} (null if none). */
  public static Dataset<Row> withContributor(Dataset<Row> events, Dataset<Row> bindings) {
    Dataset<Row> b = bindings.select(col("device_id").as("b_device_id"), col("contributor_id"),
        col("valid_from"), col("valid_to"));
    Column bound = col("device_id").equalTo(col("b_device_id"))
        .and(col("ts").geq(col("valid_from")))
        .and(col("valid_to").isNull().or(col("ts").lt(col("valid_to"))));
    // Bindings are one row per device and binding (a few hundred thousand), events tens of
    // millions: broadcasting the bindings keeps the events where they are, so the only shuffle
    // left is the per-(contributor, device) aggregate, after map-side partial aggregation.
    return events.join(broadcast(b), bound, "left").drop("b_device_id", "valid_from", "valid_to");
  }

  /**
   * Per (contributor, device): verified work and share count, in one pass over the attributed
   * shares. Shares of unbound devices stay as rows with a null {@code contributor_id}: counted,
   * never credited ({@link #aggregateDailyDpp} takes the bound rows only).
   */
  public static Dataset<Row> aggregateShares(Dataset<Row> attributedShares) {
    return attributedShares.groupBy("contributor_id", "device_id")
        .agg(sum("difficulty").as("dpp"), count(lit(1)).as("shares"));
  }

  /**
   * Per (contributor, device), in one pass over the attributed heartbeats: how many heartbeats,
   * and of the {@code computing} intervals only the seconds and Σ rate × seconds (both null when
   * the device never computed for that contributor). Unbound devices keep a null
   * {@code contributor_id}, as in {@link #aggregateShares}.
   */
  public static Dataset<Row> aggregateHeartbeats(Dataset<Row> attributedHeartbeats) {
    Column computing = col("state").equalTo("computing");
    return attributedHeartbeats.groupBy("contributor_id", "device_id").agg(
        count(lit(1)).as("heartbeats"),
        sum(when(computing, col("interval_s").cast("bigint"))).as("seconds"),
        sum(when(computing, col("reported_rate").multiply(col("interval_s")))).as("rate_seconds"));
  }

  /**
   * Per bound (contributor, device) that computed: computing seconds and reported rate × seconds,
   * the device's day capped at 24 h (its intervals over all its contributors scaled down pro rata
   * when they add up to more). Input: {@link #aggregateHeartbeats}.
   */
  public static Dataset<Row> capDeviceDay(Dataset<Row> heartbeatsPerPair) {
    Dataset<Row> perPair = heartbeatsPerPair
        .where(col("contributor_id").isNotNull().and(col("seconds").isNotNull()));
    Dataset<Row> perDevice = perPair.groupBy(col("device_id").as("d_device_id"))
        .agg(sum("seconds").as("device_seconds"));
    Column capped = least(col("device_seconds"), lit(SECONDS_PER_DAY));
    return perPair.join(perDevice, col("device_id").equalTo(col("d_device_id")))
        .select(col("contributor_id"), col("device_id"),
            floor(col("seconds").multiply(capped).divide(col("device_seconds"))).cast("bigint").as("computing_seconds"),
            when(col("device_seconds").leq(SECONDS_PER_DAY), col("rate_seconds"))
                .otherwise(col("rate_seconds").multiply(capped).divide(col("device_seconds")))
                .as("rate_seconds"));
  }

  /**
   * One row per contributor with work or heartbeats: {@code contributor_id, dpp, dpp_reported,
   * devices, shares, computing_seconds, is_suspect}.
   */
  public static Dataset<Row> aggregateDailyDpp(Dataset<Row> sharesPerDevice, Dataset<Row> heartbeatsPerDevice,
      BigDecimal suspectRatio) {
    Dataset<Row> joined = sharesPerDevice.where(col("contributor_id").isNotNull()).join(heartbeatsPerDevice,
        new String[] {"contributor_id", "device_id"}, "full_outer");
    Dataset<Row> perContributor = joined.groupBy("contributor_id").agg(
        coalesce(sum("dpp"), lit(0L)).cast("bigint").as("dpp"),
        coalesce(expr("sum(rate_seconds) div 3600"), lit(0L)).cast("bigint").as("dpp_reported"),
        countDistinct("device_id").cast("int").as("devices"),
        coalesce(sum("shares"), lit(0L)).cast("bigint").as("shares"),
        coalesce(sum("computing_seconds"), lit(0L)).cast("bigint").as("computing_seconds"));
    Column suspect = when(col("dpp").equalTo(0), col("dpp_reported").gt(0))
        .otherwise(col("dpp_reported").cast("decimal(38,6)")
            .gt(col("dpp").cast("decimal(38,6)").multiply(lit(suspectRatio))));
    return perContributor.where(col("dpp").gt(0).or(col("dpp_reported").gt(0)))
        .withColumn("is_suspect", suspect);
  }
}
