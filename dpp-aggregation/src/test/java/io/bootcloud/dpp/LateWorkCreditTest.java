package io.bootcloud.dpp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.rules.config.LateWorkPolicy;
import io.bootcloud.rules.config.Ruleset;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Late work (DESIGN.md "Day"): shares that arrived after their day was exported, credited to the
 * day ingest recorded as the first one still open ({@code credit_day}) under ruleset 2026.2, and
 * never under 2026.1. Hand-made rows, computed by hand:
 * <ul>
 *   <li>lw1 is bound to lw-alice until 2037-03-01 12:00, then to lw-bob; lw2 to lw-carol; lw9 to nobody.
 *   <li>Late shares credited to 2037-03-02: lw1 06:00 d=100 (lw-alice: bound at the share's time, not now),
 *       lw1 13:00 d=40 (lw-bob), lw9 d=9 (unbound: not credited), and from 2037-02-27 lw2 d=11 (lw-carol);
 *       lw2 d=7 is credited to 2037-03-03 instead.
 *   <li>2037-03-02's own share: lw1 08:00 d=5 (lw-bob).
 * </ul>
 * Under 2026.2: lw-alice 100 (all late, no device of the day), lw-bob 5 + 40 = 45, lw-carol 11.
 */
class LateWorkCreditTest {

  private static final LocalDate DAY = LocalDate.of(2037, 3, 2);
  private static SparkSession spark;

  @BeforeAll
  static void init() {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    spark.sql("INSERT INTO silver.device_bindings VALUES "
        + "('lw1', 'lw-alice', TIMESTAMP'2037-01-01 00:00:00', TIMESTAMP'2037-03-01 12:00:00', false, 'l1', 'l2', 't'),"
        + "('lw1', 'lw-bob', TIMESTAMP'2037-03-01 12:00:00', NULL, true, 'l2', NULL, 't'),"
        + "('lw2', 'lw-carol', TIMESTAMP'2037-01-01 00:00:00', NULL, true, 'l3', NULL, 't')");
    spark.sql("INSERT INTO silver.shares VALUES "
        + share("lw-a", "2037-03-01", "lw1", "06:00:00", 100, "2037-03-02") + ", "
        + share("lw-b", "2037-03-01", "lw1", "13:00:00", 40, "2037-03-02") + ", "
        + share("lw-c", "2037-03-01", "lw2", "09:00:00", 7, "2037-03-03") + ", "
        + share("lw-d", "2037-03-01", "lw9", "10:00:00", 9, "2037-03-02") + ", "
        + share("lw-e", "2037-02-27", "lw2", "10:00:00", 11, "2037-03-02") + ", "
        + share("lw-f", "2037-03-02", "lw1", "08:00:00", 5, null));
  }

  private static String share(String id, String day, String device, String time, long difficulty, String credit) {
    return ("(DATE'%s', '%s', '%s', TIMESTAMP'%s %s', %d, 'job', 'n', %s, 'f', 1, 't', xxhash64('%s'), %s)")
        .formatted(day, id, device, day, time, difficulty, credit != null, id,
            credit == null ? "NULL" : "DATE'" + credit + "'");
  }

  private static Map<String, Row> day() {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : spark.sql("SELECT contributor_id, dpp, late_dpp, CAST(late_from AS STRING), shares, devices, "
        + "ruleset_version FROM gold.daily_dpp WHERE day = DATE'" + DAY + "'").collectAsList()) {
      out.put(r.getString(0), r);
    }
    return out;
  }

  @Test
  void lateSharesArePaidOnTheirCreditDayOnlyUnderTheRulesetThatPaysThem() throws Exception {
    RunLedger ledger = new RunLedger(spark);
    Ruleset keep = RulesetLoader.loadDefault();
    assertThat(keep.lateWork()).isEqualTo(LateWorkPolicy.KEEP);
    new DppJob(spark, keep, ledger).run(DAY);
    Map<String, Row> kept = day();
    assertThat(kept).containsOnlyKeys("lw-bob");
    assertThat(kept.get("lw-bob").getLong(1)).isEqualTo(5);
    assertThat(kept.get("lw-bob").getLong(2)).isZero();
    assertThat(kept.get("lw-bob").isNullAt(3)).isTrue();

    // The shipped history's version in force on the day: 2026.2, which credits late work.
    Ruleset credit = RulesetLoader.shippedHistory().forDay(DAY);
    assertThat(credit.rulesetVersion()).isEqualTo("2026.2");
    assertThat(credit.lateWork()).isEqualTo(LateWorkPolicy.CREDIT_FIRST_OPEN_DAY);
    DppJob.Summary s = new DppJob(spark, credit, ledger).run(DAY);
    assertThat(s.wrote()).isTrue();
    Map<String, Row> paid = day();
    assertThat(paid).containsOnlyKeys("lw-alice", "lw-bob", "lw-carol");
    Row alice = paid.get("lw-alice");
    assertThat(alice.getLong(1)).isEqualTo(100);
    assertThat(alice.getLong(2)).isEqualTo(100);
    assertThat(alice.getString(3)).isEqualTo("{2037-03-01 -> 100}");
    assertThat(alice.getLong(4)).isEqualTo(1);
    assertThat(alice.getInt(5)).isZero();
    Row bob = paid.get("lw-bob");
    assertThat(bob.getLong(1)).isEqualTo(45);
    assertThat(bob.getLong(2)).isEqualTo(40);
    assertThat(bob.getString(3)).isEqualTo("{2037-03-01 -> 40}");
    assertThat(bob.getLong(4)).isEqualTo(2);
    assertThat(bob.getInt(5)).isEqualTo(1);
    Row carol = paid.get("lw-carol");
    assertThat(carol.getLong(1)).isEqualTo(11);
    assertThat(carol.getString(3)).isEqualTo("{2037-02-27 -> 11}");
    assertThat(paid.values()).allMatch(r -> r.getString(6).equals("2026.2"));

    // Rerun: same content, nothing written.
    assertThat(new DppJob(spark, credit, ledger).run(DAY).wrote()).isFalse();
  }
}
