package io.bootcloud.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog against DESIGN.md "Tables auditors query" (the lists below are copied from it). */
class CatalogTest {

  private static final Map<String, List<String>> NORMATIVE = Map.of(
      "gold.daily_dpp", List.of("day", "contributor_id", "dpp", "dpp_reported", "devices", "shares",
          "ruleset_version", "run_id"),
      "gold.daily_population_stats", List.of("day", "n", "sum_dpp", "sum_dpp_sq", "mean_dpp",
          "stddev_dpp", "ruleset_version", "run_id"),
      "gold.daily_rewards", List.of("day", "contributor_id", "wallet", "dpp", "z_score", "class",
          "pool", "pool_budget", "amount", "ruleset_version", "run_id"),
      "gold.emission_ledger", List.of("day", "mining_year", "scheduled", "emitted", "not_emitted",
          "cumulative_emitted", "cap_remaining", "ruleset_version", "run_id"),
      "settlement.payout_batches", List.of("day", "merkle_root", "total_amount", "recipients", "status"),
      "settlement.payout_items", List.of("day", "wallet", "amount", "cumulative_amount", "proof"),
      "quarantine.rejected", List.of("source_file", "line_number", "raw", "reason_code", "detail", "ingested_at"),
      "audit.job_runs", List.of("run_id", "job", "day", "status", "started_at", "finished_at", "inputs",
          "outputs", "ruleset_version", "code_version"));

  @Test
  void everyNormativeTableHasItsColumnsInOrder() {
    NORMATIVE.forEach((name, columns) -> {
      TableDef t = Catalog.byName(name).orElseThrow(() -> new AssertionError("missing " + name));
      List<String> actual = t.columns().stream().map(Column::name).toList();
      assertThat(actual).as(name).containsSubsequence(columns);
    });
  }

  @Test
  void amountsAreDecimal38AndWorkIsBigint() {
    assertThat(Catalog.DAILY_REWARDS.column("amount").sqlType()).isEqualTo("DECIMAL(38,0)");
    assertThat(Catalog.DAILY_REWARDS.column("pool_budget").sqlType()).isEqualTo("DECIMAL(38,0)");
    assertThat(Catalog.EMISSION_LEDGER.column("emitted").sqlType()).isEqualTo("DECIMAL(38,0)");
    assertThat(Catalog.PAYOUT_ITEMS.column("cumulative_amount").sqlType()).isEqualTo("DECIMAL(38,0)");
    assertThat(Catalog.DAILY_DPP.column("dpp").sqlType()).isEqualTo("BIGINT");
    assertThat(Catalog.SHARES.column("difficulty").sqlType()).isEqualTo("BIGINT");
  }

  @Test
  void everyColumnIsCommented() {
    for (TableDef t : Catalog.ALL) {
      for (Column c : t.columns()) {
        assertThat(c.comment()).as(t.fullName() + "." + c.name()).isNotBlank();
      }
    }
  }

  @Test
  void dailyTablesArePartitionedByTheirDay() {
    for (TableDef t : Catalog.ALL) {
      if (t.schema().equals("gold") || t.schema().equals("settlement") || t.schema().equals("audit")) {
        assertThat(t.partitionedBy()).as(t.fullName()).containsExactly("day");
      }
    }
    assertThat(Catalog.TELEMETRY_RAW.partitionedBy()).containsExactly("dt");
    assertThat(Catalog.SHARES.partitionedBy()).containsExactly("day");
  }

  @Test
  void bronzeAndAuditAreAppendOnlyGoldAndSettlementKeepAChangeFeed() {
    for (TableDef t : Catalog.ALL) {
      switch (t.schema()) {
        case "bronze", "audit" -> assertThat(t.properties()).as(t.fullName()).containsEntry("delta.appendOnly", "true");
        case "gold", "settlement" -> assertThat(t.properties()).as(t.fullName())
            .containsEntry("delta.enableChangeDataFeed", "true");
        default -> assertThat(t.properties()).as(t.fullName()).doesNotContainKey("delta.appendOnly");
      }
    }
  }

  @Test
  void rulesHaveCheckConstraints() {
    assertThat(Catalog.DAILY_REWARDS.constraints()).containsEntry("class_known", "class IN ('A', 'B', 'C', 'D')");
    assertThat(Catalog.DAILY_REWARDS.constraints()).containsEntry("amount_non_negative", "amount >= 0");
    assertThat(Catalog.SHARES.constraints()).containsEntry("difficulty_positive", "difficulty >= 1");
    assertThat(Catalog.POPULATION_STATS.constraints()).containsKey("classes_sum_to_n");
  }

  @Test
  void createDdlEscapesCommentsAndNamesPartitions() {
    String ddl = Catalog.DAILY_REWARDS.createDdl();
    assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS gold.daily_rewards (")
        .contains("`amount` DECIMAL(38,0) NOT NULL COMMENT")
        .contains("PARTITIONED BY (day)")
        .contains("'delta.enableChangeDataFeed' = 'true'");
    assertThat(Catalog.DAILY_DPP.createDdl()).contains("Daily Power Provided per contributor and day");
    assertThat(new Column("x", "STRING", true, "it's").ddl()).isEqualTo("`x` STRING COMMENT 'it\\'s'");
  }
}
