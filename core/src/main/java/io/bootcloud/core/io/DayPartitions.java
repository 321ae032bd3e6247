package io.bootcloud.core.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.ledger.CarriedRead;
import io.bootcloud.core.ledger.DayValues;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.SmallQueries;
import io.bootcloud.core.spark.SideBySide;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one day of a day-partitioned table so that a rerun is idempotent (DESIGN.md invariant
 * 6): the day's rows are replaced atomically (Delta overwrite by the {@code day} predicate), and
 * when the new rows equal the stored ones, ignoring the columns that only identify the run
 * ({@code run_id}), nothing is written at all — no new Delta version, same table contents.
 */
public final class DayPartitions {

  /** Columns that identify the run that wrote a row rather than its content. */
  public static final List<String> RUN_COLUMNS = List.of("run_id");

  private DayPartitions() {}

  /** The stored rows of {@code day}. */
  public static Dataset<Row> read(SparkSession spark, TableDef table, LocalDate day) {
    return spark.table(table.fullName()).where(col("day").equalTo(lit(java.sql.Date.valueOf(day))));
  }

  /**
   * The bytes under {@code day}'s partition folder of {@code table}: the day's data files, and
   * files of earlier versions not yet vacuumed, so never less than what a read of the day scans.
   * One listing of the storage, no Spark job; 0 when the day has no folder.
   */
  public static long storedBytes(SparkSession spark, TableDef table, LocalDate day) {
    org.apache.spark.sql.catalyst.TableIdentifier id = org.apache.spark.sql.catalyst.TableIdentifier.apply(
        table.name(), scala.Option.apply(table.schema()));
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, id).dataPath(), "day=" + day);
    try {
      org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(spark.sessionState().newHadoopConf());
      return fs.exists(dir) ? fs.getContentSummary(dir).getLength() : 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * The rows of {@code day} as Delta version {@code version} of the table held them (time travel):
   * what a run that recorded that version as its input read, whatever was written since.
   */
  public static Dataset<Row> readAt(SparkSession spark, TableDef table, LocalDate day, long version) {
    return tableAt(spark, table, version).where(col("day").equalTo(lit(java.sql.Date.valueOf(day))));
  }

  /** Every row of Delta version {@code version} of the table. */
  public static Dataset<Row> tableAt(SparkSession spark, TableDef table, long version) {
    if (version < 0) {
      throw new IllegalArgumentException("version of " + table.fullName() + " must be >= 0, got " + version);
    }
    return spark.sql("SELECT * FROM " + table.fullName() + " VERSION AS OF " + version);
  }

  /**
   * Replaces the rows of {@code day} with {@code rows} (already in the table's schema); returns
   * true when it wrote, false when the stored content was already identical.
   */
  public static boolean replaceDay(SparkSession spark, TableDef table, LocalDate day, Dataset<Row> rows) {
    Dataset<Row> conformed = conform(table, rows);
    Dataset<Row> stored = read(spark, table, day);
    if (sameContent(stored, conformed)) {
      return false;
    }
    overwriteDay(table, day, conformed);
    return true;
  }

  /**
   * {@link #replaceDay} for a day job of a command that may compute several days: how many rows each
   * of the command's days holds is read once ({@link RunLedger#carried}) and carried after each write,
   * so a day whose row count changes is written without reading its stored rows first; only a day
   * holding as many rows as the new ones is compared row by row. A day that holds no row is
   * appended to ({@link #writeDay}). The caller runs under its job's lease of the day
   * ({@link RunLedger#run}), and the table is that job's output alone.
   */
  public static Replaced replaceDay(SparkSession spark, RunLedger ledger, TableDef table, LocalDate day,
      Dataset<Row> rows) {
    Dataset<Row> conformed = conform(table, rows);
    CarriedRead<DayValues<Long>> carried = ledger.carried(table.fullName() + " rows per day around the days", table);
    RunLedger.Span needed = new RunLedger.Span(day, day);
    RunLedger.Span window = ledger.around(day, 0, 0);
    long stored = carried.get(held -> held.covers(needed),
        () -> new DayValues<>(window, rowsPerDay(spark, table, window))).byDay().getOrDefault(day, 0L);
    long fresh = conformed.count();
    if (stored == fresh && sameContent(read(spark, table, day), conformed)) {
      return new Replaced(false, fresh);
    }
    writeDay(table, day, conformed, stored == 0);
    carried.wrote(table, held -> held.with(day, fresh));
    return new Replaced(true, fresh);
  }

  /** What a ledgered {@code replaceDay} did: whether it wrote, and how many rows the day holds now. */
  public record Replaced(boolean wrote, long rows) {}

  /**
   * Writes {@code day}'s rows: an append when {@code dayIsEmpty}, else an overwrite of the day. The
   * append is the same replacement without Delta's list of the day's stored files, which costs a
   * reconstruction of the table's state from its log at every new version (docs/benchmarks.md,
   * Session 34). {@code dayIsEmpty} must hold at the table's latest version, with nobody else able to add
   * rows of the day before this commit: the caller's lease of the day and the table's one writer
   * ensure that (the day's overwrite would otherwise have failed on Delta's conflict check).
   */
  private static void writeDay(TableDef table, LocalDate day, Dataset<Row> conformed, boolean dayIsEmpty) {
    try {
      if (dayIsEmpty) {
        conformed.writeTo(table.fullName()).append();
      } else {
        conformed.writeTo(table.fullName()).overwrite(col("day").equalTo(lit(java.sql.Date.valueOf(day))));
      }
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new io.bootcloud.core.UserException(
          "table " + table.fullName() + " does not exist; run 'bootcloud init' first");
    }
    FailPoints.afterCommit(table.fullName());
  }

  /** Rows per day of {@code table} over the days of {@code span}: one aggregate query. */
  private static Map<LocalDate, Long> rowsPerDay(SparkSession spark, TableDef table, RunLedger.Span span) {
    Map<LocalDate, Long> rows = new java.util.HashMap<>();
    for (Row r : SmallQueries.interpreted(spark, () -> spark.table(table.fullName()).where(span.on(col("day")))
        .groupBy("day").count().collectAsList())) {
      rows.put(r.getDate(0).toLocalDate(), r.getLong(1));
    }
    return rows;
  }

  private static Dataset<Row> conform(TableDef table, Dataset<Row> rows) {
    return rows.select(Arrays.stream(TableSchemas.structOf(table).fieldNames())
        .map(n -> col("`" + n + "`")).toArray(Column[]::new));
  }

  /**
   * Replaces {@code day}'s rows of every table in {@code rowsByTable}, all or none, so that after
   * a successful run the day's tables hold the rows of that one run (DESIGN.md "A day's outputs
   * become visible together"; readers take a day only when every table shows one succeeded run,
   * see {@code audit.reward_runs}). Nothing is written when {@code storedComplete} (the stored
   * rows are one succeeded run's) and every table already holds the same content; otherwise every
   * table is rewritten. Returns true when it wrote.
   */
  public static boolean replaceDaysTogether(SparkSession spark, LocalDate day, Map<TableDef, Dataset<Row>> rowsByTable,
      boolean storedComplete) {
    Map<TableDef, Dataset<Row>> conformed = new java.util.LinkedHashMap<>();
    rowsByTable.forEach((table, rows) -> conformed.put(table, conform(table, rows)));
    if (storedComplete) {
      List<Callable<Boolean>> comparisons = new ArrayList<>();
      conformed.forEach((table, rows) -> comparisons.add(() -> sameContent(read(spark, table, day), rows)));
      if (!SideBySide.run(spark, comparisons).contains(false)) {
        return false;
      }
    }
    List<Callable<Boolean>> writes = new ArrayList<>();
    conformed.forEach((table, rows) -> writes.add(() -> {
      overwriteDay(table, day, rows);
      return true;
    }));
    SideBySide.run(spark, writes);
    return true;
  }

  /**
   * {@link #replaceDaysTogether} for a day job of a command that may compute several days: which of
   * the command's days hold rows in any of the tables is read once ({@link RunLedger#carried}) and
   * carried after each write. A day that holds no row in any table is appended to in every table
   * ({@link #writeDay}), side by side and without comparing; the caller runs under its job's lease of
   * the day, and the tables are that job's outputs alone.
   */
  public static boolean replaceDaysTogether(SparkSession spark, RunLedger ledger, LocalDate day,
      Map<TableDef, Dataset<Row>> rowsByTable, boolean storedComplete) {
    TableDef[] tables = rowsByTable.keySet().toArray(TableDef[]::new);
    CarriedRead<DayValues<Boolean>> carried = ledger.carried("days holding rows of "
        + rowsByTable.keySet().stream().map(TableDef::fullName).toList(), tables);
    RunLedger.Span needed = new RunLedger.Span(day, day);
    RunLedger.Span window = ledger.around(day, 0, 0);
    boolean dayIsEmpty = !carried.get(held -> held.covers(needed),
        () -> new DayValues<>(window, daysWithRows(spark, List.of(tables), window))).byDay().containsKey(day);
    boolean wrote;
    if (dayIsEmpty) {
      List<Callable<Boolean>> appends = new ArrayList<>();
      rowsByTable.forEach((table, rows) -> appends.add(() -> {
        writeDay(table, day, conform(table, rows), true);
        return true;
      }));
      SideBySide.run(spark, appends);
      wrote = true;
    } else {
      wrote = replaceDaysTogether(spark, day, rowsByTable, storedComplete);
    }
    if (wrote) {
      for (TableDef table : tables) {
        carried.wrote(table, held -> held.with(day, true));
      }
    }
    return wrote;
  }

  /** The days of {@code span} that hold a row in any of {@code tables}: one query. */
  private static Map<LocalDate, Boolean> daysWithRows(SparkSession spark, List<TableDef> tables, RunLedger.Span span) {
    Dataset<Row> days = null;
    for (TableDef table : tables) {
      Dataset<Row> some = spark.table(table.fullName()).where(span.on(col("day"))).select("day").distinct();
      days = days == null ? some : days.union(some);
    }
    Map<LocalDate, Boolean> out = new java.util.HashMap<>();
    Dataset<Row> all = days;
    for (Row r : SmallQueries.interpreted(spark, () -> all.distinct().collectAsList())) {
      out.put(r.getDate(0).toLocalDate(), Boolean.TRUE);
    }
    return out;
  }

  private static void overwriteDay(TableDef table, LocalDate day, Dataset<Row> conformed) {
    writeDay(table, day, conformed, false);
  }

  /**
   * {@link #replaceDay} of several tables at once, in one thread each: their reads, writes and
   * Delta commits are independent, and a small day's write is mostly waiting on the driver, so
   * running them side by side saves most of that wait. Every table is attempted; the first failure
   * is rethrown once all have finished. Returns true when any table was written.
   */
  public static boolean replaceDays(SparkSession spark, LocalDate day, Map<TableDef, Dataset<Row>> rowsByTable) {
    List<Callable<Boolean>> writes = new ArrayList<>();
    rowsByTable.forEach((table, rows) -> writes.add(() -> replaceDay(spark, table, day, rows)));
    return SideBySide.run(spark, writes).contains(true);
  }

  /** True when both hold the same multiset of rows, ignoring {@link #RUN_COLUMNS}. */
  public static boolean sameContent(Dataset<Row> a, Dataset<Row> b) {
    // Set operations refuse maps: compare a map as its sorted entries.
    Column[] content = Arrays.stream(a.schema().fields())
        .filter(f -> !RUN_COLUMNS.contains(f.name()))
        .map(f -> f.dataType() instanceof org.apache.spark.sql.types.MapType
            ? org.apache.spark.sql.functions.array_sort(org.apache.spark.sql.functions.map_entries(col("`" + f.name() + "`")))
                .as(f.name())
            : col("`" + f.name() + "`"))
        .toArray(Column[]::new);
    Dataset<Row> left = a.select(content);
    Dataset<Row> right = b.select(content);
    // Counts first: a day computed for the first time differs without any comparison. With equal
    // counts one multiset difference decides: left - right empty means left is contained in right,
    // and a contained multiset of the same size is equal.
    long count = left.count();
    if (count != right.count()) {
      return false;
    }
    return count == 0 || left.exceptAll(right).isEmpty();
  }
}
