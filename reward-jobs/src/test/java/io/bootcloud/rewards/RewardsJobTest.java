package io.bootcloud.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.rules.GoldenDayTestAccess;
import io.bootcloud.rules.config.Ruleset;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rewards job on real Delta tables; each test uses its own ruleset launch day. */
class RewardsJobTest {

  private static SparkSession spark;
  private static RunLedger ledger;

  @BeforeAll
  static void init() {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    ledger = new RunLedger(spark);
  }

  private static Ruleset rulesetLaunching(LocalDate launch) {
    return RulesetLoader.loadDefault().withLaunchDay(launch);
  }

  /** Puts DPP rows for {@code day} as a dpp run would, with the ledger's SUCCEEDED row. */
  private static void dppDay(LocalDate day, Object[][] rows) throws Exception {
    ledger.run("dpp", day, "test", run -> {
      StringBuilder sql = new StringBuilder("INSERT INTO gold.daily_dpp VALUES ");
      for (int i = 0; i < rows.length; i++) {
        sql.append(i == 0 ? "" : ", ").append("(DATE'").append(day).append("', '").append(rows[i][0])
            .append("', ").append(rows[i][1]).append(", ").append(rows[i][1])
            .append(", 1, 1, 3600, false, 'test', '").append(run.runId()).append("', 0, NULL)");
      }
      if (rows.length > 0) {
        spark.sql(sql.toString());
      }
      return null;
    });
  }

  private static Map<String, BigInteger> amounts(LocalDate day) {
    Map<String, BigInteger> out = new HashMap<>();
    for (Row r : spark.sql("SELECT contributor_id, amount FROM gold.daily_rewards WHERE day = DATE'" + day + "'")
        .collectAsList()) {
      out.put(r.getString(0), r.getDecimal(1).toBigIntegerExact());
    }
    return out;
  }

  private static long version(String table) {
    return ledger.currentVersion(Catalog.byName(table).orElseThrow());
  }

  @Test
  void goldenDayThroughDeltaMatchesTheOracle() throws Exception {
    LocalDate day = LocalDate.of(2030, 1, 1);
    dppDay(day, GoldenDayTestAccess.golden());
    spark.sql("INSERT INTO silver.contributor_wallets VALUES ('c04', '0x00000000000000000000000000000000000000c4', "
        + "TIMESTAMP'2029-12-01 00:00:00', NULL, true, 'e1', 'test')");
    RewardsJob.Summary s = new RewardsJob(spark, rulesetLaunching(day), ledger).run(day);
    assertThat(s.contributors()).isEqualTo(24);
    assertThat(s.classCounts()).containsExactly(2, 12, 7, 3);

    Map<String, BigInteger> got = amounts(day);
    for (Object[] row : GoldenDayTestAccess.golden()) {
      assertThat(got.get((String) row[0])).as((String) row[0]).isEqualTo(new BigInteger((String) row[3]));
    }
    Row stats = spark.sql("SELECT n, sum_dpp, mean_dpp, count_a + count_b + count_c + count_d, skewness "
        + "FROM gold.daily_population_stats WHERE day = DATE'" + day + "'").first();
    assertThat(stats.getLong(0)).isEqualTo(24);
    assertThat(stats.getDecimal(1)).isEqualByComparingTo("2400");
    assertThat(stats.getDecimal(2)).isEqualByComparingTo("100");
    assertThat(stats.getLong(3)).isEqualTo(24);
    assertThat(stats.isNullAt(4)).isFalse();
    Row led = spark.sql("SELECT mining_year, scheduled, emitted, not_emitted, cumulative_emitted, cap_remaining "
        + "FROM gold.emission_ledger WHERE day = DATE'" + day + "'").first();
    assertThat(led.getInt(0)).isEqualTo(1);
    assertThat(led.getDecimal(2)).isEqualByComparingTo(new BigDecimal("100000000000000000000000"));
    assertThat(led.getDecimal(3)).isEqualByComparingTo("0");
    assertThat(led.getDecimal(5)).isEqualByComparingTo(new BigDecimal("45140000000000000000000000"));
    Row wallet = spark.sql("SELECT wallet FROM gold.daily_rewards WHERE day = DATE'" + day + "' AND contributor_id = 'c04'").first();
    assertThat(wallet.getString(0)).isEqualTo("0x00000000000000000000000000000000000000c4");
  }

