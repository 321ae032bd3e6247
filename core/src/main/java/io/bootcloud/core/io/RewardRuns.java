package io.bootcloud.core.io;

import static org.apache.spark.sql.functions.col;

import io.bootcloud.core.spark.SmallQueries;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which rewards run of a day readers may see: the one the view {@code audit.reward_runs} names
 * (every rewards table's rows of the day carry that run, and it succeeded). The rule is written
 * once, in that view's SQL, and read here by the jobs.
 */
public final class RewardRuns {

  /** The view that decides a day's complete rewards run. */
  public static final String VIEW = "audit.reward_runs";

  private RewardRuns() {}

  /** The complete rewards run of {@code day}, if there is one. */
  public static Optional<String> complete(SparkSession spark, LocalDate day) {
    return Optional.ofNullable(complete(spark, List.of(day)).get(day));
  }

  /**
   * The complete rewards run of each of {@code days} that has one, in one query of the view (which
   * reads every rewards table and the run ledger, so a job that needs several days asks once).
   */
  public static Map<LocalDate, String> complete(SparkSession spark, Collection<LocalDate> days) {
    Object[] dates = days.stream().map(java.sql.Date::valueOf).toArray();
    Map<LocalDate, String> runs = new HashMap<>();
    for (Row r : SmallQueries.interpreted(spark, () -> spark.table(VIEW).where(col("day").isin(dates))
        .select("day", "run_id").collectAsList())) {
      runs.put(r.getDate(0).toLocalDate(), r.getString(1));
    }
    return runs;
  }
}
