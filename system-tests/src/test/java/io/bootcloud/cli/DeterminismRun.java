package io.bootcloud.cli;

import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
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
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * One pipeline run (ingest, then dpp and rewards per day) over a landing folder in this JVM, and
 * the content hashes of the tables a run writes, read from this session's catalog or from another
 * lakehouse's Delta folders: used by {@link DeterminismTest} and its standalone-cluster run.
 */
final class DeterminismRun {

  /**
   * Launch day of the determinism runs: days no other test in this JVM touches, and past, as the
   * command line computes only days whose grace period has passed.
   */
  static final LocalDate LAUNCH = LocalDate.of(2025, 6, 1);

  private DeterminismRun() {}

  static Ruleset ruleset() throws IOException {
    return ruleset(LAUNCH);
  }

  /** The default ruleset launched on {@code launch}, so a test can use days no other test touches. */
  static Ruleset ruleset(LocalDate launch) throws IOException {
    return RulesetLoader.parse(rulesetYaml(launch), "determinism ruleset");
  }

  /** The shipped default ruleset's YAML with {@code launch} as its launch day (for a --config file). */
  static String rulesetYaml(LocalDate launch) throws IOException {
    try (InputStream in = RulesetLoader.class.getResourceAsStream(RulesetLoader.DEFAULT_RESOURCE)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String launched = yaml.replace("launch_day: \"2026-01-01\"", "launch_day: \"" + launch + "\"");
      if (launched.equals(yaml) && !launch.toString().equals("2026-01-01")) {
        throw new IllegalStateException("the default ruleset no longer has launch_day: \"2026-01-01\"");
      }
      return launched;
    }
  }

  /** What each day job of one pipeline run reported. */
  record Result(List<DppJob.Summary> dpp, List<RewardsJob.Summary> rewards) {}

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
    return new Result(dpp, rewards);
  }

  /**
   * Content hash per table of what a run wrote on the {@code days} days from {@link #LAUNCH}:
   * silver, gold, quarantine and settlement, without run ids, times and Delta versions.
   * {@code table} names where a table is read ("silver.shares" to a name or a delta.`path`).
   */
  static Map<String, String> hashes(SparkSession spark, int days, Function<String, String> table) {
    String range = "day BETWEEN DATE '" + LAUNCH + "' AND DATE '" + LAUNCH.plusDays(days - 1) + "'";
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("silver.shares", hash(spark, "SELECT event_id, day, device_id, ts, difficulty, is_late FROM "
        + table.apply("silver.shares") + " WHERE " + range));
    hashes.put("silver.heartbeats", hash(spark, "SELECT event_id, day, device_id, ts, state, reported_rate FROM "
        + table.apply("silver.heartbeats") + " WHERE " + range));
    hashes.put("gold.daily_dpp", hash(spark, "SELECT day, contributor_id, dpp, dpp_reported, devices, shares, "
        + "is_suspect FROM " + table.apply("gold.daily_dpp") + " WHERE " + range));
    hashes.put("gold.daily_population_stats", hash(spark, "SELECT day, n, sum_dpp, sum_dpp_sq, mean_dpp, stddev_dpp "
        + "FROM " + table.apply("gold.daily_population_stats") + " WHERE " + range));
    hashes.put("gold.daily_rewards", hash(spark, "SELECT day, contributor_id, wallet, dpp, z_score, class, pool, "
        + "pool_budget, amount FROM " + table.apply("gold.daily_rewards") + " WHERE " + range));
    hashes.put("gold.emission_ledger", hash(spark, "SELECT day, mining_year, scheduled, emitted, not_emitted, "
        + "cumulative_emitted, cap_remaining FROM " + table.apply("gold.emission_ledger") + " WHERE " + range));
    // Which copy of a duplicated event is kept follows delivery order, which micro-batch sizes
    // change; so quarantine is compared by reason and landing day, not by file and line.
    hashes.put("quarantine.rejected", hash(spark, "SELECT reason_code, dt, count(*) FROM "
        + table.apply("quarantine.rejected") + " GROUP BY reason_code, dt"));
    // The batch's root, totals and items (its manifest hash and signature cover the Delta versions read,
    // which the micro-batch sizes change).
    hashes.put("settlement.payout_batches", hash(spark, "SELECT day, merkle_root, total_amount, cumulative_total, "
        + "recipients, status, to_json(totals_by_class), to_json(counts_by_class), items_sha256, ruleset_version FROM "
        + table.apply("settlement.payout_batches") + " WHERE " + range));
    hashes.put("settlement.payout_items", hash(spark, "SELECT day, wallet, amount, cumulative_amount, "
        + "concat_ws(',', proof) FROM " + table.apply("settlement.payout_items") + " WHERE " + range));
    return hashes;
  }

  /** SHA-256 over the rows (every column as text), sorted: independent of partitioning and order. */
  static String hash(SparkSession spark, String select) {
    return spark.sql("SELECT count(*) || ':' || coalesce(sha2(concat_ws('\\n', sort_array(collect_list(r))), 256), '') "
        + "FROM (SELECT concat_ws('|', *) AS r FROM (" + select + "))").first().getString(0);
  }
}