  /**
   * DPP at the top of its BIGINT column: Q = Σ DPP² and V = n·Q − S² leave DECIMAL(38,0) at
   * n = 2 (this day used to fail with an overflow for everyone); they are stored as exact digits,
   * checked here against a BigInteger computation written apart from {@code Population}.
   */
  @Test
  void extremeDppIsStoredExactlyAndPaysTheDay() throws Exception {
    LocalDate day = LocalDate.of(2034, 1, 1);
    long max = Long.MAX_VALUE;
    dppDay(day, new Object[][] {{"big1", max}, {"big2", max - 1}, {"one", 1}});
    RewardsJob.Summary s = new RewardsJob(spark, rulesetLaunching(day), ledger).run(day);
    assertThat(s.contributors()).isEqualTo(3);

    BigInteger n = BigInteger.valueOf(3);
    BigInteger sum = BigInteger.ZERO;
    BigInteger squares = BigInteger.ZERO;
    for (long d : new long[] {max, max - 1, 1}) {
      sum = sum.add(BigInteger.valueOf(d));
      squares = squares.add(BigInteger.valueOf(d).multiply(BigInteger.valueOf(d)));
    }
    BigInteger variance = n.multiply(squares).subtract(sum.multiply(sum));
    assertThat(variance.toString().length()).as("V is wider than DECIMAL(38,0)").isGreaterThan(38);
    Row stats = spark.sql("SELECT sum_dpp, sum_dpp_sq, variance_term FROM gold.daily_population_stats "
        + "WHERE day = DATE'" + day + "'").first();
    assertThat(stats.getDecimal(0).toBigIntegerExact()).isEqualTo(sum);
    assertThat(stats.getString(1)).isEqualTo(squares.toString());
    assertThat(stats.getString(2)).isEqualTo(variance.toString());
    BigInteger paid = amounts(day).values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    assertThat(paid).isEqualTo(s.emitted());
    assertThat(spark.sql("SELECT all_hold FROM audit.daily_invariants WHERE day = DATE'" + day + "'").first()
        .getBoolean(0)).isTrue();
  }

