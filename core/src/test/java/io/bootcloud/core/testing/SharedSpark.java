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
 * deleted when the JVM exits. Pure domain tests never touch it.
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
      session = io.bootcloud.core.spark.SparkSessionFactory.open("bootcloud-tests", lakehouse);
    }
    return session;
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
