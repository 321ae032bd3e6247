package io.bootcloud.cli;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.Lakehouse;
import io.bootcloud.core.spark.SparkSessionFactory;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.rules.config.Ruleset;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One pipeline run (ingest, then dpp and rewards per day) over a landing folder, and the
 * content hashes of what it wrote: shared by {@link DeterminismTest} in-process and in a child
 * JVM with another Spark master ({@code main}: lakehouse, landing, days, files per ingest batch).
 */
final class DeterminismChild {

  /** Launch day of the determinism runs: days no other test in this JVM touches. */
  static final LocalDate LAUNCH = LocalDate.of(2031, 5, 1);

  private DeterminismChild() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSessionFactory.open("determinism", new Lakehouse(Path.of(args[0])));
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    Map<String, String> hashes = run(spark, Path.of(args[1]), Path.of(args[0]).resolve("checkpoint"),
        Integer.parseInt(args[2]), Integer.parseInt(args[3])).hashes();
    hashes.forEach((t, h) -> System.out.println("HASH " + t + " " + h));
    System.out.println("MASTER " + spark.sparkContext().master() + " PARTITIONS "
        + spark.conf().get("spark.sql.shuffle.partitions"));
    spark.stop();
  }

  static Ruleset ruleset() throws IOException {
    return ruleset(LAUNCH);
  }

  /** The default ruleset launched on {@code launch}, so a test can use days no other test touches. */
  static Ruleset ruleset(LocalDate launch) throws IOException {
    try (InputStream in = RulesetLoader.class.getResourceAsStream(RulesetLoader.DEFAULT_RESOURCE)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("launch_day: \"2026-01-01\"", "launch_day: \"" + launch + "\"");
      return RulesetLoader.parse(yaml, "determinism ruleset");
    }
  }

  /** What one pipeline run wrote (content hash per table) and what each day job reported. */
  record Result(Map<String, String> hashes, List<DppJob.Summary> dpp, List<RewardsJob.Summary> rewards) {}

  static Result run(SparkSession spark, Path landing, Path checkpoint, int days, int filesPerBatch) throws Exception {
    Ruleset ruleset = ruleset();
    RunLedger ledger = new RunLedger(spark);
    new IngestJob(spark, ruleset, ledger, new PrintWriter(new StringWriter()))
        .run(LAUNCH, new IngestJob.Options(landing.toUri().toString(), checkpoint.toUri().toString(), filesPerBatch));
    List<DppJob.Summary> dpp = new ArrayList<>();
    List<RewardsJob.Summary> rewards = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      dpp.add(new DppJob(spark, ruleset, ledger).run(LAUNCH.plusDays(d)));
      rewards.add(new RewardsJob(spark, ruleset, ledger).run(LAUNCH.plusDays(d)));
    }
    String range = "day BETWEEN DATE '" + LAUNCH + "' AND DATE '" + LAUNCH.plusDays(days - 1) + "'";
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("silver.shares", hash(spark, "SELECT event_id, day, device_id, ts, difficulty, is_late FROM silver.shares "
        + "WHERE " + range));
    hashes.put("silver.heartbeats", hash(spark, "SELECT event_id, day, device_id, ts, state, reported_rate "
        + "FROM silver.heartbeats WHERE " + range));
    hashes.put("gold.daily_dpp", hash(spark, "SELECT day, contributor_id, dpp, dpp_reported, devices, shares, "
        + "is_suspect FROM gold.daily_dpp WHERE " + range));
    hashes.put("gold.daily_population_stats", hash(spark, "SELECT day, n, sum_dpp, sum_dpp_sq, mean_dpp, stddev_dpp "
        + "FROM gold.daily_population_stats WHERE " + range));
    hashes.put("gold.daily_rewards", hash(spark, "SELECT day, contributor_id, wallet, dpp, z_score, class, pool, "
        + "pool_budget, amount FROM gold.daily_rewards WHERE " + range));
    hashes.put("gold.emission_ledger", hash(spark, "SELECT day, mining_year, scheduled, emitted, not_emitted, "
        + "cumulative_emitted, cap_remaining FROM gold.emission_ledger WHERE " + range));
    // Which copy of a duplicated event is kept follows delivery order, which micro-batch sizes
    // change; so quarantine is compared by reason and landing day, not by file and line.
    hashes.put("quarantine.rejected", hash(spark, "SELECT reason_code, dt, count(*) FROM quarantine.rejected "
        + "GROUP BY reason_code, dt"));
    return new Result(hashes, dpp, rewards);
  }

  /** SHA-256 over the rows (every column as text), sorted: independent of partitioning and order. */
  static String hash(SparkSession spark, String select) {
    return spark.sql("SELECT count(*) || ':' || coalesce(sha2(concat_ws('\\n', sort_array(collect_list(r))), 256), '') "
        + "FROM (SELECT concat_ws('|', *) AS r FROM (" + select + "))").first().getString(0);
  }
}
