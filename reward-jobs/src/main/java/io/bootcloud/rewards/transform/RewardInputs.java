package io.bootcloud.rewards.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import io.bootcloud.rules.config.DppSource;
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
    // One aggregate, no self-join: the greatest (valid_from, wallet) pair carries the wallet.
    return valid.groupBy("contributor_id").agg(max(struct(col("valid_from"), col("wallet"))).as("latest"))
        .select(col("contributor_id"), col("latest.wallet").as("wallet"));
  }
}
