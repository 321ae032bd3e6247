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
          + run.runId() + "', 0, NULL)");
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
  void aRunKnowsWhichJobsSucceededOnItsDayWhenItStarted() throws Exception {
    RunLedger ledger = new RunLedger(spark);
    LocalDate day = LocalDate.of(2026, 3, 20);
    ledger.run("dpp", day, "rs-1", run -> run.runId());
    try {
      ledger.run("export", day, "rs-1", run -> {
        throw new IllegalStateException("failed on purpose");
      });
    } catch (IllegalStateException expected) {
      // a FAILED run of export: it does not count as succeeded
    }
    java.util.List<Boolean> seen = ledger.run("rewards", day, "rs-1", run -> java.util.List.of(
        run.succeededBefore("dpp"), run.succeededBefore("export"), run.succeededBefore("rewards")));
    assertThat(seen).containsExactly(true, false, false);
    // Another day's runs do not count; this very run's success counts for the next run.
    boolean nextDay = ledger.<Boolean>run("rewards", day.plusDays(1), "rs-1", run -> run.succeededBefore("dpp"));
    boolean afterRewards = ledger.<Boolean>run("export", day, "rs-1", run -> run.succeededBefore("rewards"));
    assertThat(nextDay).isFalse();
    assertThat(afterRewards).isTrue();
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
  private static String host() throws Exception {
    return java.net.InetAddress.getLocalHost().getHostName();
  }

  /** A live java process (sleeping two minutes) to name as the owner of a run or a lease. */
  private static Process liveJavaProcess(java.nio.file.Path dir) throws Exception {
    java.nio.file.Path source = dir.resolve("Sleep.java");
    java.nio.file.Files.writeString(source,
        "class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
    String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(javaBin, source.toString()).start();
  }

  private static void runningRow(String runId, String job, LocalDate day, String owner) {
    spark.sql("INSERT INTO audit.job_runs VALUES ('" + runId + "', '" + job + "', DATE'" + day + "', 'RUNNING', "
        + "TIMESTAMP'2026-04-01 01:00:00', NULL, map(), map(), map(), 'rs-1', 'code', '" + owner + "')");
  }

  private static String statusOf(String runId) {
    return spark.sql("SELECT status FROM audit.run_status WHERE run_id = '" + runId + "'").first().getString(0);
  }

  @Test
  void aKilledRunIsRecordedAbandonedByTheNextRunOfItsJobAndDay() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    LocalDate day = LocalDate.of(2026, 4, 1);
    runningRow("killed-1", "dpp", day, "owner pid " + gone.pid() + " on host " + host());
    runningRow("killed-2", "dpp", day, ""); // an older release named no owner
    runningRow("other-day", "dpp", day.plusDays(1), "owner pid " + gone.pid() + " on host " + host());
    assertThat(statusOf("killed-1")).isEqualTo("RUNNING");

    RunLedger ledger = new RunLedger(spark);
    String next = ledger.run("dpp", day, "rs-1", JobRun::runId);
    assertThat(statusOf("killed-1")).isEqualTo("ABANDONED");
    assertThat(statusOf("killed-2")).isEqualTo("ABANDONED");
    assertThat(spark.sql("SELECT message FROM audit.run_status WHERE run_id = 'killed-1'").first().getString(0))
        .contains("found by run " + next).contains("owner pid " + gone.pid());
    assertThat(statusOf(next)).isEqualTo("SUCCEEDED");
    // Only the same job and day are settled; the next run's own RUNNING row names this process.
    assertThat(statusOf("other-day")).isEqualTo("RUNNING");
    assertThat(rowsOf(next).get(0).getString(9)).isEqualTo("owner pid " + ProcessHandle.current().pid() + " on host "
        + host());
  }

  @Test
  void aRunWhoseProcessStillLivesRefusesTheSecondRunInOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Process holder = liveJavaProcess(dir);
    try {
      LocalDate day = LocalDate.of(2026, 4, 3);
      runningRow("holder", "rewards", day, "owner pid " + holder.pid() + " on host " + host());
      RunLedger ledger = new RunLedger(spark);
      assertThatThrownBy(() -> ledger.run("rewards", day, "rs-1", JobRun::runId))
          .isInstanceOf(io.bootcloud.core.UserException.class)
          .hasMessageStartingWith("rewards --date 2026-04-03 refused: run holder of the same job and day is still "
              + "running (owner pid " + holder.pid() + " on host ")
          .hasMessageEndingWith("wait for it to finish or stop that process, then run again")
          .hasMessageNotContaining("\n");
      assertThat(statusOf("holder")).isEqualTo("RUNNING");
      holder.destroyForcibly().waitFor();
      String next = ledger.run("rewards", day, "rs-1", JobRun::runId);
      assertThat(statusOf("holder")).isEqualTo("ABANDONED");
      assertThat(statusOf(next)).isEqualTo("SUCCEEDED");
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void aBackfillReadsTheRunLedgerOnceAndStillSeesAnotherProcesssRun(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    LocalDate first = LocalDate.of(2026, 5, 1);
    List<LocalDate> days = List.of(first, first.plusDays(1), first.plusDays(2));
    RunLedger ledger = new RunLedger(spark);
    ledger.days(days);
    ledger.run("dpp", days.get(0), "rs-1", JobRun::runId);
    boolean dppSeen = ledger.<Boolean>run("rewards", days.get(0), "rs-1", run -> run.succeededBefore("dpp"));
    String secondDay = ledger.run("dpp", days.get(1), "rs-1", JobRun::runId);
    assertThat(dppSeen).as("the carried SUCCEEDED row of the dpp run before").isTrue();
    assertThat(statusOf(secondDay)).isEqualTo("SUCCEEDED");
    assertThat(ledger.jobRunsRead().reads()).as("one read for the three runs").isEqualTo(1);

    Process other = liveJavaProcess(dir);
    try {
      runningRow("other-process", "dpp", days.get(2), "owner pid " + other.pid() + " on host " + host());
      assertThatThrownBy(() -> ledger.run("dpp", days.get(2), "rs-1", JobRun::runId))
          .isInstanceOf(io.bootcloud.core.UserException.class)
          .hasMessageContaining("run other-process of the same job and day is still running");
      assertThat(ledger.jobRunsRead().reads()).as("another writer's row is read, not missed").isEqualTo(2);
    } finally {
      other.destroyForcibly().waitFor();
    }
  }

  private static int leaseRows(String job, LocalDate day) throws Exception {
    try (java.sql.Connection db = JobLease.metastoreDatabase(spark).orElseThrow();
         java.sql.ResultSet r = db.createStatement().executeQuery("SELECT COUNT(*) FROM " + JobLease.TABLE
             + " WHERE JOB = '" + job + "' AND DAY = '" + day + "'")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  void ofTwoRunsOfOneJobAndDayAtOnceExactlyOneWritesAndTheLeaseIsGoneAfterwards() throws Exception {
    RunLedger ledger = new RunLedger(spark);
    LocalDate day = LocalDate.of(2026, 4, 5);
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<String> first = pool.submit(() -> ledger.run("export", day, "rs-1", run -> {
        inside.countDown();
        release.await();
        return run.runId();
      }));
      assertThat(inside.await(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(leaseRows("export", day)).isEqualTo(1);
      String[] second = new String[1];
      assertThatThrownBy(() -> ledger.run("export", day, "rs-1", run -> second[0] = run.runId()))
          .isInstanceOf(io.bootcloud.core.UserException.class)
          .hasMessageStartingWith("export --date 2026-04-05 refused: run ")
          .hasMessageContaining(" holds this job and day (owner pid " + ProcessHandle.current().pid() + " on host ")
          .hasMessageNotContaining("\n");
      assertThat(second[0]).as("the refused run never started its work").isNull();
      release.countDown();
      String winner = first.get(120, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(statusOf(winner)).isEqualTo("SUCCEEDED");
      assertThat(spark.sql("SELECT count(*) FROM audit.job_runs WHERE job = 'export' AND day = DATE'2026-04-05'")
          .first().getLong(0)).as("only the winner's RUNNING and SUCCEEDED rows").isEqualTo(2);
      assertThat(leaseRows("export", day)).as("released at the end").isZero();
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aLeaseOfAKilledRunIsTakenOverAndTheLeaseOfALiveOneRefuses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Process holder = liveJavaProcess(dir);
    LocalDate day = LocalDate.of(2026, 4, 6);
    try (java.sql.Connection db = JobLease.metastoreDatabase(spark).orElseThrow()) {
      RunLedger ledger = new RunLedger(spark);
      ledger.run("dpp", LocalDate.of(2026, 4, 7), "rs-1", JobRun::runId); // creates the lease table if need be
      db.createStatement().executeUpdate("INSERT INTO " + JobLease.TABLE + " VALUES ('dpp', '" + day + "', 'held-1', "
          + "'owner pid " + holder.pid() + " on host " + host() + "', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      assertThatThrownBy(() -> ledger.run("dpp", day, "rs-1", JobRun::runId))
          .isInstanceOf(io.bootcloud.core.UserException.class)
          .hasMessageStartingWith("dpp --date 2026-04-06 refused: run held-1 holds this job and day (owner pid "
              + holder.pid() + " on host ")
          .hasMessageEndingWith("wait for it to finish or stop that process, then run again");
      holder.destroyForcibly().waitFor();
      // As kill -9 leaves it: the lease row and a RUNNING ledger row of the dead process.
      runningRow("held-1", "dpp", day, "owner pid " + holder.pid() + " on host " + host());
      String next = ledger.run("dpp", day, "rs-1", JobRun::runId);
      assertThat(statusOf(next)).isEqualTo("SUCCEEDED");
      assertThat(statusOf("held-1")).isEqualTo("ABANDONED");
      assertThat(leaseRows("dpp", day)).isZero();
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void onS3OneJobAtATimeWritesTheLakehouseWhateverItsDay() throws Exception {
    assertThat(JobLease.singleWriterStorage("s3a://lake/warehouse")).isTrue();
    assertThat(JobLease.singleWriterStorage("S3://lake/warehouse")).isTrue();
    assertThat(JobLease.singleWriterStorage("file:/tmp/warehouse")).isFalse();
    assertThat(JobLease.singleWriterStorage("gs://lake/warehouse")).isFalse();
    assertThat(JobLease.singleWriterStorage("/tmp/warehouse")).isFalse();
    new RunLedger(spark).run("dpp", LocalDate.of(2026, 4, 9), "rs-1", JobRun::runId); // the lease table exists
    String owner = "owner pid " + ProcessHandle.current().pid() + " on host " + host();
    try (JobLease first = JobLease.acquire(spark, "export", java.util.Optional.of(LocalDate.of(2026, 4, 8)), "s3-1",
        owner, true).orElseThrow()) {
      // Another job of another day is refused while the first holds the lakehouse...
      assertThatThrownBy(() -> JobLease.acquire(spark, "dpp", java.util.Optional.of(LocalDate.of(2026, 4, 9)), "s3-2",
          owner, true))
          .isInstanceOf(io.bootcloud.core.UserException.class)
          .hasMessageStartingWith("dpp --date 2026-04-09 refused: run s3-1 holds the lakehouse (on S3 one job writes "
              + "at a time");
      // ...which does not stop a job and day on storage where Delta's commits are safe.
      try (JobLease other = JobLease.acquire(spark, "dpp", java.util.Optional.of(LocalDate.of(2026, 4, 9)), "fs-1",
          owner, false).orElseThrow()) {
        assertThat(leaseRows("dpp", LocalDate.of(2026, 4, 9))).isEqualTo(1);
      }
    }
    // Released: the next job takes the lakehouse.
    try (JobLease next = JobLease.acquire(spark, "dpp", java.util.Optional.of(LocalDate.of(2026, 4, 9)), "s3-3", owner,
        true).orElseThrow()) {
      assertThat(next).isNotNull();
    }
  }
}
