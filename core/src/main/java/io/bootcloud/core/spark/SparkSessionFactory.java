package io.bootcloud.core.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import io.bootcloud.core.spark.fs.NioLocalFileSystem;
import io.bootcloud.core.spark.fs.NioLocalFs;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the one SparkSession a job uses. Whatever spark-submit or {@code spark-defaults.conf}
 * configured wins; only what nothing configured falls back to the embedded default: master
 * {@code local[*]}, Delta's SQL extension and catalog, a Hive metastore on the lakehouse's
 * {@link SharedMetastore} (a loopback Derby network server many processes share) and a warehouse
 * folder under the {@link Lakehouse}. The master is never hard-coded otherwise.
 */
public final class SparkSessionFactory {

  public static final String DEFAULT_MASTER = "local[*]";

  private SparkSessionFactory() {}

  /**
   * The settings applied for {@code conf}, i.e. the embedded defaults for keys conf lacks. With the
   * embedded metastore this joins the lakehouse's shared metastore server (starting it if needed).
   */
  public static Map<String, String> defaultsFor(SparkConf conf, Lakehouse lakehouse) {
    return defaultsFor(conf, lakehouse, System.getenv());
  }

  /** As {@link #defaultsFor(SparkConf, Lakehouse)} with the given environment variables. */
  public static Map<String, String> defaultsFor(SparkConf conf, Lakehouse lakehouse, Map<String, String> environment) {
    return defaults(conf, lakehouse, environment, true);
  }

