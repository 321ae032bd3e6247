package io.bootcloud.rewards.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.bootcloud.rewards.domain.ClassTotals;
import io.bootcloud.rewards.domain.PowerSums;
import io.bootcloud.rewards.domain.ShapeStatistics;
import io.bootcloud.rules.Apportionment;
import io.bootcloud.rules.Pool;
import io.bootcloud.rules.PoolBudgets;
import io.bootcloud.rules.PoolSplit;
import io.bootcloud.rules.Population;
import io.bootcloud.rules.RewardClass;
import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * A day's rewards computed on the executors, for days too large to collect to the driver: the
 * same rules as {@link io.bootcloud.rules.DayRewards}, to the unit, with nothing per contributor
 * on the driver. The driver holds only sums:
 * <ol>
 *   <li>the exact power sums ({@link PowerSums}): n, S, Q, so the {@link Population};</li>
 *   <li>contributors per class and DPP per pool ({@link ClassTotals}), each row classified by
 *       {@link Population#classify}; then the pool budgets ({@link PoolSplit});</li>
 *   <li>each row's floor and remainder ({@link Apportionment#share}) and, per pool, the sum of
 *       floors, so the number k of leftover units;</li>
 *   <li>the k largest remainders of each pool by a window ordered by remainder descending, then
 *       contributor id ascending (Spark compares strings by their UTF-8 bytes, which is
 *       {@link Apportionment#ID_ORDER}); they get one more unit.</li>
 * </ol>
 * The KS statistic of the shape statistics is the largest {@link ShapeStatistics#ksTerm} over
 * the distinct DPP values sorted across partitions, each partition starting from the count of
 * the partitions before it.
 */
public final class DistributedRewards {

  /**
   * The day: its power sums, classes and budgets, the KS statistic (null when there is no fitted
   * normal), and one row per contributor in {@code gold.daily_rewards}'s columns but day, wallet,
   * ruleset version and run id.
   */
  public record Outcome(PowerSums sums, ClassTotals classes, PoolBudgets budgets, Double ksStatistic,
      Dataset<Row> rewards) {}

  private static final StructType SHARES = new StructType()
      .add("contributor_id", DataTypes.StringType, false)
      .add("dpp", DataTypes.LongType, false)
      .add("z_score", DataTypes.DoubleType, true)
      .add("class", DataTypes.StringType, false)
      .add("pool", DataTypes.StringType, false)
      .add("pool_budget", DataTypes.createDecimalType(38, 0), false)
      .add("pool_dpp", DataTypes.createDecimalType(38, 0), false)
      .add("floor", DataTypes.createDecimalType(38, 0), false)
      .add("remainder", DataTypes.createDecimalType(38, 0), false);

  private DistributedRewards() {}

  /** The rewards of {@code active} ({@code contributor_id, dpp}, each DPP > 0) sharing {@code emittable}. */
  public static Outcome compute(Dataset<Row> active, BigInteger emittable, PoolShares shares, EmptyPoolPolicy policy) {
    List<Row> twice = active.groupBy("contributor_id").count().where(col("count").gt(1)).limit(1).collectAsList();
    if (!twice.isEmpty()) {
      throw new IllegalArgumentException("contributor " + twice.get(0).getString(0)
          + " appears twice in the day's DPP");
    }
    PowerSums sums = active.select("dpp").javaRDD().mapPartitions(rows -> {
      PowerSums.Accumulator a = new PowerSums.Accumulator();
      rows.forEachRemaining(r -> a.add(r.getLong(0)));
      return List.of(a.sums()).iterator();
    }).fold(PowerSums.EMPTY, PowerSums::plus);
    long n = sums.n();
    BigInteger s = sums.s1();
    BigInteger q = sums.s2();

    ClassTotals classes = active.select("dpp").javaRDD().mapPartitions(rows -> {
      Population population = new Population(n, s, q);
      ClassTotals t = new ClassTotals();
      rows.forEachRemaining(r -> t.add(population.classify(r.getLong(0)), r.getLong(0)));
      return List.of(t).iterator();
    }).fold(new ClassTotals(), ClassTotals::plus);
    PoolBudgets budgets = PoolSplit.split(emittable, shares, classes.nonEmptyPools(), policy);

    BigInteger[] budget = new BigInteger[Pool.values().length];
    BigInteger[] poolDpp = new BigInteger[Pool.values().length];
    for (Pool p : Pool.values()) {
      budget[p.ordinal()] = budgets.of(p);
      poolDpp[p.ordinal()] = classes.poolDpp(p);
    }
    MapPartitionsFunction<Row, Row> share = rows -> {
      Population population = new Population(n, s, q);
      BigDecimal root = population.rootOfVarianceTerm();
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          long dpp = r.getLong(1);
          RewardClass c = population.classify(dpp);
          int p = c.pool().ordinal();
          BigInteger[] qr = Apportionment.share(budget[p], dpp, poolDpp[p]);
          return RowFactory.create(r.getString(0), dpp, population.zScore(dpp, root), c.name(), c.pool().name(),
              new BigDecimal(budget[p]), new BigDecimal(poolDpp[p]), new BigDecimal(qr[0]), new BigDecimal(qr[1]));
        }
      };
    };
    Dataset<Row> shared = active.select("contributor_id", "dpp").mapPartitions(share, Encoders.row(SHARES));

    // k = budget − Σ floor leftover units per pool (k < members, as each remainder < the pool's DPP).
    Column leftover = lit(0L);
    for (Row r : shared.groupBy("pool").agg(sum("floor")).collectAsList()) {
      long k = budgets.of(Pool.valueOf(r.getString(0))).subtract(r.getDecimal(1).toBigIntegerExact())
          .longValueExact();
      leftover = when(col("pool").equalTo(r.getString(0)), lit(k)).otherwise(leftover);
    }
    Column rank = row_number().over(Window.partitionBy("pool").orderBy(col("remainder").desc(),
        col("contributor_id").asc()));
    Column amount = col("floor").plus(when(rank.leq(leftover), lit(1)).otherwise(lit(0)))
        .cast(DataTypes.createDecimalType(38, 0));
    Dataset<Row> rewards = shared.withColumn("amount", amount).drop("floor", "remainder");
    return new Outcome(sums, classes, budgets, ksStatistic(active, sums), rewards);
  }

  /** D of the KS test against the fitted normal, from the distinct values in order across partitions. */
  private static Double ksStatistic(Dataset<Row> active, PowerSums sums) {
    NormalDistribution fitted = ShapeStatistics.fitted(sums.population());
    if (fitted == null) {
      return null;
    }
    long n = sums.n();
    int partitions = Math.max(1,
        Integer.parseInt(active.sparkSession().conf().get("spark.sql.shuffle.partitions")));
    JavaPairRDD<Long, Long> values = active.groupBy("dpp").count().javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getLong(0), r.getLong(1))).sortByKey(true, partitions);
    long[] below = new long[values.getNumPartitions()];
    for (Tuple2<Integer, Long> t : values.mapPartitionsWithIndex((i, it) -> {
      long count = 0;
      while (it.hasNext()) {
        count += it.next()._2();
      }
      return List.of(new Tuple2<>(i, count)).iterator();
    }, true).collect()) {
      for (int i = t._1() + 1; i < below.length; i++) {
        below[i] += t._2();
      }
    }
    return values.mapPartitionsWithIndex((i, it) -> {
      long before = below[i];
      double max = 0;
      while (it.hasNext()) {
        Tuple2<Long, Long> v = it.next();
        max = Math.max(max, ShapeStatistics.ksTerm(fitted, v._1(), before, v._2(), n));
        before += v._2();
      }
      return List.of(max).iterator();
    }, true).reduce(Math::max);
  }
}
