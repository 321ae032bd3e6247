package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line contract: help, exit codes and one-line errors. No Spark is started here. */
class CommandLineTest {

  static CommandLineRun run(String... args) {
    return CommandLineRun.of(args);
  }

  private static final List<String> JOBS_WITH_A_DAY =
      List.of("ingest", "dpp", "rewards", "backfill", "export", "review", "approve", "settle", "reconcile");

  @Test
  void topLevelHelpListsEveryJob() {
    CommandLineRun r = run("--help");
    assertThat(r.exit()).isZero();
    for (String cmd : List.of("init", "ruleset", "ingest", "dpp", "rewards", "backfill", "deploy", "export", "review",
        "approve", "settle", "reconcile", "replay", "claim", "sql", "sql-server", "services")) {
      assertThat(r.out()).contains("  " + cmd + " ");
    }
    assertThat(r.out()).contains("Exit codes: 0 ok, 1 failed or refused, 2 usage or configuration error.");
  }

  /** This module's class path is the production jar's: the dev module's commands are not on it. */
  @Test
  void theProductionCommandHasNoDevCommands() {
    assertThat(DevTools.find()).isEmpty();
    assertThat(Main.commandLine().getSubcommands().keySet()).doesNotContain("simulate", "demo", "bench");
    CommandLineRun r = run("simulate", "--days", "1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument");
    CommandLineRun dev = run("deploy", "--dev");
    assertThat(dev.exit()).isEqualTo(2);
    assertThat(dev.err()).contains("deploy --dev needs the dev module").contains("./bootcloud");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String cmd : Main.commandLine().getSubcommands().keySet()) {
      if (cmd.equals("help")) {
        continue;
      }
      CommandLineRun r = run(cmd, "--help");
      assertThat(r.exit()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).startsWith("Usage: bootcloud " + cmd);
    }
  }

  @Test
  void dayJobsRequireAValidDate() {
    for (String job : JOBS_WITH_A_DAY) {
      assertThat(run(job, "--help").out()).as(job).contains("--date=YYYY-MM-DD").contains("--config=FILE");
      CommandLineRun missing = run(job);
      assertThat(missing.exit()).as(job).isEqualTo(2);
      assertThat(missing.err()).as(job).containsPattern("Missing required options?: '--date=YYYY-MM-DD'");
    }
    CommandLineRun bad = run("dpp", "--date", "2026-13-01");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("bootcloud dpp: Invalid value for option '--date': "
        + "'2026-13-01' is not a valid date; expected YYYY-MM-DD, e.g. 2026-03-01 (see 'bootcloud dpp --help')");
  }

  @Test
  void aDayBeforeTheLaunchDayIsAUsageErrorBeforeSparkStarts(@TempDir Path dir) {
    Path lakehouse = dir.resolve("lakehouse");
    for (String job : JOBS_WITH_A_DAY) {
      if (job.equals("ingest")) {
        continue; // ingest's --date names the run; files of any day are taken
      }
      CommandLineRun r = run(job, "--date", "2025-12-31", "--lakehouse", lakehouse.toString());
      assertThat(r.exit()).as(job).isEqualTo(2);
      assertThat(r.err().strip()).as(job).isEqualTo("bootcloud " + job
          + ": error: --date 2025-12-31 is before the launch day 2026-01-01 of ruleset 2026.1; no day before it can be computed");
    }
    assertThat(lakehouse).doesNotExist();
  }

  @Test
  void ingestBatchLimitsAreCheckedBeforeSparkStarts(@TempDir Path dir) {
    String lakehouse = dir.resolve("lakehouse").toString();
    Map<List<String>, String> refused = new LinkedHashMap<>();
    refused.put(List.of("--max-files-per-batch", "5", "--max-bytes-per-batch", "1g"),
        "--max-files-per-batch and --max-bytes-per-batch exclude each other: give one");
    refused.put(List.of("--max-files-per-batch", "0"),
        "--max-files-per-batch 0: a micro-batch of at most 0 files takes nothing; the limit must be at least 1");
    refused.put(List.of("--max-bytes-per-batch", "0m"),
        "--max-bytes-per-batch 0m: a micro-batch of at most 0 bytes takes nothing; the limit must be at least 1");
    refused.put(List.of("--landing", dir.resolve("nowhere").toString()),
        "landing folder " + dir.resolve("nowhere") + " does not exist; write files there or pass --landing");
    // backfill ingests first, with the same options, checked as early.
    for (String job : List.of("ingest", "backfill")) {
      refused.forEach((args, message) -> {
        List<String> cmd = new java.util.ArrayList<>(List.of(job, "--date", "2026-01-01", "--lakehouse", lakehouse));
        cmd.addAll(args);
        CommandLineRun r = run(cmd.toArray(String[]::new));
        assertThat(r.exit()).as(cmd.toString()).isEqualTo(2);
        assertThat(r.err().strip()).as(cmd.toString()).isEqualTo("bootcloud " + job + ": error: " + message);
      });
    }
    CommandLineRun ignored = run("backfill", "--date", "2026-01-01", "--lakehouse", lakehouse, "--no-ingest",
        "--landing", dir.toString());
    assertThat(ignored.exit()).isEqualTo(2);
    assertThat(ignored.err().strip()).isEqualTo("bootcloud backfill: error: --no-ingest leaves the landing folder "
        + "alone: it takes no --landing, --checkpoint or batch limit");
    CommandLineRun unit = run("ingest", "--date", "2026-01-01", "--lakehouse", lakehouse, "--max-bytes-per-batch", "5x");
    assertThat(unit.exit()).isEqualTo(2);
    assertThat(unit.err().strip()).isEqualTo("bootcloud ingest: error: --max-bytes-per-batch 5x is not a size: give "
        + "bytes, or a number with k, m or g (KiB, MiB, GiB), e.g. 512m");
    assertThat(Path.of(lakehouse)).doesNotExist();
  }

  @Test
  void aDayWhoseGracePeriodHasNotPassedIsRefusedBeforeSparkStarts(@TempDir Path dir) {
    Path lakehouse = dir.resolve("lakehouse");
    for (String job : List.of("dpp", "rewards")) {
      CommandLineRun r = run(job, "--date", "2999-01-01", "--lakehouse", lakehouse.toString());
      assertThat(r.exit()).as(job).isEqualTo(1);
      assertThat(r.err().strip()).as(job).startsWith("bootcloud " + job + ": error: " + job + " --date 2999-01-01 "
          + "refused: the day ends at 2999-01-02T00:00:00Z (UTC) and is computed after its grace period PT2H, from "
          + "2999-01-02T02:00:00Z; it is now ");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
    assertThat(lakehouse).doesNotExist();
  }

  @Test
  void dppAndRewardsTakeOneDayOrARangeCheckedBeforeSparkStarts(@TempDir Path dir) {
    String lakehouse = dir.resolve("lakehouse").toString();
    for (String job : List.of("dpp", "rewards", "backfill")) {
      assertThat(run(job, "--help").out()).as(job).contains("--from=YYYY-MM-DD").contains("--to=YYYY-MM-DD");
      Map<List<String>, String> refused = new LinkedHashMap<>();
      refused.put(List.of("--date", "2026-01-02", "--from", "2026-01-01", "--to", "2026-01-03"),
          "--date and --from/--to exclude each other: give one day, or a range");
      refused.put(List.of("--from", "2026-01-03"), "--from and --to go together: a range needs its first and its last day");
      refused.put(List.of("--to", "2026-01-03"), "--from and --to go together: a range needs its first and its last day");
      refused.put(List.of("--from", "2026-01-03", "--to", "2026-01-01"), "--to 2026-01-01 is before --from 2026-01-03");
      refused.put(List.of("--from", "2025-12-30", "--to", "2026-01-02"),
          "--from 2025-12-30 is before the launch day 2026-01-01 of ruleset 2026.1; no day before it can be computed");
      refused.put(List.of("--from", "2026-01-01", "--to", "2036-01-01"),
          "--from 2026-01-01 --to 2036-01-01 is 3653 days; at most 3660 in one command");
      refused.put(List.of("--from", "2026-01-01", "--to", "2036-01-09"),
          "--from 2026-01-01 --to 2036-01-09 is 3661 days; at most 3660 in one command");
      refused.forEach((args, message) -> {
        List<String> cmd = new java.util.ArrayList<>(List.of(job, "--lakehouse", lakehouse));
        cmd.addAll(args);
        CommandLineRun r = run(cmd.toArray(String[]::new));
        if (message.endsWith("3653 days; at most 3660 in one command")) {
          // Within the limit: refused only because its last day's grace period has not passed.
          assertThat(r.exit()).as(cmd.toString()).isEqualTo(1);
          assertThat(r.err()).as(cmd.toString()).contains(job + " --date 2036-01-01 refused: the day ends at");
          return;
        }
        assertThat(r.exit()).as(cmd.toString()).isEqualTo(2);
        assertThat(r.err().strip()).as(cmd.toString()).isEqualTo("bootcloud " + job + ": error: " + message);
      });
    }
    assertThat(dir.resolve("lakehouse")).doesNotExist();
  }

  @Test
  void unknownOptionIsAOneLineUsageError() {
    CommandLineRun r = run("init", "--frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("bootcloud init: Unknown option: '--frobnicate'");
  }

  @Test
  void sqlServerWithoutASparkDistributionOrLakehouseSaysWhatIsMissing(@TempDir Path dir) throws Exception {
    CommandLineRun noSpark = run("sql-server", "--spark-home", dir.resolve("spark").toString());
    assertThat(noSpark.exit()).isEqualTo(2);
    assertThat(noSpark.err()).contains(dir.resolve("spark").resolve("bin").resolve("spark-submit") + " does not exist")
        .contains("pass --spark-home or set SPARK_HOME");
    Path bin = Files.createDirectories(dir.resolve("spark").resolve("bin"));
    Files.createDirectories(dir.resolve("spark").resolve("jars"));
    Files.writeString(bin.resolve("spark-submit"), "#!/bin/sh\n");
    bin.resolve("spark-submit").toFile().setExecutable(true);
    CommandLineRun noThrift = run("sql-server", "--spark-home", dir.resolve("spark").toString());
    assertThat(noThrift.exit()).isEqualTo(2);
    assertThat(noThrift.err()).contains("has no spark-hive-thriftserver_2.13 jar");
    Files.writeString(dir.resolve("spark").resolve("jars").resolve("spark-hive-thriftserver_2.13-4.2.0.jar"), "");
    Files.writeString(dir.resolve("bootcloud.jar"), "");
    CommandLineRun noLakehouse = run("sql-server", "--spark-home", dir.resolve("spark").toString(), "--jar",
        dir.resolve("bootcloud.jar").toString(), "--lakehouse", dir.resolve("lakehouse").toString());
    assertThat(noLakehouse.exit()).isEqualTo(2);
    assertThat(noLakehouse.err()).contains("no lakehouse at " + dir.resolve("lakehouse")).contains("bootcloud init");
    CommandLineRun badPort = run("sql-server", "--port", "70000");
    assertThat(badPort.exit()).isEqualTo(2);
    assertThat(badPort.err()).contains("--port must be 1..65535, got 70000");
  }

  @Test
  void sqlServerRunsTheThriftServerWithTheJobsCatalogSettingsOnLocalhost(@TempDir Path dir) {
    org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf(false).set("spark.executor.memory", "3g")
        .set("spark.hadoop.javax.jdo.option.ConnectionPassword", "pw-never-on-a-command-line");
    io.bootcloud.core.spark.Lakehouse lakehouse = new io.bootcloud.core.spark.Lakehouse(dir);
    assertThat(SqlServerCommand.secrets(conf, Map.of())).isEqualTo(Map.of("spark.hadoop.javax.jdo.option.ConnectionPassword",
        "pw-never-on-a-command-line"));
    List<String> cmd = SqlServerCommand.command(Path.of("/spark/bin/spark-submit"), Path.of("/x/bootcloud.jar"),
        lakehouse, 10042, "2g", conf, null);
    String line = String.join(" ", cmd);
    assertThat(cmd.get(0)).isEqualTo("/spark/bin/spark-submit");
    assertThat(line).contains("--class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2")
        .contains("--conf spark.executor.memory=3g")
        .contains("--conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension")
        .contains("--conf spark.sql.warehouse.dir=" + lakehouse.warehouse().toUri())
        // The lakehouse's shared metastore server, which this process has joined.
        .contains("--conf spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby://127.0.0.1:"
            + io.bootcloud.core.spark.SharedMetastore.status(lakehouse).orElseThrow().port() + "/metastore_db;create=true")
        .contains("--conf spark.hadoop.javax.jdo.option.ConnectionDriverName=org.apache.derby.jdbc.ClientDriver")
        .doesNotContain("pw-never-on-a-command-line")
        .contains("--driver-class-path /x/bootcloud.jar spark-internal")
        .endsWith("--hiveconf hive.server2.thrift.bind.host=127.0.0.1 --hiveconf hive.server2.thrift.port=10042");
    // This JVM joined the temporary lakehouse's metastore server: leaving stops it before the folder goes.
    io.bootcloud.core.spark.SharedMetastore.leave(lakehouse, 10_000);
    assertThat(io.bootcloud.core.spark.SharedMetastore.status(lakehouse)).isEmpty();
  }

  /**
   * A thread that dies of an OutOfMemoryError (as Spark's listener threads do, stopping the
   * context) is named in the failed command's line instead of the unrelated error that follows.
   */
  @Test
  void aThreadOutOfHeapIsWhatTheErrorLineSays() throws Exception {
    Exception after = new IllegalStateException("No active or default Spark session found");
    assertThat(Main.failureLine("bootcloud rewards", after, false))
        .isEqualTo("bootcloud rewards: error: IllegalStateException: No active or default Spark session found "
            + "(rerun with --verbose for the stack trace)");
    Main.watchForOutOfMemory();
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
      Thread listener = new Thread(() -> {
        throw new OutOfMemoryError("Java heap space");
      }, "spark-listener-group-appStatus");
      listener.start();
      listener.join();
      assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
          .startsWith("Exception in thread \"spark-listener-group-appStatus\" java.lang.OutOfMemoryError");
      assertThat(Main.failureLine("bootcloud rewards", after, false)).isEqualTo("bootcloud rewards: error: the JVM "
          + "ran out of memory: OutOfMemoryError (Java heap space) in thread spark-listener-group-appStatus, and the "
          + "job stopped; give the driver more heap (spark-submit --driver-memory, or BOOTCLOUD_JAVA_OPTS=-Xmx... "
          + "under ./bootcloud)");
    } finally {
      System.setErr(stderr);
      Main.forgetOutOfMemory();
    }
  }

  @Test
  void chainCommandsWithoutADeploymentNameWhereToGetOne(@TempDir Path dir) {
    CommandLineRun r = run("claim", "--wallet", "0x0000000000000000000000000000000000000001", "--lakehouse",
        dir.resolve("lakehouse").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("claim needs the RewardDistributor address").contains("bootcloud deploy")
        .contains(dir.resolve("chain").resolve("deployment.json").toString());
    CommandLineRun dev = run("deploy", "--dev", "--config", "/no/such/ruleset.yaml");
    assertThat(dev.exit()).isEqualTo(2);
  }

  @Test
  void exportWithoutDistributorOrPasswordIsAUsageError(@TempDir Path dir) throws Exception {
    CommandLineRun r = run("export", "--date", "2026-03-01");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("chain.distributor_address");
    Path keystore = Files.writeString(dir.resolve("k.json"), "{}");
    CommandLineRun noPassword = run("export", "--date", "2026-03-01", "--distributor", "0x" + "1".repeat(40),
        "--keystore", keystore.toString());
    assertThat(noPassword.exit()).isEqualTo(2);
    assertThat(noPassword.err().strip()).contains("--password-file").doesNotContain("Exception");
  }

  @Test
  void badRulesetIsOneLineNamingKeyAndValue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    String good = new String(CommandLineTest.class.getResourceAsStream(
        io.bootcloud.core.config.RulesetLoader.DEFAULT_RESOURCE).readAllBytes());
    Files.writeString(file, good.replace("dpp_source: shares", "dpp_source: vibes"));
    CommandLineRun r = run("ruleset", "--config", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("'dpp_source' is set to \"vibes\" but must be one of shares | heartbeats");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void defaultRulesetPrints() {
    CommandLineRun r = run("ruleset");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("rulesets the rulesets shipped in the jar: ")
        .contains("ruleset_version     2026.1\neffective_from      2026-01-01")
        .contains("pools               A 50% / BC 40% / D 10%")
        .contains("mining_cap          45240000000000000000000000 units");
  }

  @Test
  void aFolderOfRulesetsPrintsEveryVersionWithItsFirstDay(@TempDir Path dir) throws Exception {
    String launch = new String(CommandLineTest.class.getResourceAsStream(
        io.bootcloud.core.config.RulesetLoader.DEFAULT_RESOURCE).readAllBytes());
    Files.writeString(dir.resolve("a.yaml"), launch);
    Files.writeString(dir.resolve("b.yaml"), "base: \"2026.1\"\nruleset_version: \"2026.9\"\n"
        + "effective_from: \"2026-03-01\"\npools:\n  a_percent: 40\n  bc_percent: 50\n");
    CommandLineRun r = run("ruleset", "--config", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 versions, each in force from its effective_from")
        .contains("ruleset_version     2026.9\neffective_from      2026-03-01")
        .contains("pools               A 40% / BC 50% / D 10%")
        .contains("pools               A 50% / BC 40% / D 10%");
    CommandLineRun forced = run("ruleset", "--config", dir.resolve("a.yaml").toString());
    assertThat(forced.out()).contains("forced on every day it computes");
  }

  @Test
  void rulesetScheduleIsTheEnginesScheduleByYearInBaseUnits() {
    CommandLineRun r = run("ruleset", "--schedule", "--years", "3");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(
        "ruleset_version,year,first_day,scheduled_daily_units,emitted_units,cumulative_units,cap_units");
    String e18 = "000000000000000000";
    // 2026.1 (launch 2026-01-01): 365 x 100,000 BCT, then only the 8,740,000 BCT left under the 45,240,000 cap.
    assertThat(lines).contains(
        "2026.1,1,2026-01-01,100000" + e18 + ",36500000" + e18 + ",36500000" + e18 + ",45240000" + e18,
        "2026.1,2,2027-01-01,90000" + e18 + ",8740000" + e18 + ",45240000" + e18 + ",45240000" + e18,
        "2026.1,3,2028-01-01,81000" + e18 + ",0,45240000" + e18 + ",45240000" + e18);
    assertThat(run("ruleset", "--schedule", "--years", "0").exit()).isEqualTo(2);
  }

  @Test
  void versionNamesTheStack() {
    CommandLineRun r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Spark 4.2.0").contains("Delta Lake 4.4.0");
  }
}
