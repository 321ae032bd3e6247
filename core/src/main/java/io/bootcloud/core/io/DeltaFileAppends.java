package io.bootcloud.core.io;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Column;
import io.bootcloud.core.catalog.TableDef;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Appends to a Delta table Parquet files that a job's own tasks wrote ({@link TaskFiles}), in one
 * commit per table with Delta's {@code txnAppId}/{@code txnVersion} pair, so that one pass over
 * the input can write several tables: Spark's writer takes one table a job. {@link #appendOnDriver}
 * writes a few rows from the driver the same way, without a Spark job at all.
 *
 * <p>The files are those Delta's own writer would write (its file format and Parquet settings;
 * statistics as {@link FileStats} describes). Delta's writer also checks NOT NULL columns, which
 * {@link TaskFiles} does too, and CHECK constraints, which this path does not: use it only for
 * rows a domain validator has already held to the same rules. Files of a commit that finds its
 * (app id, version) already committed — a replayed batch — are deleted, not added twice.
 */
public final class DeltaFileAppends {

  /** Directory name of a null partition value, as Spark writes it. */
  static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  /** Delta's default number of leading columns with statistics when a table names none. */
  private static final int DEFAULT_INDEXED_COLUMNS = 32;

  private DeltaFileAppends() {}

  /** What tasks need to write one table's files; built once a run on the driver. */
  public record Target(String table, String root, String partitionColumn, StructType dataSchema,
      OutputWriterFactory factory, Broadcast<SerializableConfiguration> conf, int[] statsColumns,
      int[] requiredColumns) implements Serializable {

    Configuration hadoopConf() {
      return conf.value().value();
    }
  }

  /**
   * Prepares {@code table}, which must be partitioned by one column and stored with exactly the
   * columns of its definition (otherwise {@code bootcloud init} has not run since it changed).
   */
  public static Target prepare(SparkSession spark, TableDef table) {
    return prepare(spark, table, Map.of());
  }

