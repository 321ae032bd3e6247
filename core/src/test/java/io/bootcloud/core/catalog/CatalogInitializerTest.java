package io.bootcloud.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.CatalogInitializer.Action;
import io.bootcloud.core.catalog.CatalogInitializer.Outcome;
import io.bootcloud.core.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatalogInitializerTest {

  private static SparkSession spark;

  @BeforeAll
  static void initOnce() {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
  }

  private static Map<String, Long> versions() {
    Map<String, Long> out = new HashMap<>();
    for (TableDef t : Catalog.ALL) {
      out.put(t.fullName(), DeltaTable.forName(spark, t.fullName()).history(1).first().getLong(0));
    }
    return out;
  }

  @Test
  void createsEveryTableAsDeltaWithItsConstraints() {
    for (TableDef t : Catalog.ALL) {
      assertThat(spark.catalog().tableExists(t.fullName())).as(t.fullName()).isTrue();
    }
    Map<String, String> props = new HashMap<>();
    spark.sql("SHOW TBLPROPERTIES gold.daily_rewards").collectAsList()
        .forEach(r -> props.put(r.getString(0), r.getString(1)));
    assertThat(props).containsEntry("delta.enableChangeDataFeed", "true")
        .containsKey("delta.constraints.class_known");
  }

  @Test
  void constraintsCreatedWithTheTableAreEnforcedAndCostNoExtraCommit() {
    // The CHECK constraints were part of each table's create commit: no ADD CONSTRAINT commits.
    for (TableDef t : Catalog.ALL) {
      List<String> operations = spark.sql("DESCRIBE HISTORY " + t.fullName()).select("operation")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      assertThat(operations).as(t.fullName()).doesNotContain("ADD CONSTRAINT");
    }
    assertThatThrownBy(() -> spark.sql("INSERT INTO gold.daily_rewards (day, contributor_id, wallet, dpp, z_score, "
        + "class, pool, pool_budget, pool_dpp, amount, ruleset_version, run_id) VALUES (DATE'2020-01-01', 'c', "
        + "'0x0000000000000000000000000000000000000001', 1, 0.0, 'X', 'A', 1, 1, 1, 'v', 'r')"))
        .hasMessageContaining("class_known");
  }

  @Test
  void creatingATableRunsNoSparkJob() throws Exception {
    TableDef scratch = new TableDef("audit", "scratch_no_jobs", "a table made and dropped by this test",
        Catalog.APPROVALS.columns(), Catalog.APPROVALS.partitionedBy(), Catalog.APPROVALS.constraints(),
        Catalog.APPROVALS.properties());
    java.util.concurrent.atomic.AtomicInteger jobs = new java.util.concurrent.atomic.AtomicInteger();
    org.apache.spark.scheduler.SparkListener counter = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      assertThat(new CatalogInitializer(spark).initialize(List.of(scratch)))
          .containsExactly(new Outcome(scratch.fullName(), Action.CREATED));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      // With Delta's all-files-in-checksum on, each create ran a job to list the (empty) previous version.
      assertThat(jobs.get()).as("Spark jobs run by one CREATE TABLE").isZero();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
      spark.sql("DROP TABLE IF EXISTS " + scratch.fullName());
    }
  }

  @Test
  void secondInitChangesNothing() {
    Map<String, Long> before = versions();
    List<Outcome> outcomes = new CatalogInitializer(spark).initialize(Catalog.ALL);
    assertThat(outcomes).extracting(Outcome::action).containsOnly(Action.UNCHANGED);
    assertThat(versions()).isEqualTo(before);
  }

  @Test
  void setsAPropertyAnOlderLakehouseLacksAndOnlyThat() {
    TableDef shares = Catalog.SHARES;
    spark.sql("ALTER TABLE " + shares.fullName() + " UNSET TBLPROPERTIES ('delta.dataSkippingStatsColumns')");
    long before = DeltaTable.forName(spark, shares.fullName()).history(1).first().getLong(0);
    List<Outcome> outcomes = new CatalogInitializer(spark).initialize(List.of(shares, Catalog.HEARTBEATS));
    assertThat(outcomes).containsExactly(new Outcome(shares.fullName(), Action.PROPERTIES_SET),
        new Outcome(Catalog.HEARTBEATS.fullName(), Action.UNCHANGED));
    assertThat(DeltaTable.forName(spark, shares.fullName()).history(1).first().getLong(0)).isEqualTo(before + 1);
    Map<String, String> props = new HashMap<>();
    spark.sql("SHOW TBLPROPERTIES " + shares.fullName()).collectAsList()
        .forEach(r -> props.put(r.getString(0), r.getString(1)));
    assertThat(props).containsEntry("delta.dataSkippingStatsColumns", "ts,ingest_run_id,event_hash");
  }

  @Test
  void addsTheTrailingNullableColumnsAnOlderLakehouseLacks() {
    TableDef current = Catalog.REGISTRY_EVENTS;
    List<Column> older = current.columns().subList(0, current.columns().size() - 1);
    assertThat(current.columns().get(older.size()).nullable()).isTrue();
    spark.sql("DROP TABLE " + current.fullName());
    spark.sql(new TableDef(current.schema(), current.name(), current.comment(), older, current.partitionedBy(),
        current.constraints(), Map.of("delta.dataSkippingStatsColumns", "ts,ingest_run_id")).createDdl());
    spark.sql("INSERT INTO " + current.fullName() + " VALUES (DATE'2026-01-01', 'r1', 'bind', "
        + "TIMESTAMP'2026-01-01 00:00:00', 'dev1', 'alice', NULL, false, 'f', 1, 'b')");

    List<Outcome> outcomes = new CatalogInitializer(spark).initialize(List.of(current));
    assertThat(outcomes).containsExactly(new Outcome(current.fullName(), Action.COLUMNS_ADDED));
    assertThat(spark.table(current.fullName()).columns()).containsExactlyElementsOf(
        current.columns().stream().map(Column::name).toList());
    assertThat(spark.sql("SELECT count(*) FROM " + current.fullName() + " WHERE event_id = 'r1' AND "
        + "event_hash IS NULL").first().getLong(0)).as("the existing row, with the new column null").isEqualTo(1);
    assertThat(spark.sql("SHOW TBLPROPERTIES " + current.fullName() + " ('delta.dataSkippingStatsColumns')").first()
        .getString(1)).isEqualTo("ts,ingest_run_id,event_hash");
    assertThat(new CatalogInitializer(spark).initialize(List.of(current)))
        .containsExactly(new Outcome(current.fullName(), Action.UNCHANGED));
    spark.sql("DELETE FROM " + current.fullName());
  }

  /**
   * gold.daily_population_stats as a release before the retype made it (Q and V DECIMAL(38,0),
   * CHECK variance_term >= 0), holding {@code values}; the table's current definition.
   */
  private static TableDef olderPopulationStats(String values) {
    TableDef current = Catalog.POPULATION_STATS;
    List<Column> older = current.columns().stream().map(c -> Catalog.RETYPED_COLUMNS.get(current)
        .containsKey(c.name()) ? Column.required(c.name(), Catalog.MONEY, "old") : c).toList();
    Map<String, String> oldConstraints = new java.util.LinkedHashMap<>(current.constraints());
    oldConstraints.remove("exact_integers");
    oldConstraints.put("variance_non_negative", "variance_term >= 0");
    spark.sql("DROP TABLE " + current.fullName());
    spark.sql(new TableDef(current.schema(), current.name(), current.comment(), older, current.partitionedBy(),
        oldConstraints, current.properties()).createDdl());
    spark.sql("INSERT INTO " + current.fullName() + " VALUES " + values);
    return current;
  }

  /**
   * Q and V were DECIMAL(38,0), which two DPPs near the BIGINT maximum overflow: init rewrites a
   * lakehouse of that release in one commit, every row kept with the values as exact digits, the
   * retired constraint replaced, and the columns' comments and NOT NULL as defined.
   */
  @Test
  void rewritesTheColumnsWhoseTypeChangedKeepingEveryRow() {
    TableDef current = olderPopulationStats("(DATE'2026-01-01', 2, 30, 500, 15, 5, 100, 0, 1, 1, 0, NULL, NULL, NULL, "
        + "NULL, 'v', 'r1'), (DATE'2026-01-02', 0, 0, 0, NULL, NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL, 'v', 'r2')");
    long before = DeltaTable.forName(spark, current.fullName()).history(1).first().getLong(0);

    List<Outcome> outcomes = new CatalogInitializer(spark).initialize(List.of(current));
    assertThat(outcomes).containsExactly(new Outcome(current.fullName(), Action.RETYPED));
    assertThat(spark.sql("SELECT day, sum_dpp_sq, variance_term, run_id FROM " + current.fullName() + " ORDER BY day")
        .collectAsList()).extracting(Object::toString)
        .containsExactly("[2026-01-01,500,100,r1]", "[2026-01-02,0,0,r2]");
    Map<String, String> props = new HashMap<>();
    spark.sql("SHOW TBLPROPERTIES " + current.fullName()).collectAsList()
        .forEach(r -> props.put(r.getString(0), r.getString(1)));
    assertThat(props).containsEntry("delta.enableChangeDataFeed", "true")
        .containsKey("delta.constraints.classes_sum_to_n").containsKey("delta.constraints.exact_integers")
        .doesNotContainKey("delta.constraints.variance_non_negative");
    org.apache.spark.sql.types.StructField q = spark.table(current.fullName()).schema().apply("sum_dpp_sq");
    assertThat(q.dataType().sql()).isEqualTo("STRING");
    assertThat(q.nullable()).isFalse();
    assertThat(q.getComment().get()).startsWith("Q = sum of DPP squared");
    assertThatThrownBy(() -> spark.sql("INSERT INTO " + current.fullName() + " VALUES (DATE'2026-01-03', 1, 1, "
        + "'-1', 1, 0, '0', 0, 0, 1, 0, NULL, NULL, NULL, NULL, 'v', 'r3')")).hasMessageContaining("exact_integers");
    // Nothing else changed, and a second init finds nothing to do.
    assertThat(new CatalogInitializer(spark).initialize(List.of(current)))
        .containsExactly(new Outcome(current.fullName(), Action.UNCHANGED));
    assertThat(DeltaTable.forName(spark, current.fullName()).history(1).first().getLong(0)).isGreaterThan(before);
    spark.sql("DELETE FROM " + current.fullName());
  }

  /** An init killed after replacing the table but before copying its rows: the next init copies them. */
  @Test
  void aRetypeKilledBeforeItsCopyIsFinishedByTheNextInit() {
    TableDef current = olderPopulationStats("(DATE'2026-02-01', 2, 30, 500, 15, 5, 100, 0, 1, 1, 0, NULL, NULL, NULL, "
        + "NULL, 'v', 'r1')");
    long withRows = DeltaTable.forName(spark, current.fullName()).history(1).first().getLong(0);
    // Where the killed init stopped: the table replaced by its definition, marked, still empty.
    Map<String, String> marked = new java.util.LinkedHashMap<>(current.properties());
    marked.put(CatalogInitializer.RETYPE_FROM, Long.toString(withRows));
    spark.sql(new TableDef(current.schema(), current.name(), current.comment(), current.columns(),
        current.partitionedBy(), current.constraints(), marked).createDdl()
        .replaceFirst("^CREATE TABLE IF NOT EXISTS", "CREATE OR REPLACE TABLE"));
    assertThat(spark.table(current.fullName()).count()).isZero();

    assertThat(new CatalogInitializer(spark).initialize(List.of(current)))
        .containsExactly(new Outcome(current.fullName(), Action.RETYPED));
    assertThat(spark.sql("SELECT sum_dpp_sq, variance_term FROM " + current.fullName()).collectAsList())
        .extracting(Object::toString).containsExactly("[500,100]");
    assertThat(spark.sql("SHOW TBLPROPERTIES " + current.fullName()).collectAsList())
        .noneMatch(r -> r.getString(0).equals(CatalogInitializer.RETYPE_FROM));
    assertThat(new CatalogInitializer(spark).initialize(List.of(current)))
        .containsExactly(new Outcome(current.fullName(), Action.UNCHANGED));
    spark.sql("DELETE FROM " + current.fullName());
  }

  @Test
  void refusesATableWhoseColumnsAreNotAPrefixOfItsDefinition() {
    TableDef current = Catalog.REGISTRY_EVENTS;
    List<Column> reordered = new java.util.ArrayList<>(current.columns().subList(0, current.columns().size() - 1));
    java.util.Collections.swap(reordered, 1, 2);
    TableDef odd = new TableDef(current.schema(), "registry_events_reordered", current.comment(), reordered,
        current.partitionedBy(), Map.of(), Map.of());
    spark.sql(odd.createDdl());
    TableDef expected = new TableDef(current.schema(), odd.name(), current.comment(), current.columns(),
        current.partitionedBy(), Map.of(), Map.of());
    assertThatThrownBy(() -> new CatalogInitializer(spark).initialize(List.of(expected)))
        .hasMessageContaining("registry_events_reordered has columns");
    spark.sql("DROP TABLE " + odd.fullName());
  }

  @Test
  void createsEveryAuditViewAndEachRunsOnEmptyTables() {
    for (String view : Catalog.AUDIT_VIEWS) {
      assertThat(spark.catalog().tableExists("audit." + view)).as(view).isTrue();
      assertThat(spark.table("audit." + view).count()).as(view).isZero();
    }
    assertThat(spark.table("audit.daily_invariants").columns()).contains("pool_a_exact", "emitted_plus_not_emitted",
        "cap", "one_class_each", "all_hold");
  }

  @Test
  void checkConstraintsRejectBadRows() {
    assertThatThrownBy(() -> spark.sql("INSERT INTO gold.daily_rewards VALUES (DATE'2026-01-01', 'c1', NULL, 5, "
        + "NULL, 'E', 'A', 10, 5, 1, 'v', 'r')"))
        .hasMessageContaining("class_known");
    assertThatThrownBy(() -> spark.sql("INSERT INTO gold.daily_rewards VALUES (DATE'2026-01-01', 'c1', NULL, 5, "
        + "NULL, 'A', 'A', 10, 5, -1, 'v', 'r')"))
        .hasMessageContaining("amount_non_negative");
    assertThat(spark.table("gold.daily_rewards").count()).isZero();
  }

  @Test
  void appendOnlyTablesRefuseDeletes() {
    assertThatThrownBy(() -> spark.sql("DELETE FROM audit.reconciliation WHERE passed"))
        .hasMessageContaining("append");
  }

  @Test
  void refusesATableWhoseSchemaDiffersAndChangesNothing() {
    TableDef original = Catalog.APPROVALS;
    List<Column> changed = new java.util.ArrayList<>(original.columns());
    changed.set(3, Column.required("signature", "BINARY", "changed type"));
    TableDef drifted = new TableDef(original.schema(), original.name(), original.comment(), changed,
        original.partitionedBy(), original.constraints(), original.properties());
    Map<String, Long> before = versions();
    assertThatThrownBy(() -> new CatalogInitializer(spark).initialize(List.of(drifted)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("settlement.approvals.signature is STRING but the catalog expects BINARY")
        .hasMessageContaining("nothing was changed");

    TableDef repartitioned = new TableDef(original.schema(), original.name(), original.comment(),
        original.columns(), List.of(), original.constraints(), original.properties());
    assertThatThrownBy(() -> new CatalogInitializer(spark).initialize(List.of(repartitioned)))
        .hasMessageContaining("settlement.approvals is partitioned by [day] but the catalog expects []");
    assertThat(versions()).isEqualTo(before);
  }
}
