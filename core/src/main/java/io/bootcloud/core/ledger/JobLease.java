package io.bootcloud.core.ledger;

import io.bootcloud.core.UserException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * One writer per job and day, on every storage: a lease row in the metastore's own database
 * (the shared Derby server of the embedded default, or the PostgreSQL of production), table
 * {@value #TABLE} with primary key (job, day). A run inserts its row before it writes anything
 * and deletes it when it ends; the database's key admits one. A second run of the same job and
 * day finds the row and refuses in one line naming the run that holds it, unless that holder is
 * dead: its process is gone (same host), or its heartbeat, renewed every {@code HEARTBEAT}, is
 * older than {@code EXPIRY} (any host). A dead holder's row is taken over, and the run ledger
 * records the killed run ABANDONED. Delta's optimistic concurrency alone would not do: on object
 * storage it does not protect two writers of one table.
 *
 * <p>On S3 ({@link #singleWriterStorage}) the lease is the whole lakehouse's: one job at a time.
 *
 * <p>With an external Hive metastore ({@code hive.metastore.uris}), whose database a job cannot
 * reach, there is no lease; the ledger's RUNNING rows remain the only guard.
 */
public final class JobLease implements AutoCloseable {

  public static final String TABLE = "BOOTCLOUD_JOB_LEASE";
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  static final Duration EXPIRY = Duration.ofSeconds(120);
  private static final String NO_DAY = "-";
  /** The lease key of every job on single-writer storage ({@link #singleWriterStorage}). */
  static final String ANY_JOB = "*";

  /**
   * Whether the warehouse {@code uri} is on S3 ({@code s3a://}, {@code s3://}, {@code s3n://}),
   * where Delta guarantees transactions only for commits from one Spark driver
   * (S3SingleDriverLogStore): there the lease is the whole lakehouse's, one job at a time, instead
   * of one per job and day. Local files, HDFS, GCS and Azure storage give Delta an atomic
   * "create if absent", so concurrent jobs of different days stay safe there.
   */
  static boolean singleWriterStorage(String uri) {
    int colon = uri.indexOf(':');
    String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    return scheme.equals("s3a") || scheme.equals("s3") || scheme.equals("s3n");
  }

  private final Connection db;
  private final String job;
  private final String day;
  private final String runId;
  private final ScheduledExecutorService heartbeat;

  private JobLease(Connection db, String job, String day, String runId) {
    this.db = db;
    this.job = job;
    this.day = day;
    this.runId = runId;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "job-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::renew, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The metastore database's JDBC settings of {@code spark}, when the job can reach it. */
  public static Optional<Connection> metastoreDatabase(SparkSession spark) throws SQLException {
    org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String url = conf.get("spark.hadoop.javax.jdo.option.ConnectionURL", hadoop.get("javax.jdo.option.ConnectionURL"));
    String uris = conf.get("spark.hadoop.hive.metastore.uris", hadoop.get("hive.metastore.uris", ""));
    if (url == null || url.isBlank() || !uris.isBlank() || !"hive".equals(conf.get("spark.sql.catalogImplementation",
        "in-memory"))) {
      return Optional.empty();
    }
    String driverName = conf.get("spark.hadoop.javax.jdo.option.ConnectionDriverName",
        hadoop.get("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver"));
    Properties props = new Properties();
    String user = conf.get("spark.hadoop.javax.jdo.option.ConnectionUserName",
        hadoop.get("javax.jdo.option.ConnectionUserName"));
    String password = conf.get("spark.hadoop.javax.jdo.option.ConnectionPassword",
        hadoop.get("javax.jdo.option.ConnectionPassword"));
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    Driver driver;
    try {
      // Directly, not through DriverManager: under spark-submit the driver sits in the application's class loader.
      driver = (Driver) Class.forName(driverName, true, JobLease.class.getClassLoader()).getDeclaredConstructor()
          .newInstance();
    } catch (ReflectiveOperationException e) {
      throw new SQLException("the metastore's JDBC driver " + driverName + " is not on the classpath", e);
    }
    Connection c = driver.connect(url, props);
    if (c == null) {
      throw new SQLException("the JDBC driver " + driverName + " does not accept the metastore URL");
    }
    c.setAutoCommit(true);
    return Optional.of(c);
  }

  /**
   * Takes the lease of {@code job} and {@code day} for {@code runId}, or refuses in one line;
   * empty when the metastore's database cannot be reached from a job (external metastore).
   */
  public static Optional<JobLease> acquire(SparkSession spark, String job, Optional<LocalDate> day, String runId,
      String owner) {
    return acquire(spark, job, day, runId, owner, singleWriterStorage(spark.conf().get("spark.sql.warehouse.dir", "")));
  }

  /** As {@link #acquire(SparkSession, String, Optional, String, String)}, the whole lakehouse's lease or not. */
  static Optional<JobLease> acquire(SparkSession spark, String job, Optional<LocalDate> day, String runId,
      String owner, boolean wholeLakehouse) {
    String what = job + day.map(d -> " --date " + d).orElse("");
    String dayKey = wholeLakehouse ? NO_DAY : day.map(LocalDate::toString).orElse(NO_DAY);
    String leaseJob = wholeLakehouse ? ANY_JOB : job;
    String held = wholeLakehouse ? "the lakehouse (on S3 one job writes at a time: Delta's commits from two Spark "
        + "drivers to one table can overwrite each other there, and every job appends to audit.job_runs)"
        : "this job and day";
    Connection db;
    try {
      Optional<Connection> found = metastoreDatabase(spark);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      db = found.get();
    } catch (SQLException e) {
      throw new UserException(what + ": cannot reach the metastore database for the job lease ("
          + e.getMessage() + ")");
    }
    try {
      createTable(db);
      for (int attempt = 0; attempt < 5; attempt++) {
        if (insert(db, leaseJob, dayKey, runId, owner)) {
          return Optional.of(new JobLease(db, leaseJob, dayKey, runId));
        }
        Optional<Holder> holder = holder(db, leaseJob, dayKey);
        if (holder.isEmpty()) {
          continue; // released meanwhile
        }
        Holder h = holder.get();
        if (h.alive()) {
          throw new UserException(what + " refused: run " + h.runId + " holds " + held + " ("
              + h.owner + ", since " + h.acquiredAt + " UTC); wait for it to finish or stop that process, then run "
              + "again");
        }
        // A dead holder: take its row over, unless another run got there first.
        try (PreparedStatement del = db.prepareStatement("DELETE FROM " + TABLE
            + " WHERE JOB = ? AND DAY = ? AND RUN_ID = ?")) {
          del.setString(1, leaseJob);
          del.setString(2, dayKey);
          del.setString(3, h.runId);
          del.executeUpdate();
        }
      }
      throw new UserException(what + " refused: the lease of " + held + " changed hands five "
          + "times while this run asked for it; run again");
    } catch (SQLException e) {
      closeQuietly(db);
      throw new UserException(what + ": the job lease failed in the metastore database ("
          + e.getMessage() + ")");
    } catch (RuntimeException e) {
      closeQuietly(db);
      throw e;
    }
  }

  /** The lease row of a run, as the database holds it. */
  private record Holder(String runId, String owner, java.sql.Timestamp acquiredAt, Duration sinceHeartbeat) {
    boolean alive() {
      if (sinceHeartbeat.compareTo(EXPIRY) > 0) {
        return false;
      }
      // Unnamed, or on another host: the heartbeat alone decides.
      return RunLedger.Owner.in(owner).map(RunLedger.Owner::mayRun).orElse(true);
    }
  }

  private static Optional<Holder> holder(Connection db, String job, String day) throws SQLException {
    try (PreparedStatement q = db.prepareStatement("SELECT RUN_ID, OWNER, ACQUIRED_AT, HEARTBEAT_AT, CURRENT_TIMESTAMP "
        + "FROM " + TABLE + " WHERE JOB = ? AND DAY = ?")) {
      q.setString(1, job);
      q.setString(2, day);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new Holder(r.getString(1), r.getString(2), r.getTimestamp(3),
            Duration.between(r.getTimestamp(4).toInstant(), r.getTimestamp(5).toInstant())));
      }
    }
  }

  private static boolean insert(Connection db, String job, String day, String runId, String owner) throws SQLException {
    try (PreparedStatement ins = db.prepareStatement("INSERT INTO " + TABLE
        + " (JOB, DAY, RUN_ID, OWNER, ACQUIRED_AT, HEARTBEAT_AT) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, "
        + "CURRENT_TIMESTAMP)")) {
      ins.setString(1, job);
      ins.setString(2, day);
      ins.setString(3, runId);
      ins.setString(4, owner);
      ins.executeUpdate();
      return true;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false; // the key is taken
      }
      throw e;
    }
  }

  private static void createTable(Connection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.executeUpdate("CREATE TABLE " + TABLE + " (JOB VARCHAR(64) NOT NULL, DAY VARCHAR(10) NOT NULL, "
          + "RUN_ID VARCHAR(64) NOT NULL, OWNER VARCHAR(512) NOT NULL, ACQUIRED_AT TIMESTAMP NOT NULL, "
          + "HEARTBEAT_AT TIMESTAMP NOT NULL, PRIMARY KEY (JOB, DAY))");
    } catch (SQLException e) {
      // X0Y32: Derby's "already exists"; 42P07: PostgreSQL's.
      if (!"X0Y32".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private void renew() {
    try (PreparedStatement up = db.prepareStatement("UPDATE " + TABLE
        + " SET HEARTBEAT_AT = CURRENT_TIMESTAMP WHERE JOB = ? AND DAY = ? AND RUN_ID = ?")) {
      up.setString(1, job);
      up.setString(2, day);
      up.setString(3, runId);
      if (up.executeUpdate() == 0) {
        System.err.println("bootcloud: WARNING the lease of " + job + " " + day + " was taken from run " + runId);
      }
    } catch (SQLException e) {
      System.err.println("bootcloud: WARNING cannot renew the lease of " + job + " " + day + ": " + e.getMessage());
    }
  }

  /** Ends the lease: the row goes, so the next run of the job and day may start. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try (PreparedStatement del = db.prepareStatement("DELETE FROM " + TABLE
        + " WHERE JOB = ? AND DAY = ? AND RUN_ID = ?")) {
      del.setString(1, job);
      del.setString(2, day);
      del.setString(3, runId);
      del.executeUpdate();
    } catch (SQLException e) {
      System.err.println("bootcloud: WARNING cannot release the lease of " + job + " " + day + " (" + e.getMessage()
          + "); the next run takes it over once this process has exited");
    } finally {
      closeQuietly(db);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