  /**
   * {@link #prepare(SparkSession, TableDef)} with Parquet writer settings of its own (e.g.
   * {@code parquet.column.statistics.enabled#raw = false}); they apply to these files only.
   */
  public static Target prepare(SparkSession spark, TableDef table, Map<String, String> parquetOptions) {
    if (table.partitionedBy().size() != 1) {
      throw new IllegalArgumentException(table.fullName() + ": task-written files need one partition column");
    }
    DeltaLog log = DeltaLog.forTable(spark, new TableIdentifier(table.name(), Option.apply(table.schema())));
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    List<String> stored = Arrays.asList(snapshot.schema().fieldNames());
    List<String> defined = table.columns().stream().map(Column::name).toList();
    if (!stored.equals(defined)) {
      throw new UserException("table " + table.fullName() + " has columns " + stored + " but this version defines "
          + defined + "; run 'bootcloud init' to bring the lakehouse up to date");
    }
    String partition = table.partitionedBy().get(0);
    StructType dataSchema = new StructType(Arrays.stream(snapshot.schema().fields())
        .filter(f -> !f.name().equals(partition)).toArray(StructField[]::new));
    try {
      Job job = Job.getInstance(log.newDeltaHadoopConf());
      OutputWriterFactory factory = log.fileFormat(snapshot.protocol(), snapshot.metadata())
          .prepareWrite(spark, job, scala.collection.immutable.Map$.MODULE$.empty(), dataSchema);
      parquetOptions.forEach(job.getConfiguration()::set);
      Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(new SerializableConfiguration(job.getConfiguration()));
      return new Target(table.fullName(), log.dataPath().toString(), partition, dataSchema, factory, conf,
          statsColumns(snapshot, dataSchema),
          IntStream.range(0, dataSchema.size()).filter(i -> !dataSchema.fields()[i].nullable()).toArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a write to " + table.fullName(), e);
    }
  }

  /** Data columns Delta keeps statistics on: the table's {@code delta.dataSkippingStatsColumns}, or its first 32. */
  private static int[] statsColumns(Snapshot snapshot, StructType dataSchema) {
    Option<String> named = snapshot.metadata().configuration().get("delta.dataSkippingStatsColumns");
    List<String> names = named.isDefined()
        ? Arrays.stream(named.get().split(",")).map(String::trim).toList()
        : Arrays.asList(snapshot.schema().fieldNames()).subList(0,
            Math.min(DEFAULT_INDEXED_COLUMNS, snapshot.schema().size()));
    return IntStream.range(0, dataSchema.size()).filter(i -> names.contains(dataSchema.fields()[i].name())).toArray();
  }

  /**
   * Adds {@code files} (all written for {@code target}) to the table in one commit marked
   * ({@code appId}, {@code version}); returns false, and deletes the files, when that pair is
   * already committed there.
   */
  public static boolean commit(SparkSession spark, Target target, List<TaskFiles.Written> files, String appId,
      long version) {
    DeltaLog log = DeltaLog.forTable(spark, new Path(target.root()));
    OptimisticTransaction txn = log.startTransaction();
    if (txn.txnVersion(appId) >= version) {
      discard(target, files);
      return false;
    }
    List<Action> actions = adds(target, files);
    actions.add(new SetTransaction(appId, version, Option.apply(System.currentTimeMillis())));
    txn.commit(CollectionConverters.asScala(actions).toSeq(), append());
    return true;
  }

  /**
   * Appends {@code rows} (every column of {@code target}'s table, in table order) written here on the
   * driver, in one blind commit without a Spark job: for the few rows a job records about itself
   * (the run ledger writes one row twice a run). The rows are first held to the table's CHECK
   * constraints as its metadata states them (a row for which one is false or null is refused, as
   * Delta's writer refuses it) and {@link TaskFiles} holds them to its NOT NULL columns. Returns the
   * version committed. Nothing is added, and the files are deleted, when the commit fails.
   */
  public static long appendOnDriver(SparkSession spark, Target target, StructType schema, List<Row> rows) {
    DeltaLog log = DeltaLog.forTable(spark, new Path(target.root()));
    OptimisticTransaction txn = log.startTransaction();
    refuseUnlessChecked(spark, target, txn.snapshot(), schema, rows);
    int partition = schema.fieldIndex(target.partitionColumn());
    int[] data = Arrays.stream(target.dataSchema().fieldNames()).mapToInt(schema::fieldIndex).toArray();
    scala.Function1<Object, Object> toInternal = CatalystTypeConverters.createToCatalystConverter(schema);
    TaskFiles files = new TaskFiles(target, 0, 0);
    try {
      for (Row row : rows) {
        InternalRow internal = (InternalRow) toInternal.apply(row);
        Object[] values = new Object[data.length];
        for (int i = 0; i < data.length; i++) {
          values[i] = internal.isNullAt(data[i]) ? null : internal.get(data[i], schema.fields()[data[i]].dataType());
        }
        java.sql.Date day = row.isNullAt(partition) ? null : row.getDate(partition);
        files.write(day == null ? null : day.toLocalDate(), values);
      }
    } catch (RuntimeException e) {
      files.close();
      discard(target, files.written());
      throw e;
    }
    files.close();
    List<TaskFiles.Written> written = files.written();
    try {
      return txn.commit(CollectionConverters.asScala(adds(target, written)).toSeq(), append());
    } catch (RuntimeException e) {
      discard(target, written);
      throw e;
    }
  }

  /** Refuses {@code rows} when a CHECK constraint of the table ({@code delta.constraints.*}) is false or null for one. */
  private static void refuseUnlessChecked(SparkSession spark, Target target, Snapshot snapshot, StructType schema,
      List<Row> rows) {
    Map<String, String> constraints = new java.util.TreeMap<>();
    CollectionConverters.asJava(snapshot.metadata().configuration()).forEach((k, v) -> {
      if (k.startsWith("delta.constraints.")) {
        constraints.put(k.substring("delta.constraints.".length()), v);
      }
    });
    if (constraints.isEmpty()) {
      return;
    }
    Dataset<Row> local = spark.createDataFrame(rows, schema);
    for (Map.Entry<String, String> c : constraints.entrySet()) {
      // A filter over local rows: Spark evaluates it while planning, without a job.
      List<Row> refused = local.where(functions.not(functions.coalesce(functions.expr(c.getValue()),
          functions.lit(false)))).collectAsList();
      if (!refused.isEmpty()) {
        throw new IllegalStateException("CHECK constraint " + c.getKey() + " (" + c.getValue() + ") of "
            + target.table() + " violated by row " + refused.get(0));
      }
    }
  }

  /** The operation both kinds of commit record: a plain append. */
  private static DeltaOperations.Write append() {
    return new DeltaOperations.Write(SaveMode.Append, Option.empty(), Option.empty(), Option.empty(), Option.empty(),
        Option.empty(), Option.empty(), Option.empty(), Option.empty());
  }

  /** The add actions of {@code files}, all written for {@code target}. */
  private static List<Action> adds(Target target, List<TaskFiles.Written> files) {
    List<Action> actions = new ArrayList<>();
    for (TaskFiles.Written f : files) {
      if (!f.table().equals(target.table())) {
        throw new IllegalArgumentException("file " + f.path() + " was written for " + f.table() + ", not "
            + target.table());
      }
      scala.collection.immutable.Map<String, String> partition = scala.collection.immutable.Map$.MODULE$.<String,
          String>empty().updated(target.partitionColumn(), f.partitionValue());
      actions.add(new AddFile(f.path(), partition, f.size(), f.modificationTime(), true, f.stats(), null, null,
          Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty()));
    }
    return actions;
  }

  /** The distinct values of {@code table}'s partition column in its current files, from the Delta log alone. */
  public static java.util.Set<String> partitionValues(SparkSession spark, TableDef table) {
    if (table.partitionedBy().size() != 1) {
      throw new IllegalArgumentException(table.fullName() + " is not partitioned by one column");
    }
    DeltaLog log = DeltaLog.forTable(spark, new TableIdentifier(table.name(), Option.apply(table.schema())));
    return new java.util.HashSet<>(log.update(false, Option.empty(), Option.empty()).allFiles()
        .select(org.apache.spark.sql.functions.col("partitionValues").getItem(table.partitionedBy().get(0)))
        .distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  /** Deletes files that will not be committed (a replayed batch's, or a pass whose output is redone). */
  public static void discard(Target target, List<TaskFiles.Written> files) {
    Configuration conf = target.hadoopConf();
    for (TaskFiles.Written f : files) {
      Path path = new Path(target.root(), f.path());
      try {
        path.getFileSystem(conf).delete(path, false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete uncommitted file " + path, e);
      }
    }
  }
}
