package io.bootcloud.rewards.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.bootcloud.core.config.DppSource;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Dataset transformations that feed the reward computation; no reads or writes. */
public final class RewardInputs {

  private RewardInputs() {}

  /**
   * The active contributors of the day: {@code contributor_id, dpp} with the DPP the ruleset's
   * {@code dpp_source} chooses ({@code dpp} for shares, {@code dpp_reported} for heartbeats), > 0.
   */
  public static Dataset<Row> filterActive(Dataset<Row> dailyDpp, DppSource source) {
    String column = source == DppSource.SHARES ? "dpp" : "dpp_reported";
    return dailyDpp.select(col("contributor_id"), col(column).as("dpp")).where(col("dpp").gt(0));
  }

  /**
   * The wallet in force at {@code endOfDay} (exclusive) for each contributor of the SCD2
   * wallet table: the latest {@code valid_from} before it whose {@code valid_to} is later.
   */
  public static Dataset<Row> walletsAt(Dataset<Row> contributorWallets, Timestamp endOfDay) {
    Dataset<Row> valid = contributorWallets
        .where(col("valid_from").lt(lit(endOfDay))
            .and(col("valid_to").isNull().or(col("valid_to").geq(lit(endOfDay)))));
    Dataset<Row> latest = valid.groupBy("contributor_id").agg(max("valid_from").as("valid_from"));
    return valid.join(latest, new String[] {"contributor_id", "valid_from"})
        .select(col("contributor_id"), col("wallet"));
  }
}