  /**
   * Runs {@code day} again with every day computed on the executors ({@link RewardsJob#MAX_ON_DRIVER}
   * 0, and another shuffle partitioning): it must find all three tables already holding exactly its
   * rows, so it writes nothing.
   */
  private static RewardsJob.Summary againOnTheExecutors(RewardsJob job, LocalDate day, String partitions)
      throws Exception {
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    long rewardsVersion = version("gold.daily_rewards");
    long statsVersion = version("gold.daily_population_stats");
    try {
      spark.conf().set(RewardsJob.MAX_ON_DRIVER, "0");
      spark.conf().set("spark.sql.shuffle.partitions", partitions);
      RewardsJob.Summary s = job.run(day);
      assertThat(s.onDriver()).isFalse();
      assertThat(s.wrote()).as("the executors' rows differ from the driver's").isFalse();
      assertThat(version("gold.daily_rewards")).isEqualTo(rewardsVersion);
      assertThat(version("gold.daily_population_stats")).isEqualTo(statsVersion);
      return s;
    } finally {
      spark.conf().unset(RewardsJob.MAX_ON_DRIVER);
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
  }

  @Test
  void aBadDriverLimitIsRefusedInOneLine() throws Exception {
    LocalDate day = LocalDate.of(2039, 1, 1);
    dppDay(day, new Object[][] {{"a", 3}});
    try {
      spark.conf().set(RewardsJob.MAX_ON_DRIVER, "lots");
      assertThatThrownBy(() -> new RewardsJob(spark, rulesetLaunching(day), ledger).run(day))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("spark.bootcloud.rewards.maxOnDriver must be a whole number of contributors from 0 to "
              + Integer.MAX_VALUE + ", got 'lots'");
    } finally {
      spark.conf().unset(RewardsJob.MAX_ON_DRIVER);
    }
  }

  /** DPP at the top of BIGINT, where every sum leaves 64 bits: the executors pay as the driver. */
  @Test
  void theExecutorsPayTheExtremeDayAsTheDriver() throws Exception {
    LocalDate extreme = LocalDate.of(2037, 1, 1);
    dppDay(extreme, new Object[][] {{"big1", Long.MAX_VALUE}, {"big2", Long.MAX_VALUE - 1}, {"one", 1}, {"two", 2}});
    RewardsJob job = new RewardsJob(spark, rulesetLaunching(extreme), ledger);
    assertThat(job.run(extreme).onDriver()).isTrue();
    assertThat(againOnTheExecutors(job, extreme, "3").contributors()).isEqualTo(4);
  }

  /**
   * 100,000 contributors with heavy ties (50 DPP values in B and C, one in A, one in D) and ids
   * whose order differs between Java's UTF-16 compareTo and code points (fullwidth letters against
   * characters beyond the BMP): the driver's {@code DayRewards} and the executors' computation give
   * the same rows to the unit, and the leftover units of each pool go to its largest remainders,
   * ties by code point order, checked here in SQL from each row's exact floor and remainder.
   */
  @Test
  void aHundredThousandContributorsOnTheDriverAndOnTheExecutorsAgreeToTheUnit() throws Exception {
    LocalDate day = LocalDate.of(2038, 1, 1);
    ledger.run("dpp", day, "test", run -> {
      spark.range(100_000).selectExpr("DATE'" + day + "' AS day",
          "concat(CASE id % 3 WHEN 0 THEN 'c' WHEN 1 THEN '\uFF43' ELSE '\uD83D\uDE00' END, "
              + "lpad(cast((id * 7919) % 100000 AS string), 6, '0')) AS contributor_id",
          "CASE WHEN id % 1031 = 0 THEN 1200L WHEN id % 1033 = 1 THEN 1L ELSE 1000L + id % 50 END AS dpp",
          "0L AS dpp_reported", "1 AS devices", "1L AS shares", "3600L AS computing_seconds", "false AS is_suspect",
          "'test' AS ruleset_version", "'" + run.runId() + "' AS run_id", "0L AS late_dpp",
          "CAST(NULL AS MAP<DATE, BIGINT>) AS late_from")
          .writeTo("gold.daily_dpp").append();
      return null;
    });
    RewardsJob job = new RewardsJob(spark, rulesetLaunching(day), ledger);
    RewardsJob.Summary s = job.run(day);
    assertThat(s.onDriver()).isTrue();
    assertThat(s.contributors()).isEqualTo(100_000);
    assertThat(s.classCounts()[0]).isEqualTo(97); // ids 0, 1031, …: 1200 is above μ + 2σ
    assertThat(s.classCounts()[3]).isEqualTo(97); // ids 1, 1034, …: 1 is below μ − 2σ
    againOnTheExecutors(job, day, "5");

    String where = "day = DATE'" + day + "'";
    // rem = P·dpp mod pool_dpp and floor = (P·dpp − rem) / pool_dpp, a quotient without a fraction, so exact.
    List<Row> pools = spark.sql("WITH p AS (SELECT contributor_id, pool, amount, pool_budget, pool_dpp, "
        + "pool_budget * CAST(dpp AS DECIMAL(20,0)) AS share FROM gold.daily_rewards WHERE " + where + "), "
        + "r AS (SELECT *, pmod(share, pool_dpp) AS rem, "
        + "CAST((share - pmod(share, pool_dpp)) / pool_dpp AS DECIMAL(38,0)) AS fl FROM p), "
        + "ranked AS (SELECT *, row_number() OVER (PARTITION BY pool ORDER BY rem DESC, contributor_id) AS k, "
        + "pool_budget - sum(fl) OVER (PARTITION BY pool) AS leftover FROM r) "
        + "SELECT pool, count_if(amount <> fl + CASE WHEN k <= leftover THEN 1 ELSE 0 END) AS wrong, "
        + "sum(amount) = first(pool_budget) AS exact, max(leftover) AS leftover FROM ranked GROUP BY pool "
        + "ORDER BY pool").collectAsList();
    assertThat(pools).hasSize(3);
    for (Row pool : pools) {
      assertThat(pool.getLong(1)).as("pool " + pool.getString(0) + " rows off the rule").isZero();
      assertThat(pool.getBoolean(2)).as("pool " + pool.getString(0) + " pays its budget").isTrue();
      assertThat(pool.getDecimal(3).signum()).as("pool " + pool.getString(0) + " has leftover units").isPositive();
    }
  }

  @Test
  void daysRunInOrderAndARerunChangesNothing() throws Exception {
    LocalDate launch = LocalDate.of(2031, 1, 1);
    Ruleset rules = rulesetLaunching(launch);
    RewardsJob job = new RewardsJob(spark, rules, ledger);
    dppDay(launch.plusDays(1), new Object[][] {{"x", 5}});
    assertThatThrownBy(() -> job.run(launch.plusDays(1)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("needs the complete rewards of 2031-01-01");

    dppDay(launch, new Object[][] {});
    RewardsJob.Summary empty = job.run(launch);
    assertThat(empty.contributors()).isZero();
    assertThat(empty.emitted()).isZero();
    assertThat(empty.notEmitted()).isEqualTo(new BigInteger("100000000000000000000000"));

    RewardsJob.Summary second = job.run(launch.plusDays(1));
    // n = 1: class C, BC pool only (carry): 40,000 BCT paid, 60,000 not emitted.
    assertThat(second.emitted()).isEqualTo(new BigInteger("40000000000000000000000"));
    Row cum = spark.sql("SELECT cumulative_emitted FROM gold.emission_ledger WHERE day = DATE'2031-01-02'").first();
    assertThat(cum.getDecimal(0)).isEqualByComparingTo(new BigDecimal("40000000000000000000000"));

    long rewardsVersion = version("gold.daily_rewards");
    long ledgerVersion = version("gold.emission_ledger");
    RewardsJob.Summary again = job.run(launch.plusDays(1));
    assertThat(again.wrote()).isFalse();
    assertThat(version("gold.daily_rewards")).isEqualTo(rewardsVersion);
    assertThat(version("gold.emission_ledger")).isEqualTo(ledgerVersion);

    // New input for the launch day would change the ledger 2031-01-02 was computed from: refused.
    dppDay(launch, new Object[][] {{"y", 7}});
    assertThatThrownBy(() -> job.run(launch)).isInstanceOf(UserException.class)
        .hasMessageContaining("would change the emission ledger that 2031-01-02");
    assertThat(version("gold.emission_ledger")).isEqualTo(ledgerVersion);
  }

  @Test
  void aBackfillReadsTheLedgerAroundItsDaysOnceAndSeesADayAnotherProcessWrote() throws Exception {
    LocalDate launch = LocalDate.of(2036, 1, 1);
    Ruleset rules = rulesetLaunching(launch);
    List<LocalDate> days = launch.datesUntil(launch.plusDays(4)).toList();
    for (int i = 0; i < days.size(); i++) {
      dppDay(days.get(i), new Object[][] {{"a", 3 + i}, {"b", 40}});
    }
    RunLedger backfill = new RunLedger(spark);
    backfill.days(days);
    BigInteger emitted = BigInteger.ZERO;
    for (LocalDate d : days.subList(0, 2)) {
      emitted = emitted.add(new RewardsJob(spark, rules, backfill).run(d).emitted());
    }
    assertThat(backfill.carried(RewardsJob.LEDGER_READ, Catalog.EMISSION_LEDGER).reads())
        .as("the first day's read covers the second").isEqualTo(1);

    // Another process computes the third day meanwhile: the backfill must find it complete, not rewrite it.
    RewardsJob.Summary elsewhere = new RewardsJob(spark, rules, new RunLedger(spark)).run(days.get(2));
    assertThat(elsewhere.wrote()).isTrue();
    long rewardsVersion = version("gold.daily_rewards");
    RewardsJob.Summary third = new RewardsJob(spark, rules, backfill).run(days.get(2));
    assertThat(third.wrote()).as("the other process's complete day, unchanged").isFalse();
    assertThat(version("gold.daily_rewards")).isEqualTo(rewardsVersion);
    assertThat(third.emitted()).isEqualTo(elsewhere.emitted());
    emitted = emitted.add(third.emitted());

    emitted = emitted.add(new RewardsJob(spark, rules, backfill).run(days.get(3)).emitted());
    assertThat(backfill.carried(RewardsJob.LEDGER_READ, Catalog.EMISSION_LEDGER).reads())
        .as("read again after the other process's commit only").isEqualTo(2);
    Row last = spark.sql("SELECT cumulative_emitted FROM gold.emission_ledger WHERE day = DATE'" + days.get(3) + "'")
        .first();
    assertThat(last.getDecimal(0).toBigIntegerExact()).as("the sum of the four days' emissions").isEqualTo(emitted);
  }

  @Test
  void identicalContentUnderOneOrSixtyFourShufflePartitions() throws Exception {
    LocalDate day = LocalDate.of(2032, 1, 1);
    dppDay(day, GoldenDayTestAccess.golden());
    RewardsJob job = new RewardsJob(spark, rulesetLaunching(day), ledger);
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    try {
      spark.conf().set("spark.sql.shuffle.partitions", "1");
      job.run(day);
      String hash1 = contentHash(day);
      spark.sql("DELETE FROM gold.daily_rewards WHERE day = DATE'" + day + "'");
      spark.conf().set("spark.sql.shuffle.partitions", "64");
      assertThat(job.run(day).wrote()).isTrue();
      assertThat(contentHash(day)).isEqualTo(hash1);
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
  }

  private static String contentHash(LocalDate day) {
    return spark.sql("SELECT sha2(concat_ws('|', collect_list(r)), 256) FROM (SELECT concat_ws(',', contributor_id, "
        + "cast(dpp AS string), class, pool, cast(amount AS string), coalesce(wallet, '')) AS r FROM gold.daily_rewards "
        + "WHERE day = DATE'" + day + "' ORDER BY contributor_id)").first().getString(0);
  }

  @Test
  void anExportedDayIsImmutable() throws Exception {
    LocalDate day = LocalDate.of(2033, 1, 1);
    dppDay(day, new Object[][] {{"a", 3}, {"b", 4}});
    RewardsJob job = new RewardsJob(spark, rulesetLaunching(day), ledger);
    job.run(day);
    spark.sql("INSERT INTO settlement.payout_batches VALUES (DATE'2033-01-01', '0xroot', 1, 1, 1, 'EXPORTED', "
        + "map('A', 1BD), map('A', 1L), map('gold.daily_rewards', 1L), 'sha', 'hash', '0xexp', '0xsig', 'v', 'r', "
        + "TIMESTAMP'2033-01-02 03:00:00')");
    assertThatThrownBy(() -> job.run(day))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("was exported, so the day is immutable");
    List<Row> failed = spark.sql("SELECT status FROM audit.job_runs WHERE job = 'rewards' AND day = DATE'2033-01-01' "
        + "AND status = 'FAILED'").collectAsList();
    assertThat(failed).hasSize(1);
  }

  @Test
  void refusesWithoutASuccessfulDppRun() {
    LocalDate day = LocalDate.of(2034, 1, 1);
    assertThatThrownBy(() -> new RewardsJob(spark, rulesetLaunching(day), ledger).run(day))
        .hasMessageContaining("run 'bootcloud dpp --date 2034-01-01' first");
  }
  @Test
  void aRunKilledBetweenItsCommitsShowsNoHalfDayAndTheNextRunConverges() throws Exception {
    LocalDate day = LocalDate.of(2035, 1, 1);
    dppDay(day, new Object[][] {{"a", 3}, {"b", 4}, {"c", 40}});
    RewardsJob job = new RewardsJob(spark, rulesetLaunching(day), ledger);
    job.run(day);
    String first = io.bootcloud.core.io.RewardRuns.complete(spark, day).orElseThrow();
    String hash = contentHash(day);
    String where = " WHERE day = DATE'" + day + "'";
    assertThat(spark.sql("SELECT all_hold FROM audit.daily_invariants" + where).first().getBoolean(0)).isTrue();

    // What a kill -9 right after a rerun's first commit leaves: the ledger rewritten by a run (under
    // other rules, emitting less) whose process is gone, rewards and stats still of the first run.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    spark.sql("INSERT INTO audit.job_runs VALUES ('killed', 'rewards', DATE'" + day + "', 'RUNNING', "
        + "TIMESTAMP'2035-01-02 03:00:00', NULL, map(), map(), map(), 'other', 'code', 'owner pid " + gone.pid()
        + " on host " + java.net.InetAddress.getLocalHost().getHostName() + "')");
    spark.sql("UPDATE gold.emission_ledger SET emitted = emitted - 10000000000000000000000, "
        + "pool_bc_budget = pool_bc_budget - 10000000000000000000000, "
        + "not_emitted = not_emitted + 10000000000000000000000, run_id = 'killed'" + where);
    // The raw tables disagree (what readers saw before) ...
    assertThat(spark.sql("SELECT (SELECT sum(amount) FROM gold.daily_rewards" + where + ") = "
        + "(SELECT emitted FROM gold.emission_ledger" + where + ")").first().getBoolean(0)).isFalse();
    // ... but no reader that matters sees the half-written day.
    assertThat(io.bootcloud.core.io.RewardRuns.complete(spark, day)).isEmpty();
    assertThat(spark.sql("SELECT * FROM audit.daily_invariants" + where).count()).isZero();
    assertThat(spark.sql("SELECT * FROM audit.contributor_statement" + where).count()).isZero();
    assertThat(spark.sql("SELECT * FROM audit.emission_schedule" + where).count()).isZero();

    RewardsJob.Summary rerun = job.run(day);
    assertThat(rerun.wrote()).isTrue();
    assertThat(spark.sql("SELECT status FROM audit.run_status WHERE run_id = 'killed'").first().getString(0))
        .isEqualTo("ABANDONED");
    String now = io.bootcloud.core.io.RewardRuns.complete(spark, day).orElseThrow();
    assertThat(now).isNotEqualTo(first);
    // Several days in one read: only days with a complete run are in the answer.
    assertThat(io.bootcloud.core.io.RewardRuns.complete(spark, java.util.List.of(day.minusDays(1), day,
        day.plusDays(1)))).isEqualTo(java.util.Map.of(day, now));
    assertThat(spark.sql("SELECT count(DISTINCT run_id) FROM (SELECT run_id FROM gold.emission_ledger" + where
        + " UNION ALL SELECT run_id FROM gold.daily_rewards" + where + " UNION ALL SELECT run_id FROM "
        + "gold.daily_population_stats" + where + ")").first().getLong(0)).isEqualTo(1);
    assertThat(contentHash(day)).isEqualTo(hash);
    assertThat(spark.sql("SELECT all_hold FROM audit.daily_invariants" + where).first().getBoolean(0)).isTrue();
    // A further rerun finds one complete run with the same content: nothing is written.
    assertThat(job.run(day).wrote()).isFalse();

    // A day whose rewards table has no row (no active contributor) is complete; one that lacks its
    // stats or its ledger row (a first run killed before that commit) is not.
    spark.sql("DELETE FROM gold.daily_rewards" + where);
    assertThat(io.bootcloud.core.io.RewardRuns.complete(spark, day)).contains(now);
    spark.sql("DELETE FROM gold.daily_population_stats" + where);
    assertThat(io.bootcloud.core.io.RewardRuns.complete(spark, day)).isEmpty();
    job.run(day);
    String restored = io.bootcloud.core.io.RewardRuns.complete(spark, day).orElseThrow();
    spark.sql("DELETE FROM gold.emission_ledger" + where);
    assertThat(io.bootcloud.core.io.RewardRuns.complete(spark, day)).isEmpty();
    job.run(day);
    assertThat(io.bootcloud.core.io.RewardRuns.complete(spark, day)).isPresent().isNotEqualTo(java.util.Optional.of(restored));
  }
}