  private static Map<String, String> defaults(SparkConf conf, Lakehouse lakehouse, Map<String, String> environment,
      boolean awaitMetastore) {
    Map<String, String> out = new LinkedHashMap<>();
    putIfAbsent(conf, out, "spark.master", DEFAULT_MASTER);
    putIfAbsent(conf, out, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    putIfAbsent(conf, out, "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    putIfAbsent(conf, out, "spark.sql.warehouse.dir", lakehouse.warehouse().toUri().toString());
    putIfAbsent(conf, out, "spark.sql.catalogImplementation", "hive");
    putIfAbsent(conf, out, "spark.sql.session.timeZone", "UTC");
    putIfAbsent(conf, out, "spark.ui.enabled", "false");
    putIfAbsent(conf, out, "spark.ui.showConsoleProgress", "false");
    putIfAbsent(conf, out, "spark.sql.debug.maxToStringFields", "500");
    // Partitioned Delta appends keep a few files open per task instead of first sorting every row by the
    // partition column (measured: 7.6 M heartbeats written in 11 s instead of 15 s).
    putIfAbsent(conf, out, "spark.sql.maxConcurrentOutputFileWriters", "4");
    // Local files without a chmod/readlink/ls process per file (Hadoop's native library is never there).
    putIfAbsent(conf, out, "spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
    putIfAbsent(conf, out, "spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
    // Delta would list every data file in each commit's .crc, rebuilding the previous version's file list
    // with a Spark job to do so (17 of them in init alone); snapshots read the log as they always did.
    putIfAbsent(conf, out, "spark.databricks.delta.allFilesInCrc.enabled", "false");
    // Cached batches (ingest caches each micro-batch's parsed events) are built without column compression:
    // 17.5 s instead of 22.3 s for 9.9 M events; caches spill to disk, so memory stays bounded.
    putIfAbsent(conf, out, "spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Hive's session would create <tmp>/<session id>_resources and never delete it (Spark does not close the
    // session): one folder per command for ever. One folder per user instead, reused by every process.
    putIfAbsent(conf, out, "spark.hadoop.hive.downloaded.resources.dir", Path.of(System.getProperty("java.io.tmpdir"),
        "bootcloud-hive-resources-" + System.getProperty("user.name", "user")).toString());
    if (conf.get("spark.master", DEFAULT_MASTER).startsWith("local")) {
      // Small-machine defaults: Delta log replay and shuffles over a handful of partitions.
      putIfAbsent(conf, out, "spark.sql.shuffle.partitions", "8");
      putIfAbsent(conf, out, "spark.databricks.delta.snapshotPartitions", "2");
      // A file stream lists the files of a micro-batch with a Spark job of one task per file (up to 10,000):
      // 8.1 s for a 30-day backfill's 1,441 landing files on two cores, 0.2 s in a few tasks (docs/benchmarks.md).
      putIfAbsent(conf, out, "spark.sql.sources.parallelPartitionDiscovery.parallelism", "8");
    }
    boolean externalMetastore = conf.contains("spark.hadoop.hive.metastore.uris")
        || conf.contains("spark.hadoop.javax.jdo.option.ConnectionURL");
    boolean hive = "hive".equals(out.getOrDefault("spark.sql.catalogImplementation",
        conf.get("spark.sql.catalogImplementation", "")));
    Map<String, String> fromEnvironment = metastoreFromEnvironment(environment);
    if (!externalMetastore && hive && !fromEnvironment.isEmpty()) {
      out.putAll(fromEnvironment);
    } else if (!externalMetastore && hive) {
      // Joining (or starting) the lakehouse's shared metastore server: many processes at once.
      SharedMetastore.Joining joining = SharedMetastore.joinAsync(lakehouse);
      if (awaitMetastore) {
        joining.await();
      }
      out.put("spark.hadoop.javax.jdo.option.ConnectionURL", joining.jdbcUrl());
      out.put("spark.hadoop.javax.jdo.option.ConnectionDriverName", SharedMetastore.CLIENT_DRIVER);
      out.put("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
      out.put("spark.hadoop.hive.metastore.schema.verification", "false");
    }
    return out;
  }

  /** Environment variables of the production metastore mode (a JDBC database such as PostgreSQL). */
  public static final String METASTORE_URL_ENV = "BOOTCLOUD_METASTORE_URL";
  public static final String METASTORE_USER_ENV = "BOOTCLOUD_METASTORE_USER";
  public static final String METASTORE_PASSWORD_ENV = "BOOTCLOUD_METASTORE_PASSWORD";
  public static final String METASTORE_AUTOCREATE_ENV = "BOOTCLOUD_METASTORE_AUTOCREATE";

  /**
   * The metastore settings of the production mode, from the environment: {@code
   * BOOTCLOUD_METASTORE_URL} (e.g. {@code jdbc:postgresql://db:5432/metastore}), {@code _USER},
   * {@code _PASSWORD} (never on a command line), and {@code _AUTOCREATE} (default true: DataNucleus
   * creates the Hive schema in an empty database; false once operations manage the schema). Empty
   * when no URL is set. The driver follows from the URL.
   */
  public static Map<String, String> metastoreFromEnvironment(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    String url = env.get(METASTORE_URL_ENV);
    if (url == null || url.isBlank()) {
      return out;
    }
    String driver;
    if (url.startsWith("jdbc:postgresql:")) {
      driver = "org.postgresql.Driver";
    } else if (url.startsWith("jdbc:derby://")) {
      driver = SharedMetastore.CLIENT_DRIVER;
    } else {
      throw new io.bootcloud.core.UserException(METASTORE_URL_ENV + " must be a jdbc:postgresql:// (or jdbc:derby://) "
          + "URL; for another database set spark.hadoop.javax.jdo.option.ConnectionURL and ConnectionDriverName in "
          + "spark-defaults.conf", io.bootcloud.core.UserException.EXIT_USAGE);
    }
    out.put("spark.hadoop.javax.jdo.option.ConnectionURL", url);
    out.put("spark.hadoop.javax.jdo.option.ConnectionDriverName", driver);
    if (env.get(METASTORE_USER_ENV) != null) {
      out.put("spark.hadoop.javax.jdo.option.ConnectionUserName", env.get(METASTORE_USER_ENV));
    }
    if (env.get(METASTORE_PASSWORD_ENV) != null) {
      out.put("spark.hadoop.javax.jdo.option.ConnectionPassword", env.get(METASTORE_PASSWORD_ENV));
    }
    boolean create = !"false".equalsIgnoreCase(env.getOrDefault(METASTORE_AUTOCREATE_ENV, "true"));
    // Tables and columns, not foreign keys: DataNucleus adds a key with ALTER TABLE on a connection of its own
    // while the metastore's transaction holds the referenced table, and on PostgreSQL the two wait for each
    // other for ever (seen here creating TBL_PRIVS beside an insert into TBLS). Operations that want the keys
    // create the schema with Hive's schema tool instead.
    out.put("spark.hadoop.datanucleus.schema.autoCreateAll", "false");
    out.put("spark.hadoop.datanucleus.schema.autoCreateTables", Boolean.toString(create));
    out.put("spark.hadoop.datanucleus.schema.autoCreateColumns", Boolean.toString(create));
    out.put("spark.hadoop.datanucleus.schema.autoCreateConstraints", "false");
    out.put("spark.hadoop.hive.metastore.schema.verification", "false");
    return out;
  }

  /** Opens (or returns the active) session for {@code appName}. */
  public static SparkSession open(String appName, Lakehouse lakehouse) {
    SparkConf conf = new SparkConf(true);
    // A metastore server this starts comes up while Spark does; awaited before the session is handed out.
    Map<String, String> defaults = defaults(conf, lakehouse, System.getenv(), false);
    if (defaults.containsKey("spark.hadoop.javax.jdo.option.ConnectionURL")) {
      try {
        if (defaults.get("spark.hadoop.javax.jdo.option.ConnectionURL").startsWith("jdbc:derby:")) {
          Files.createDirectories(lakehouse.metastore());
        }
        Files.createDirectories(lakehouse.warehouse());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create lakehouse folder " + lakehouse.root(), e);
      }
      // derby.log goes beside the metastore instead of the working directory.
      System.setProperty("derby.system.home", lakehouse.metastore().toString());
    }
    requireDriverOnSystemClasspath(conf.get("spark.hadoop.javax.jdo.option.ConnectionDriverName",
        defaults.get("spark.hadoop.javax.jdo.option.ConnectionDriverName")));
    SparkSession.Builder builder = SparkSession.builder().appName(appName).config(conf);
    defaults.forEach(builder::config);
    if ("hive".equals(conf.get("spark.sql.catalogImplementation", defaults.get("spark.sql.catalogImplementation")))) {
      builder.enableHiveSupport();
    }
    SparkSession session = builder.getOrCreate();
    SharedMetastore.awaitJoined(lakehouse);
    return session;
  }

  /**
   * The metastore's JDBC driver is loaded by Hive's DataNucleus from the JVM's own class path, which
   * under spark-submit holds Spark's jars but not the application jar: say so at once, instead of
   * Hive's "Unable to instantiate SessionHiveMetaStoreClient" after a minute of retries.
   */
  static void requireDriverOnSystemClasspath(String driver) {
    if (driver == null || driver.isBlank()) {
      return;
    }
    try {
      Class.forName(driver, false, ClassLoader.getSystemClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new io.bootcloud.core.UserException("the metastore's JDBC driver " + driver + " is not on the JVM's class "
          + "path (under spark-submit the engine jar is not, by default): add --driver-class-path bootcloud.jar "
          + "(spark.driver.extraClassPath), or put the driver's jar into Spark's jars folder",
          io.bootcloud.core.UserException.EXIT_USAGE);
    }
  }

  private static void putIfAbsent(SparkConf conf, Map<String, String> out, String key, String value) {
    if (!conf.contains(key)) {
      out.put(key, value);
    }
  }
}
