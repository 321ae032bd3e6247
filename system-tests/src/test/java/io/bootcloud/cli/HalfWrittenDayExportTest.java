package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.batch.ExportJob;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Export sees only a complete rewards run of a day whose invariants hold (DESIGN.md "A day's
 * outputs become visible together"): a rerun of rewards killed after its first commit, and a
 * tampered amount, are both refused.
 */
class HalfWrittenDayExportTest {

  private static final String DISTRIBUTOR = "0x00000000000000000000000000000000000000d1";

  @Test
  void exportRefusesAHalfWrittenDayAndADayWhoseInvariantsFail(@TempDir Path tmp) throws Exception {
    SparkSession spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    LocalDate day = LocalDate.of(2030, 1, 1);
    Ruleset rules = RulesetLoader.loadDefault().withLaunchDay(day);
    RunLedger ledger = new RunLedger(spark);
    ledger.run("dpp", day, "test", run -> {
      spark.sql("INSERT INTO gold.daily_dpp VALUES (DATE'" + day + "', 'hw-a', 3, 3, 1, 1, 60, false, 'test', '"
          + run.runId() + "', 0, NULL), (DATE'" + day + "', 'hw-b', 40, 40, 1, 1, 60, false, 'test', '" + run.runId()
          + "', 0, NULL)");
      return null;
    });
    RewardsJob rewards = new RewardsJob(spark, rules, ledger);
    rewards.run(day);
    Credentials exporter = Credentials.create(Keys.createEcKeyPair());
    ExportJob export = new ExportJob(spark, rules, ExportChecks.OPS, ledger, exporter, DISTRIBUTOR, tmp.resolve("exports"));
    String where = " WHERE day = DATE'" + day + "'";

    // A rewards rerun killed right after it rewrote the ledger: export refuses the mixed day.
    spark.sql("INSERT INTO audit.job_runs VALUES ('killed', 'rewards', DATE'" + day + "', 'RUNNING', "
        + "TIMESTAMP'2030-01-02 03:00:00', NULL, map(), map(), map(), 'other', 'code', 'owner pid 1 on host elsewhere-"
        + "long-gone')");
    spark.sql("INSERT INTO audit.job_runs VALUES ('killed', 'rewards', DATE'" + day + "', 'ABANDONED', "
        + "TIMESTAMP'2030-01-02 03:00:00', TIMESTAMP'2030-01-02 04:00:00', map(), map(), map(), 'other', 'code', "
        + "'abandoned')");
    spark.sql("UPDATE gold.emission_ledger SET emitted = emitted - 10000000000000000000000, "
        + "pool_bc_budget = pool_bc_budget - 10000000000000000000000, "
        + "not_emitted = not_emitted + 10000000000000000000000, run_id = 'killed'" + where);
    assertThatThrownBy(() -> export.run(day)).isInstanceOf(UserException.class)
        .hasMessageContaining("export --date 2030-01-01 needs the complete rewards of 2030-01-01")
        .hasMessageContaining("a later rewards run was interrupted");
    assertThat(spark.sql("SELECT * FROM settlement.payout_batches" + where).count()).isZero();

    rewards.run(day);
    // One amount tampered with in place (same run id): the day is complete but pool BC no longer sums to its budget.
    spark.sql("UPDATE gold.daily_rewards SET amount = amount + 1" + where + " AND contributor_id = 'hw-b'");
    assertThatThrownBy(() -> export.run(day)).isInstanceOf(UserException.class)
        .hasMessageContaining("the day's reward invariants do not hold (")
        .hasMessageContaining("day_total_is_emitted");
    assertThat(spark.sql("SELECT * FROM settlement.payout_batches" + where).count()).isZero();

    // The auditors' SQL view and the engine's DayInvariants (through reconcile) fail on the same checks.
    org.apache.spark.sql.Row view = spark.sql("SELECT * FROM audit.daily_invariants" + where).first();
    java.util.List<String> viewFailing = java.util.stream.Stream.of("pool_a_exact", "pool_bc_exact", "pool_d_exact",
        "day_total_is_emitted", "emitted_plus_not_emitted", "cap", "one_class_each")
        .filter(c -> !view.getBoolean(view.fieldIndex(c))).toList();
    java.util.List<String> engineFailing = new io.bootcloud.settlement.audit.ReconcileJob(spark, rules, ledger, null).run(day)
        .checks().stream().filter(c -> !c.passed()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList();
    assertThat(viewFailing).containsExactly("pool_bc_exact", "day_total_is_emitted");
    assertThat(engineFailing).containsExactlyElementsOf(viewFailing);

    // (A rerun of rewards restores the day; SettlementLifecycleTest exports and settles complete days.)
    assertThat(io.bootcloud.core.io.RewardRuns.complete(spark, day)).isPresent();
  }
}
