package io.bootcloud.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootcloud.core.catalog.Column;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.testing.SharedSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Option;

class DeltaFileAppendsTest {

  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);

  private static SparkSession spark;

  @BeforeAll
  static void init() {
    spark = SharedSpark.session();
    spark.sql("CREATE DATABASE IF NOT EXISTS appends_test");
  }

  /** A day-partitioned table with statistics on a number, a timestamp and a string. */
  private static TableDef table(String name) {
    return created(name, List.of(
        Column.required("n", "BIGINT", "a number"),
        Column.required("ts", "TIMESTAMP", "a time"),
        Column.optional("note", "STRING", "may be null"),
        Column.optional("k", "INT", "may be null")),
        Map.of(), Map.of("delta.dataSkippingStatsColumns", "n,ts,note,k"));
  }

  /** A new table appends_test.{@code name} of (day, event_id, then {@code more}), partitioned by day. */
  private static TableDef created(String name, List<Column> more, Map<String, String> constraints,
      Map<String, String> properties) {
    List<Column> columns = new ArrayList<>(List.of(Column.optional("day", "DATE", "partition"),
        Column.required("event_id", "STRING", "id")));
    columns.addAll(more);
    TableDef def = new TableDef("appends_test", name, "test table", columns, List.of("day"), constraints, properties);
    spark.sql("DROP TABLE IF EXISTS " + def.fullName());
    spark.sql(def.createDdl());
    return def;
  }

  /** Test rows: (day, event_id, n, ts, note, k); the null day is a partition too. */
  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    Instant t0 = Instant.parse("2026-03-01T10:15:30.123456Z");
    for (int i = 0; i < 50; i++) {
      LocalDate day = i % 5 == 4 ? null : i % 2 == 0 ? DAY1 : DAY2;
      rows.add(RowFactory.create(day == null ? null : Date.valueOf(day), "e" + i, (long) (i * 7 - 100),
          Timestamp.from(t0.plusMillis(i * 3_601_017L).plusNanos(i * 1_000L)), i % 3 == 0 ? null : "note" + i,
          i % 4 == 0 ? null : i));
    }
    return rows;
  }

  /** Writes {@code rows} as one task would, in one file per day. */
  private static List<TaskFiles.Written> writeAsTask(DeltaFileAppends.Target target, List<Row> rows) {
    TaskFiles files = new TaskFiles(target, 0, 0);
    for (Row r : rows) {
      LocalDate day = r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
      Instant ts = r.getTimestamp(3).toInstant();
      files.write(day, new Object[] {UTF8String.fromString(r.getString(1)), r.getLong(2),
          ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000, r.isNullAt(4) ? null
          : UTF8String.fromString(r.getString(4)), r.isNullAt(5) ? null : r.getInt(5)});
    }
    files.close();
    return files.written();
  }

  private static List<AddFile> filesOf(TableDef def) {
    return DeltaLog.forTable(spark, new TableIdentifier(def.name(), Option.apply(def.schema())))
        .update(false, Option.empty(), Option.empty()).allFiles().collectAsList();
  }

  private static long versionOf(TableDef def) {
    return DeltaLog.forTable(spark, new TableIdentifier(def.name(), Option.apply(def.schema())))
        .update(false, Option.empty(), Option.empty()).version();
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  @Test
  void committedFilesReadBackAsTheRowsWritten() {
    TableDef def = table("read_back");
    DeltaFileAppends.Target target = DeltaFileAppends.prepare(spark, def);
    List<TaskFiles.Written> written = writeAsTask(target, rows());
    assertThat(written).hasSize(3);
    long before = versionOf(def);

    assertThat(DeltaFileAppends.commit(spark, target, written, "app", 0)).isTrue();

    assertThat(versionOf(def)).isEqualTo(before + 1);
    assertThat(sorted(spark.table(def.fullName()).select("day", "event_id", "n", "ts", "note", "k").collectAsList()))
        .isEqualTo(sorted(rows()));
    assertThat(spark.table(def.fullName()).where("day IS NULL").count()).isEqualTo(10);
    List<Row> history = spark.sql("DESCRIBE HISTORY " + def.fullName()).orderBy("version").collectAsList();
    assertThat(history.get(history.size() - 1).<String>getAs("operation")).isEqualTo("WRITE");
  }

  @Test
  void statisticsEqualThoseOfDeltasOwnWriter() throws Exception {
    TableDef ours = table("stats_ours");
    TableDef theirs = table("stats_theirs");
    DeltaFileAppends.Target target = DeltaFileAppends.prepare(spark, ours);
    DeltaFileAppends.commit(spark, target, writeAsTask(target, rows()), "app", 0);
    spark.createDataFrame(rows(), TableSchemas.structOf(theirs)).repartition(1).write().format("delta")
        .mode("append").saveAsTable(theirs.fullName());

    Map<Map<String, String>, JsonNode> expected = statsByPartition(theirs);
    Map<Map<String, String>, JsonNode> actual = statsByPartition(ours);
    assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSize(3);
    for (Map<String, String> partition : expected.keySet()) {
      JsonNode e = expected.get(partition);
      JsonNode a = actual.get(partition);
      assertThat(a.get("numRecords")).isEqualTo(e.get("numRecords"));
      assertThat(a.get("nullCount")).isEqualTo(e.get("nullCount"));
      for (String bound : List.of("minValues", "maxValues")) {
        for (String column : List.of("n", "ts", "k")) {
          assertThat(a.get(bound).get(column)).as(partition + " " + bound + "." + column)
              .isEqualTo(e.get(bound).get(column));
        }
        // No string bounds: Delta would read a wrong one as a reason to skip a file.
        assertThat(a.get(bound).has("note")).isFalse();
      }
    }
  }

  private static Map<Map<String, String>, JsonNode> statsByPartition(TableDef def) throws Exception {
    Map<Map<String, String>, JsonNode> out = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (AddFile f : filesOf(def)) {
      Map<String, String> partition = new HashMap<>(scala.jdk.javaapi.CollectionConverters.asJava(f.partitionValues()));
      assertThat(out.put(partition, json.readTree(f.stats()))).as("one file per partition").isNull();
    }
    return out;
  }

  @Test
  void aReplayedCommitAddsNothingAndDeletesItsFiles() throws Exception {
    TableDef def = table("replay");
    DeltaFileAppends.Target target = DeltaFileAppends.prepare(spark, def);
    assertThat(DeltaFileAppends.commit(spark, target, writeAsTask(target, rows()), "stream-1", 4)).isTrue();
    long version = versionOf(def);
    List<TaskFiles.Written> again = writeAsTask(target, rows());

    assertThat(DeltaFileAppends.commit(spark, target, again, "stream-1", 4)).isFalse();

    assertThat(versionOf(def)).isEqualTo(version);
    assertThat(spark.table(def.fullName()).count()).isEqualTo(rows().size());
    for (TaskFiles.Written w : again) {
      Path p = new Path(target.root(), w.path());
      assertThat(p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)).as(w.path()).isFalse();
    }
    // A later version of the same stream is committed.
    assertThat(DeltaFileAppends.commit(spark, target, writeAsTask(target, rows()), "stream-1", 5)).isTrue();
    assertThat(spark.table(def.fullName()).count()).isEqualTo(2L * rows().size());
  }

  @Test
  void refusesANullInARequiredColumn() {
    TableDef def = table("not_null");
    TaskFiles files = new TaskFiles(DeltaFileAppends.prepare(spark, def), 0, 0);
    assertThatThrownBy(() -> files.write(DAY1, new Object[] {UTF8String.fromString("e1"), null, 0L, null, null}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("appends_test.not_null.n is NOT NULL");
    files.close();
  }

  @Test
  void refusesATableWhoseStoredColumnsDifferFromItsDefinition() {
    TableDef def = table("drifted");
    spark.sql("ALTER TABLE " + def.fullName() + " ADD COLUMNS (extra STRING)");
    assertThatThrownBy(() -> DeltaFileAppends.prepare(spark, def))
        .hasMessageContaining("run 'bootcloud init'");
  }

  /** A day-partitioned table with a map column and a CHECK constraint, as the run ledger has. */
  private static TableDef checkedTable(String name) {
    return created(name, List.of(
        Column.required("status", "STRING", "one of two"),
        Column.required("counts", "MAP<STRING, BIGINT>", "a map"),
        Column.optional("ts", "TIMESTAMP", "may be null")),
        Map.of("status_known", "status IN ('OPEN', 'DONE')"), Map.of());
  }

  private static Row checkedRow(LocalDate day, String id, String status) {
    return RowFactory.create(day == null ? null : Date.valueOf(day), id, status,
        scala.collection.immutable.Map$.MODULE$.<String, Long>empty().updated("a", 1L).updated("b", -7L),
        id.endsWith("0") ? null : Timestamp.from(Instant.parse("2026-03-01T10:15:30.123456Z")));
  }

  @Test
  void rowsAppendedOnTheDriverReadBackAsWrittenInOneCommitWithDeltasCounts() throws Exception {
    TableDef ours = checkedTable("driver_ours");
    TableDef theirs = checkedTable("driver_theirs");
    List<Row> rows = List.of(checkedRow(DAY1, "e1", "OPEN"), checkedRow(DAY1, "e2", "DONE"),
        checkedRow(null, "e10", "DONE"), checkedRow(DAY2, "e3", "OPEN"));
    long before = versionOf(ours);

    long committed = DeltaFileAppends.appendOnDriver(spark, DeltaFileAppends.prepare(spark, ours),
        TableSchemas.structOf(ours), rows);
    spark.createDataFrame(rows, TableSchemas.structOf(theirs)).repartition(1).write().format("delta")
        .mode("append").saveAsTable(theirs.fullName());

    assertThat(committed).isEqualTo(before + 1).isEqualTo(versionOf(ours));
    String columns = "day, event_id, status, to_json(counts), ts";
    assertThat(sorted(spark.table(ours.fullName()).selectExpr(columns.split(", ")).collectAsList()))
        .isEqualTo(sorted(spark.table(theirs.fullName()).selectExpr(columns.split(", ")).collectAsList()))
        .hasSize(4);
    assertThat(spark.table(ours.fullName()).where("day IS NULL").count()).isEqualTo(1);
    List<Row> history = spark.sql("DESCRIBE HISTORY " + ours.fullName()).orderBy("version").collectAsList();
    assertThat(history.get(history.size() - 1).<String>getAs("operation")).isEqualTo("WRITE");
    Map<Map<String, String>, JsonNode> expected = statsByPartition(theirs);
    Map<Map<String, String>, JsonNode> actual = statsByPartition(ours);
    assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSize(3);
    for (Map<String, String> partition : expected.keySet()) {
      assertThat(actual.get(partition).get("numRecords")).isEqualTo(expected.get(partition).get("numRecords"));
      assertThat(actual.get(partition).get("nullCount")).as(partition + " nullCount")
          .isEqualTo(expected.get(partition).get("nullCount"));
    }
  }

  @Test
  void aRowBreakingACheckConstraintOrANotNullColumnIsRefusedAndNothingIsWritten() throws Exception {
    TableDef def = checkedTable("driver_refused");
    DeltaFileAppends.Target target = DeltaFileAppends.prepare(spark, def);
    long before = versionOf(def);

    assertThatThrownBy(() -> DeltaFileAppends.appendOnDriver(spark, target, TableSchemas.structOf(def),
        List.of(checkedRow(DAY1, "e1", "OPEN"), checkedRow(DAY1, "e2", "LOST"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CHECK constraint status_known")
        .hasMessageContaining("appends_test.driver_refused")
        .hasMessageContaining("LOST");
    assertThatThrownBy(() -> DeltaFileAppends.appendOnDriver(spark, target, TableSchemas.structOf(def),
        List.of(checkedRow(DAY1, "e1", "OPEN"), RowFactory.create(Date.valueOf(DAY1), null, "OPEN",
            scala.collection.immutable.Map$.MODULE$.empty(), null))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("appends_test.driver_refused.event_id is NOT NULL");

    assertThat(versionOf(def)).isEqualTo(before);
    assertThat(spark.table(def.fullName()).count()).isZero();
    org.apache.hadoop.fs.FileSystem fs = new Path(target.root()).getFileSystem(spark.sparkContext().hadoopConfiguration());
    assertThat(fs.exists(new Path(target.root(), "day=" + DAY1))
        && fs.listStatus(new Path(target.root(), "day=" + DAY1)).length > 0).as("no file left in day=" + DAY1).isFalse();
  }
}
