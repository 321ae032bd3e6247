package io.bootcloud.dev.bench;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.rules.EmissionSchedule;
import io.bootcloud.rules.config.DppSource;
import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.Ruleset;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One day as the Spark jobs wrote it ({@code gold.daily_dpp} with {@code gold.daily_rewards})
 * beside {@link DuckDbReference}'s recomputation from the same silver files, row by row.
 */
public final class SparkVsDuckDb {

  private SparkVsDuckDb() {}

  /**
   * The DuckDB query's inputs for {@code day}: the silver tables' current data files, and E'
   * from the emission schedule and the cumulative emission recorded for the day before.
   */
  public static DuckDbReference.Inputs inputs(SparkSession spark, Ruleset ruleset, LocalDate day, int threads) {
    if (ruleset.emptyPoolPolicy() != EmptyPoolPolicy.CARRY || ruleset.dppSource() != DppSource.SHARES) {
      throw new UserException("bench: the DuckDB reference implements empty_pool_policy carry and dpp_source "
          + "shares only; this ruleset has " + ruleset.emptyPoolPolicy() + " and " + ruleset.dppSource());
    }
    List<Row> before = spark.sql("SELECT CAST(cumulative_emitted AS STRING) FROM " + Catalog.EMISSION_LEDGER.fullName()
        + " WHERE day = DATE '" + day.minusDays(1) + "'").collectAsList();
    BigInteger emittedBefore = before.isEmpty() ? BigInteger.ZERO : new BigInteger(before.get(0).getString(0));
    return new DuckDbReference.Inputs(files(spark, Catalog.SHARES.fullName()),
        files(spark, Catalog.HEARTBEATS.fullName()), files(spark, Catalog.DEVICE_BINDINGS.fullName()), day,
        EmissionSchedule.of(ruleset).emittable(day, emittedBefore), ruleset.pools().aPercent(),
        ruleset.pools().dPercent(), ruleset.suspectRatio(), threads);
  }

  /** The Spark jobs' rows of {@code day} in {@link DuckDbReference.Row}'s shape, by contributor id. */
  public static Map<String, DuckDbReference.Row> sparkRows(SparkSession spark, LocalDate day) {
    Map<String, DuckDbReference.Row> out = new TreeMap<>();
    for (Row r : spark.sql("SELECT d.contributor_id, d.dpp, d.dpp_reported, d.devices, d.shares, d.computing_seconds, "
        + "d.is_suspect, r.class, CAST(r.amount AS STRING) FROM " + Catalog.DAILY_DPP.fullName() + " d LEFT JOIN "
        + Catalog.DAILY_REWARDS.fullName() + " r ON r.day = d.day AND r.contributor_id = d.contributor_id "
        + "WHERE d.day = DATE '" + day + "'").collectAsList()) {
      out.put(r.getString(0), new DuckDbReference.Row(r.getLong(1), r.getLong(2), r.getInt(3), r.getLong(4),
          r.getLong(5), r.getBoolean(6), r.isNullAt(7) ? null : r.getString(7),
          r.isNullAt(8) ? null : new BigInteger(r.getString(8))));
    }
    return out;
  }

  /** One line per contributor whose rows differ or who is on one side only, in id order. */
  public static List<String> differences(Map<String, DuckDbReference.Row> spark,
      Map<String, DuckDbReference.Row> duck) {
    TreeSet<String> ids = new TreeSet<>(spark.keySet());
    ids.addAll(duck.keySet());
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (spark.get(id) == null || !spark.get(id).equals(duck.get(id))) {
        out.add(id + ": Spark " + spark.get(id) + ", DuckDB " + duck.get(id));
      }
    }
    return out;
  }

  private static List<String> files(SparkSession spark, String table) {
    return Arrays.stream(spark.table(table).inputFiles())
        .map(u -> u.startsWith("file:") ? Path.of(java.net.URI.create(u)).toString() : u).toList();
  }
}
