package io.bootcloud.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DayPartitionsTest {

  private static SparkSession spark;

  @BeforeAll
  static void init() {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
  }

  /** One row of {@code table} for {@code day}: 1 in every number, "x" in every string, no map, then {@code values}. */
  static Dataset<Row> oneRow(TableDef table, LocalDate day, Map<String, Object> values) {
    StructType schema = TableSchemas.structOf(table);
    Object[] row = new Object[schema.size()];
    for (int i = 0; i < row.length; i++) {
      StructField f = schema.fields()[i];
      row[i] = values.containsKey(f.name()) ? values.get(f.name())
          : f.name().equals("day") ? Date.valueOf(day)
          : f.dataType() instanceof DecimalType ? BigDecimal.ONE
          : f.dataType().equals(DataTypes.IntegerType) ? 1
          : f.dataType().equals(DataTypes.LongType) ? 1L
          : f.dataType().equals(DataTypes.DoubleType) ? 1.0
          : f.dataType().equals(DataTypes.BooleanType) ? false
          : f.dataType() instanceof org.apache.spark.sql.types.MapType ? null
          : "x";
    }
    return SharedSpark.session().createDataFrame(List.of(RowFactory.create(row)), schema);
  }

  private static long rowsOf(TableDef table, LocalDate day) {
    return DayPartitions.read(spark, table, day).count();
  }

  @Test
  void replaceDaysWritesEveryTableAndARerunWritesNothing() {
    LocalDate day = LocalDate.of(2026, 5, 1);
    Map<TableDef, Dataset<Row>> outputs = new LinkedHashMap<>();
    outputs.put(Catalog.DAILY_DPP, oneRow(Catalog.DAILY_DPP, day, Map.of()));
    outputs.put(Catalog.DAILY_REWARDS, oneRow(Catalog.DAILY_REWARDS, day, Map.of("class", "A", "pool", "A")));

    assertThat(DayPartitions.replaceDays(spark, day, outputs)).isTrue();
    assertThat(rowsOf(Catalog.DAILY_DPP, day)).isEqualTo(1);
    assertThat(rowsOf(Catalog.DAILY_REWARDS, day)).isEqualTo(1);

    RunLedger ledger = new RunLedger(spark);
    long dppVersion = ledger.currentVersion(Catalog.DAILY_DPP);
    long rewardsVersion = ledger.currentVersion(Catalog.DAILY_REWARDS);
    assertThat(DayPartitions.replaceDays(spark, day, outputs)).isFalse();
    assertThat(ledger.currentVersion(Catalog.DAILY_DPP)).isEqualTo(dppVersion);
    assertThat(ledger.currentVersion(Catalog.DAILY_REWARDS)).isEqualTo(rewardsVersion);
  }

  @Test
  void replaceDaysWritesTheOtherTablesAndRethrowsAFailedOne() {
    LocalDate day = LocalDate.of(2026, 5, 2);
    Map<TableDef, Dataset<Row>> outputs = new LinkedHashMap<>();
    // amount 2 > pool_budget 1 breaks the amount_within_budget constraint of gold.daily_rewards.
    outputs.put(Catalog.DAILY_REWARDS, oneRow(Catalog.DAILY_REWARDS, day,
        Map.of("class", "A", "pool", "A", "amount", BigDecimal.valueOf(2))));
    outputs.put(Catalog.DAILY_DPP, oneRow(Catalog.DAILY_DPP, day, Map.of()));

    assertThatThrownBy(() -> DayPartitions.replaceDays(spark, day, outputs))
        .hasStackTraceContaining("amount_within_budget");
    assertThat(rowsOf(Catalog.DAILY_REWARDS, day)).isZero();
    assertThat(rowsOf(Catalog.DAILY_DPP, day)).isEqualTo(1);
  }

  /** The write mode of the table's latest commit: Append or Overwrite. */
  private static String lastWriteMode(TableDef table) {
    return spark.sql("DESCRIBE HISTORY " + table.fullName() + " LIMIT 1").select("operationParameters.mode")
        .first().getString(0);
  }

  private static List<String> contributorsOf(TableDef table, LocalDate day) {
    return DayPartitions.read(spark, table, day).select("contributor_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().stream().sorted().toList();
  }

  /**
   * Under a command's ledger, a day no table holds is appended to (no list of stored files to
   * replace), and a half-written day, whose rows one table holds from an earlier run, is
   * overwritten in every table: no row is there twice.
   */
  @Test
  void aLedgeredWriteAppendsToAnEmptyDayAndOverwritesAHalfWrittenOne() {
    LocalDate empty = LocalDate.of(2026, 6, 1);
    LocalDate half = LocalDate.of(2026, 6, 2);
    RunLedger ledger = new RunLedger(spark);
    ledger.days(List.of(empty, half));
    DayPartitions.replaceDays(spark, half, Map.of(Catalog.DAILY_DPP,
        oneRow(Catalog.DAILY_DPP, half, Map.of("contributor_id", "earlier"))));
    java.util.function.Function<LocalDate, Map<TableDef, Dataset<Row>>> outputs = day -> {
      Map<TableDef, Dataset<Row>> o = new LinkedHashMap<>();
      o.put(Catalog.DAILY_DPP, oneRow(Catalog.DAILY_DPP, day, Map.of("contributor_id", "c1")));
      o.put(Catalog.DAILY_REWARDS, oneRow(Catalog.DAILY_REWARDS, day,
          Map.of("contributor_id", "c1", "class", "A", "pool", "A")));
      return o;
    };

    assertThat(DayPartitions.replaceDaysTogether(spark, ledger, empty, outputs.apply(empty), false)).isTrue();
    assertThat(lastWriteMode(Catalog.DAILY_DPP)).isEqualTo("Append");
    assertThat(lastWriteMode(Catalog.DAILY_REWARDS)).isEqualTo("Append");
    assertThat(contributorsOf(Catalog.DAILY_DPP, empty)).containsExactly("c1");

    assertThat(DayPartitions.replaceDaysTogether(spark, ledger, half, outputs.apply(half), false)).isTrue();
    assertThat(lastWriteMode(Catalog.DAILY_DPP)).isEqualTo("Overwrite");
    assertThat(lastWriteMode(Catalog.DAILY_REWARDS)).isEqualTo("Overwrite");
    assertThat(contributorsOf(Catalog.DAILY_DPP, half)).containsExactly("c1");
    assertThat(contributorsOf(Catalog.DAILY_REWARDS, half)).containsExactly("c1");

    // One table: the empty day of another command is appended to, then replaced by two rows.
    LocalDate single = LocalDate.of(2026, 6, 3);
    RunLedger next = new RunLedger(spark);
    next.days(List.of(single));
    assertThat(DayPartitions.replaceDay(spark, next, Catalog.DAILY_DPP, single,
        oneRow(Catalog.DAILY_DPP, single, Map.of("contributor_id", "c1")))).isEqualTo(new DayPartitions.Replaced(true, 1));
    assertThat(lastWriteMode(Catalog.DAILY_DPP)).isEqualTo("Append");
    Dataset<Row> two = oneRow(Catalog.DAILY_DPP, single, Map.of("contributor_id", "c2"))
        .union(oneRow(Catalog.DAILY_DPP, single, Map.of("contributor_id", "c3")));
    assertThat(DayPartitions.replaceDay(spark, next, Catalog.DAILY_DPP, single, two))
        .isEqualTo(new DayPartitions.Replaced(true, 2));
    assertThat(lastWriteMode(Catalog.DAILY_DPP)).isEqualTo("Overwrite");
    assertThat(contributorsOf(Catalog.DAILY_DPP, single)).containsExactly("c2", "c3");
    assertThat(DayPartitions.replaceDay(spark, next, Catalog.DAILY_DPP, single, two))
        .isEqualTo(new DayPartitions.Replaced(false, 2));
  }

  private static Dataset<Row> rows(String... values) {
    return spark.createDataFrame(java.util.Arrays.stream(values).map(v -> RowFactory.create(v, "run-" + v)).toList(),
        new StructType().add("v", DataTypes.StringType).add("run_id", DataTypes.StringType));
  }

  /** Same content means the same multiset of rows: order and run ids do not count, repeats do. */
  @Test
  void sameContentComparesMultisetsIgnoringOrderAndRunIds() {
    assertThat(DayPartitions.sameContent(rows("a", "b", "b"), rows("b", "a", "b").withColumn("run_id",
        org.apache.spark.sql.functions.lit("other")))).isTrue();
    assertThat(DayPartitions.sameContent(rows(), rows())).isTrue();
    // Equal counts and equal sets, different multiplicities: in either order of the arguments.
    assertThat(DayPartitions.sameContent(rows("a", "a", "b"), rows("a", "b", "b"))).isFalse();
    assertThat(DayPartitions.sameContent(rows("a", "b", "b"), rows("a", "a", "b"))).isFalse();
    assertThat(DayPartitions.sameContent(rows("a", "b"), rows("a", "c"))).isFalse();
    assertThat(DayPartitions.sameContent(rows("a"), rows("a", "a"))).isFalse();
    assertThat(DayPartitions.sameContent(rows(), rows("a"))).isFalse();
  }
}
