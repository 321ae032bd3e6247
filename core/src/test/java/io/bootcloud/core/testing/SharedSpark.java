package io.bootcloud.core.testing;

import io.bootcloud.core.spark.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (every module's Spark tests share it): {@code local[2]},
 * two shuffle partitions, Delta, and a Hive metastore on Derby in a temporary lakehouse that is
 * deleted when the JVM exits, evaluating as {@link #evaluation()} says. Pure domain tests never
 * touch it.
 */
public final class SharedSpark {

  private static SparkSession session;
  private static Lakehouse lakehouse;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        Path root = Files.createTempDirectory("bootcloud-test-lakehouse");
        lakehouse = new Lakehouse(root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          // Stop using (and so stop) the lakehouse's metastore server before its folder goes.
          io.bootcloud.core.spark.SharedMetastore.leave(new Lakehouse(root), 10_000);
          deleteQuietly(root);
        }));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.setProperty("spark.master", "local[2]");
      System.setProperty("spark.sql.shuffle.partitions", "2");
      System.setProperty("spark.default.parallelism", "2");
      System.setProperty("spark.driver.host", "127.0.0.1");
      System.setProperty("spark.driver.bindAddress", "127.0.0.1");
      System.setProperty("spark.databricks.delta.snapshotPartitions", "2");
      evaluation().forEach(System::setProperty);
      session = io.bootcloud.core.spark.SparkSessionFactory.open("bootcloud-tests", lakehouse);
    }
    return session;
  }

  /**
   * How every Spark of the tests evaluates, this JVM's session and the child JVMs' (as {@code -D}
   * options, as {@code --conf} under spark-submit): interpreted, neither whole-stage code nor generated
   * projections. The tests' days are tiny, and compiling Java for every plan, Delta's log-replay
   * projections over its wide schema included, was the largest share of their CPU (41 % of
   * SettlementLifecycleTest's samples). Production evaluates a small day's jobs interpreted too
   * ({@code spark.bootcloud.smallDayBytes}). Generated code keeps its tests: DeterminismTest runs its
   * local days with it against the ground truth and DuckDB (and the cluster's interpreted runs must
   * write the same tables), and the tests of the switch itself set Spark's default
   * ({@link #generatedCode}). {@code -Dbootcloud.test.codegen=true} evaluates as Spark's defaults
   * everywhere.
   */
  public static java.util.Map<String, String> evaluation() {
    if (Boolean.getBoolean("bootcloud.test.codegen")) {
      return java.util.Map.of();
    }
    return java.util.Map.of(WHOLE_STAGE, "false", io.bootcloud.core.spark.SmallQueries.FACTORY_MODE, "NO_CODEGEN");
  }

  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";

  /**
   * Runs {@code action} with Spark's own evaluation (whole-stage code, generated projections with the
   * interpreted fallback), then puts back the tests' {@link #evaluation()}.
   */
  public static <T, E extends Exception> T generatedCode(SparkSession spark, Callable<T, E> action) throws E {
    spark.conf().set(WHOLE_STAGE, "true");
    spark.conf().set(io.bootcloud.core.spark.SmallQueries.FACTORY_MODE, "FALLBACK");
    try {
      return action.call();
    } finally {
      spark.conf().unset(WHOLE_STAGE);
      spark.conf().unset(io.bootcloud.core.spark.SmallQueries.FACTORY_MODE);
      evaluation().forEach(spark.conf()::set);
    }
  }

  /** An action of {@link #generatedCode}. */
  @FunctionalInterface
  public interface Callable<T, E extends Exception> {
    T call() throws E;
  }

  /** The temporary lakehouse behind {@link #session()}. */
  public static synchronized Lakehouse lakehouse() {
    session();
    return lakehouse;
  }

  public static void deleteQuietly(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort for temporary test folders
    }
  }
}
