package io.bootcloud.settlement;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.rules.DayInvariants;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What {@link DayInvariants} checks of a day, read from its gold rows (for reconcile and export). */
public final class InvariantInputs {

  /** The ledger columns {@link #ledger} reads, in order. */
  public static final String[] LEDGER_COLUMNS = {"scheduled", "emitted", "not_emitted", "cumulative_emitted"};

  private InvariantInputs() {}

  /** A row of {@link #LEDGER_COLUMNS}. */
  public static DayInvariants.Ledger ledger(Row l) {
    return new DayInvariants.Ledger(big(l, 0), big(l, 1), big(l, 2), big(l, 3));
  }

  /**
   * The day's reward rows (each with {@code pool}, {@code pool_budget} and {@code amount} among its
   * columns), with n and the class counts from the day's gold.daily_population_stats.
   */
  public static DayInvariants.Rewards rewards(SparkSession spark, LocalDate day, List<Row> rows) {
    Map<String, DayInvariants.PoolPaid> pools = new TreeMap<>();
    for (Row r : rows) {
      pools.merge(r.getAs("pool"), new DayInvariants.PoolPaid(big(r, r.fieldIndex("pool_budget")),
          big(r, r.fieldIndex("amount"))),
          (a, b) -> new DayInvariants.PoolPaid(a.budget(), a.paid().add(b.paid())));
    }
    List<Row> stats = DayPartitions.read(spark, Catalog.POPULATION_STATS, day)
        .select("n", "count_a", "count_b", "count_c", "count_d").collectAsList();
    long n = stats.isEmpty() ? 0 : stats.get(0).getLong(0);
    long classes = stats.isEmpty() ? 0 : stats.get(0).getLong(1) + stats.get(0).getLong(2) + stats.get(0).getLong(3)
        + stats.get(0).getLong(4);
    return new DayInvariants.Rewards(pools, rows.size(), n, classes);
  }

  private static BigInteger big(Row r, int i) {
    return r.getDecimal(i).toBigIntegerExact();
  }
}
