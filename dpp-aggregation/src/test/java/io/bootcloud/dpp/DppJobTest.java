package io.bootcloud.dpp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One hand-made day (2035-01-01, UTC) through real silver and gold Delta tables:
 * <ul>
 *   <li>dev1 is bound to alice until 12:00, then to bob (a rebind); dev2 and dev4 are bound to
 *       alice and carol all day; dev3 is bound to nobody; dev5 is bound to carol from 15:00.
 *   <li>Shares: dev1 06:00 d=10 (alice), dev1 12:00 d=20 (bob: valid_from is inclusive),
 *       dev2 08:00 d=5 (alice), dev3 09:00 d=7 (unbound), dev2 10:00 d=1000 but late,
 *       dev5 14:00 d=4 (not yet bound) and 16:00 d=3 (carol).
 *   <li>Heartbeats: dev2 reports 25 computing hours at 2 sol/hr — more than a day, so its
 *       90,000 s are capped to 86,400 s and its 180,000 sol·s/hr scaled to 48 sol; dev1 reports
 *       1 h at 30 sol/hr for alice and 30 min at 20 sol/hr for bob, plus an idle hour; dev4 1 h
 *       at 7.5 sol/hr for carol (floored to 7).
 * </ul>
 * So alice: dpp 15, reported 48 + 30 = 78, 2 devices, 2 shares, 90,000 s, suspect (78 > 1.5·15);
 * bob: dpp 20, reported 10, 1 device, not suspect; carol: dpp 3, reported 7, 2 devices, 1 share,
 * suspect (7 > 1.5·3). Unbound shares: dev3's and dev5's first, 2.
 *
 * <p>The day runs once; each test below checks one rule of DESIGN.md "DPP" on it, by column name.
 */
class DppJobTest {

  private static final LocalDate DAY = LocalDate.of(2035, 1, 1);
  private static SparkSession spark;
  private static RunLedger ledger;
  /** The first run of the day, shared by every rule below. */
  private static DppJob.Summary first;
  /** gold.daily_dpp after it, by contributor. */
  private static Map<String, Row> dpp;

