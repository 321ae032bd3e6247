package io.bootcloud.core.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.List;
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
    List<Row> rows = spark.table(VIEW).where(col("day").equalTo(lit(java.sql.Date.valueOf(day))))
        .select("run_id").collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getString(0));
  }
}
