package io.bootcloud.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.CodeVersion;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.testing.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunLedgerTest {

  private static SparkSession spark;

  @BeforeAll
  static void init() {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
  }

  private static List<Row> rowsOf(String runId) {
    return spark.sql("SELECT status, job, day, inputs, outputs, row_counts, ruleset_version, code_version, "
        + "finished_at, message FROM audit.job_runs WHERE run_id = '" + runId + "' ORDER BY started_at, "
        + "finished_at NULLS FIRST").collectAsList();
  }

  @Test
  void recordsAStartAndASuccessWithVersionsAndCounts() throws Exception {
    RunLedger ledger = new RunLedger(spark);
    long dppBefore = ledger.currentVersion(Catalog.DAILY_DPP);
    String runId = ledger.run("dpp", LocalDate.of(2026, 3, 1), "rs-1", run -> {
      ledger.recordInput(run, Catalog.SHARES);
      spark.sql("INSERT INTO gold.daily_dpp VALUES (DATE'2026-03-01', 'c1', 7, 7, 1, 1, 60, false, 'rs-1', '"
          + run.runId() + "')");
      ledger.recordOutput(run, Catalog.DAILY_DPP);
      run.count("gold.daily_dpp", 1);
      return run.runId();
    });
    List<Row> rows = rowsOf(runId);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getString(0)).isEqualTo("RUNNING");
    assertThat(rows.get(0).isNullAt(8)).isTrue();
    Row done = rows.get(1);
    assertThat(done.getString(0)).isEqualTo("SUCCEEDED");
    assertThat(done.getString(1)).isEqualTo("dpp");
    assertThat(done.getDate(2).toLocalDate()).isEqualTo(LocalDate.of(2026, 3, 1));
    Map<String, Long> outputs = done.getJavaMap(4);
    assertThat(outputs).containsEntry("gold.daily_dpp", dppBefore + 1);
    // The snapshot version the ledger records is the table's latest commit, as its history shows.
    long latestInHistory = io.delta.tables.DeltaTable.forName(spark, "gold.daily_dpp").history()
        .selectExpr("max(version)").first().getLong(0);
    assertThat(outputs).containsEntry("gold.daily_dpp", latestInHistory);
    Map<String, Long> inputs = done.getJavaMap(3);
    assertThat(inputs).containsKey("silver.shares");
    Map<String, Long> counts = done.getJavaMap(5);
    assertThat(counts).containsEntry("gold.daily_dpp", 1L);
    assertThat(done.getString(6)).isEqualTo("rs-1");
    assertThat(done.getString(7)).isEqualTo(CodeVersion.current()).contains("+");
    assertThat(done.isNullAt(8)).isFalse();
  }

  @Test
  void recordsAFailureWithItsMessageAndRethrows() {
    RunLedger ledger = new RunLedger(spark);
    String[] id = new String[1];
    assertThatThrownBy(() -> ledger.run("rewards", LocalDate.of(2026, 3, 2), "rs-1", run -> {
      id[0] = run.runId();
      throw new IllegalStateException("ledger of 2026-03-01 is missing");
    })).isInstanceOf(IllegalStateException.class);
    List<Row> rows = rowsOf(id[0]);
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("RUNNING", "FAILED");
    assertThat(rows.get(1).getString(9)).isEqualTo("IllegalStateException: ledger of 2026-03-01 is missing");
  }
}