  @BeforeAll
  static void init() throws Exception {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    spark.sql("INSERT INTO silver.device_bindings VALUES "
        + "('dev1', 'alice', TIMESTAMP'2035-01-01 00:00:00', TIMESTAMP'2035-01-01 12:00:00', false, 'b1', 'b3', 't'),"
        + "('dev1', 'bob', TIMESTAMP'2035-01-01 12:00:00', NULL, true, 'b3', NULL, 't'),"
        + "('dev2', 'alice', TIMESTAMP'2034-12-01 00:00:00', NULL, true, 'b2', NULL, 't'),"
        + "('dev4', 'carol', TIMESTAMP'2034-12-01 00:00:00', NULL, true, 'b4', NULL, 't'),"
        + "('dev5', 'carol', TIMESTAMP'2035-01-01 15:00:00', NULL, true, 'b5', NULL, 't')");
    spark.sql("INSERT INTO silver.shares VALUES "
        + share("s1", "dev1", "06:00:00", 10, false) + ", " + share("s2", "dev1", "12:00:00", 20, false) + ", "
        + share("s3", "dev2", "08:00:00", 5, false) + ", " + share("s4", "dev3", "09:00:00", 7, false) + ", "
        + share("s5", "dev2", "10:00:00", 1000, true) + ", " + share("s6", "dev5", "14:00:00", 4, false) + ", "
        + share("s7", "dev5", "16:00:00", 3, false));
    StringBuilder hb = new StringBuilder("INSERT INTO silver.heartbeats VALUES ");
    for (int i = 0; i < 25; i++) {
      int seconds = i * 3400;
      String ts = String.format("%02d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
      hb.append(heartbeat("h2-" + i, "dev2", ts, 3600, "computing", "2")).append(", ");
    }
    hb.append(heartbeat("h1a", "dev1", "11:00:00", 3600, "computing", "30")).append(", ")
        .append(heartbeat("h1b", "dev1", "13:00:00", 1800, "computing", "20")).append(", ")
        .append(heartbeat("h1c", "dev1", "14:00:00", 3600, "idle", "100")).append(", ")
        .append(heartbeat("h4", "dev4", "09:00:00", 3600, "computing", "7.5"));
    spark.sql(hb.toString());
    ledger = new RunLedger(spark);
    first = new DppJob(spark, RulesetLoader.loadDefault(), ledger).run(DAY);
    dpp = dailyDpp();
  }

  private static String share(String id, String device, String time, long difficulty, boolean late) {
    return ("(DATE'2035-01-01', '%s', '%s', TIMESTAMP'2035-01-01 %s', %d, 'job', 'n', %s, 'f', 1, 't', "
        + "xxhash64('%s'), NULL)").formatted(id, device, time, difficulty, late, id);
  }

  private static String heartbeat(String id, String device, String time, int interval, String state, String rate) {
    return ("(DATE'2035-01-01', '%s', '%s', TIMESTAMP'2035-01-01 %s', %d, '%s', %s, 'gpu', false, 'f', 1, 't', "
        + "xxhash64('%s'))").formatted(id, device, time, interval, state, rate, id);
  }

  private static Map<String, Row> dailyDpp() {
    Map<String, Row> out = new HashMap<>();
    for (Row r : spark.sql("SELECT * FROM gold.daily_dpp WHERE day = DATE'2035-01-01'").collectAsList()) {
      out.put(r.getAs("contributor_id"), r);
    }
    return out;
  }

  private static <T> T col(String contributor, String column) {
    return dpp.get(contributor).getAs(column);
  }

  @Test
  void verifiedDppSumsTheDifficultyOfOnTimeSharesOfTheDeviceBoundAtTheShare() {
    // alice: dev1 06:00 (10) + dev2 08:00 (5); dev2's late 1000 is not counted.
    assertThat((Long) col("alice", "dpp")).isEqualTo(15);
    // bob: dev1 12:00 (20): a binding's valid_from is inclusive, the old one's valid_to exclusive.
    assertThat((Long) col("bob", "dpp")).isEqualTo(20);
    // carol: dev5 16:00 (3) only; its 14:00 share came before the binding.
    assertThat((Long) col("carol", "dpp")).isEqualTo(3);
  }

  @Test
  void workOfAnUnboundDeviceIsCountedAsUnboundAndCreditsNobody() {
    assertThat(dpp).containsOnlyKeys("alice", "bob", "carol");
    assertThat(first.contributors()).isEqualTo(3);
    // dev3 09:00 (never bound) and dev5 14:00 (before its binding).
    assertThat(first.unboundShares()).isEqualTo(2);
    assertThat(first.unboundHeartbeats()).isZero();
  }

  @Test
  void reportedDppIsComputingTimeTimesTheReportedRateFloored() {
    // alice: dev2 86,400 s (capped) x 2 sol/hr = 48, plus dev1 1 h x 30 = 30.
    assertThat((Long) col("alice", "dpp_reported")).isEqualTo(78);
    // bob: dev1 30 min x 20 sol/hr = 10; dev1's idle hour reports nothing.
    assertThat((Long) col("bob", "dpp_reported")).isEqualTo(10);
    // carol: dev4 1 h x 7.5 sol/hr = 7.5, floored to 7.
    assertThat((Long) col("carol", "dpp_reported")).isEqualTo(7);
  }

  @Test
  void aDevicesComputingTimeIsCappedAtTheLengthOfTheDay() {
    // dev2's 25 one-hour heartbeats (90,000 s) count as 86,400 s, plus dev1's hour for alice.
    assertThat((Long) col("alice", "computing_seconds")).isEqualTo(86_400 + 3_600);
    assertThat((Long) col("bob", "computing_seconds")).isEqualTo(1_800);
  }

  @Test
  void devicesAndSharesAreCountedPerContributor() {
    assertThat((Integer) col("alice", "devices")).isEqualTo(2);
    assertThat((Long) col("alice", "shares")).isEqualTo(2);
    assertThat((Integer) col("bob", "devices")).isEqualTo(1);
    assertThat((Long) col("bob", "shares")).isEqualTo(1);
    // dev4 (heartbeats only) and dev5 count as carol's devices; one share of hers is on time and bound.
    assertThat((Integer) col("carol", "devices")).isEqualTo(2);
    assertThat((Long) col("carol", "shares")).isEqualTo(1);
  }

  @Test
  void aContributorIsSuspectWhenReportedWorkExceedsTheRulesetRatioTimesVerified() {
    assertThat((Boolean) col("alice", "is_suspect")).as("78 > 1.5 x 15").isTrue();
    assertThat((Boolean) col("bob", "is_suspect")).as("10 <= 1.5 x 20").isFalse();
    assertThat((Boolean) col("carol", "is_suspect")).as("7 > 1.5 x 3").isTrue();
  }

  @Test
  void aRerunOfAnUnchangedDayWritesNothingAndTheLedgerRecordsWhatTheRunWrote() throws Exception {
    long version = ledger.currentVersion(Catalog.DAILY_DPP);
    DppJob.Summary again = new DppJob(spark, RulesetLoader.loadDefault(), ledger).run(DAY);
    assertThat(again.wrote()).isFalse();
    assertThat(ledger.currentVersion(Catalog.DAILY_DPP)).isEqualTo(version);
    Row run = spark.sql("SELECT row_counts['unbound_shares'], outputs['gold.daily_dpp'] FROM audit.job_runs "
        + "WHERE job = 'dpp' AND day = DATE'2035-01-01' AND status = 'SUCCEEDED' ORDER BY finished_at DESC LIMIT 1")
        .first();
    assertThat(run.getLong(0)).isEqualTo(2);
    assertThat(run.getLong(1)).isEqualTo(version);
  }
}
