package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.ChildJvm;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the ingest JVM in the middle of a run, then a rerun: silver holds every valid
 * event exactly once (0 duplicates, 0 lost) and nothing was quarantined as a duplicate. Then a
 * rewards run and an export halted between their commits, and a second writer of a job and day
 * refused while the first (the ingest's rerun, rewards, export) holds it. Every
 * step is its own process, so this also shows the embedded metastore shared across JVMs: tables
 * by name in another process, and a second {@code init} that changes nothing. One reader process
 * (an open interactive {@code sql} session), started right after the first {@code init}, answers
 * every check while the killed, halted, rerun, paused and refused writers come and go.
 */
class KillAndRerunIngestTest {

  @Test
  void killedIngestLosesNothingAndDuplicatesNothing(@TempDir Path tmp) throws Exception {
    Path lakehouse = tmp.resolve("lakehouse");
    Path landing = tmp.resolve("landing");
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.clean(12, 1, 5, LocalDate.of(2026, 1, 1)), landing);
    try {
      // The module's first child may write the tests' class-data archive as it exits, beside the other
      // whole-pipeline tests on two cores: more time than the default for that one.
      ChildJvm.Exec init = ChildJvm.run(java.time.Duration.ofMinutes(20), lakehouse, "init");
      assertThat(init.exit()).as(init.err()).isZero();
      assertThat(init.out()).contains("17 tables: 17 created");

      // From here on one reader process, an auditor's open `sql` session, answers every check while the
      // writers come and go (each of them still its own process); it keeps the shared metastore server up.
      try (Reader reader = Reader.start(lakehouse)) {
        Process ingest = ChildJvm.builder(lakehouse, "ingest", "--date", "2026-01-01", "--landing", landing.toString(),
            "--max-files-per-batch", "5").redirectErrorStream(true).start();
        boolean killed = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(ingest.getInputStream(),
            StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            if (line.startsWith("ingest: batch 2 done")) {
              ingest.destroyForcibly(); // SIGKILL: no shutdown hooks, mid-way through batch 3
              killed = true;
              break;
            }
          }
        }
        ingest.waitFor(1, TimeUnit.MINUTES);
        assertThat(killed).as("the ingest was killed before it finished").isTrue();

        // The rerun takes over the killed run's lease (its process is gone) and holds it against a second
        // ingest of the day, refused in one line naming it, while the reader still answers.
        ChildJvm.Exec rerun = withASecondWriterRefused(lakehouse,
            () -> assertThat(reader.query("SHOW TABLES IN gold;"))
                .as("the reader answers while the rerun holds the day").contains("daily_rewards"),
            "ingest", "--date", "2026-01-01", "--landing", landing.toString());
        assertThat(rerun.exit()).as(rerun.out()).isZero();

        String counts = reader.query(
            "SELECT count(*) AS shares, count(DISTINCT event_id) AS distinct_shares FROM silver.shares; "
                + "SELECT count(*) AS heartbeats, count(DISTINCT event_id) AS distinct_heartbeats FROM silver.heartbeats; "
                + "SELECT count(*) AS quarantined FROM quarantine.rejected; "
                + "SELECT count(*) AS abandoned_runs FROM audit.run_status WHERE job = 'ingest' AND status = 'ABANDONED'; "
                + "SELECT count(*) AS still_running FROM audit.run_status WHERE job = 'ingest' AND status = 'RUNNING'; "
                + "SHOW TABLES IN settlement;");
        assertThat(counts).contains("shares,distinct_shares\n" + truth.validShares() + "," + truth.validShares() + "\n");
        assertThat(counts).contains("heartbeats,distinct_heartbeats\n" + truth.validHeartbeats() + ","
            + truth.validHeartbeats() + "\n");
        assertThat(counts).contains("quarantined\n0\n");
        // The killed run no longer shows RUNNING: the rerun found its process gone and recorded it ABANDONED.
        assertThat(counts).contains("abandoned_runs\n1\n").contains("still_running\n0\n");
        // The embedded metastore is shared across processes: tables init created, by name in another process.
        assertThat(counts).contains("settlement,payout_batches,false").contains("settlement,chain_receipts,false");

        // A second init in another process changes nothing.
        ChildJvm.Exec again = ChildJvm.run(lakehouse, "init");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("17 tables: 0 created, 0 updated, 17 unchanged");

        killedRewardsShowsNoHalfDayAndARerunConverges(lakehouse, tmp, reader);
      }
      // Every client has exited: the shared metastore server stops by itself.
      io.bootcloud.core.spark.Lakehouse lh = new io.bootcloud.core.spark.Lakehouse(lakehouse);
      long deadline = System.currentTimeMillis() + 30_000;
      while (io.bootcloud.core.spark.SharedMetastore.status(lh).isPresent() && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(io.bootcloud.core.spark.SharedMetastore.status(lh)).isEmpty();
    } finally {
      SharedSpark.deleteQuietly(tmp);
    }
  }
  private static final String DAY_CHECKS = "SELECT sha2(concat_ws('|', sort_array(collect_list(concat_ws(',', "
      + "contributor_id, class, pool, cast(amount AS string))))), 256) AS rewards_hash FROM gold.daily_rewards "
      + "WHERE day = DATE'2026-01-01'; "
      + "SELECT count(*) AS complete_days FROM audit.reward_runs WHERE day = DATE'2026-01-01'; "
      + "SELECT count(*) AS checked_days FROM audit.daily_invariants WHERE day = DATE'2026-01-01' AND all_hold; "
      + "SELECT status, count(*) AS rewards_runs FROM audit.run_status WHERE job = 'rewards' GROUP BY status "
      + "ORDER BY status";

  /**
   * A rerun of rewards under other rules halted (as kill -9) right after its commit to the emission
   * ledger: no reader sees the mixed day; the next run records it ABANDONED and converges to the
   * same content as before.
   */
  private static void killedRewardsShowsNoHalfDayAndARerunConverges(Path lakehouse, Path tmp, Reader reader)
      throws Exception {
    // dpp halted (as kill -9) right after its one commit: its table holds a whole run; the rerun finds the
    // same content, writes nothing, and records the killed run ABANDONED.
    assertThat(halted(lakehouse, tmp, "gold.daily_dpp", "dpp", "--date", "2026-01-01")).isEqualTo(137);
    ChildJvm.Exec dpp = ChildJvm.run(lakehouse, "dpp", "--date", "2026-01-01");
    assertThat(dpp.exit()).as(dpp.err()).isZero();
    assertThat(dpp.out()).contains("(unchanged, nothing written)");
    ChildJvm.Exec first = ChildJvm.run(lakehouse, "rewards", "--date", "2026-01-01");
    assertThat(first.exit()).as(first.err()).isZero();
    String before = reader.query(DAY_CHECKS);
    assertThat(before).contains("complete_days\n1\n").contains("checked_days\n1\n");
    String hash = before.lines().dropWhile(l -> !l.equals("rewards_hash")).skip(1).findFirst().orElseThrow();

    Path other = tmp.resolve("other-pools.yaml");
    String defaults = new String(KillAndRerunIngestTest.class.getResourceAsStream(
        io.bootcloud.core.config.RulesetLoader.DEFAULT_RESOURCE).readAllBytes(), StandardCharsets.UTF_8);
    Files.writeString(other, defaults.replace("a_percent: 50", "a_percent: 60").replace("bc_percent: 40",
        "bc_percent: 30").replace("ruleset_version: \"2026.1\"", "ruleset_version: \"other\""));
    assertThat(halted(lakehouse, tmp, "gold.emission_ledger", "rewards", "--date", "2026-01-01", "--config",
        other.toString())).isEqualTo(137);

    String during = reader.query(DAY_CHECKS);
    assertThat(during).contains("complete_days\n0\n").contains("checked_days\n0\n")
        .contains("RUNNING,1\n");

    // The rerun takes over the halted run's lease (its process is gone), and holds it against a second writer.
    ChildJvm.Exec rerun = withASecondWriterRefused(lakehouse, "rewards", "--date", "2026-01-01");
    assertThat(rerun.exit()).as(rerun.err()).isZero();

    killedExportShowsNoHalfBatchAndARerunConverges(lakehouse, tmp, hash, reader);
  }

  /** Runs {@code args} in a child JVM halted (as kill -9) right after its commit to {@code table}; its exit code. */
  private static int halted(Path lakehouse, Path tmp, String table, String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(ChildJvm.command(lakehouse, args));
    command.add(1, "-D" + io.bootcloud.core.io.FailPoints.PROPERTY + "=halt-after-commit:" + table);
    Path out = tmp.resolve("halted-" + args[0] + ".txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(ChildJvm.DEFAULT_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).isTrue();
    assertThat(Files.readString(out)).contains("fail point: halting after the commit to " + table);
    return p.exitValue();
  }

  private static final String DISTRIBUTOR = "0x00000000000000000000000000000000000000d1";
  private static final String EXPORT_CHECKS = "SELECT count(*) AS batches FROM settlement.payout_batches; "
      + "SELECT count(*) AS items FROM settlement.payout_items; "
      + "SELECT count(*) AS shown_payouts FROM audit.contributor_statement WHERE day = DATE'2026-01-01' "
      + "AND (cumulative_amount IS NOT NULL OR proof IS NOT NULL OR merkle_root IS NOT NULL); "
      + "SELECT sha2(concat_ws('|', sort_array(collect_list(concat_ws(',', wallet, cast(amount AS string), "
      + "cast(cumulative_amount AS string), concat_ws(':', proof))))), 256) AS items_hash FROM settlement.payout_items; "
      + "SELECT job, status, count(*) AS runs FROM audit.run_status WHERE job IN ('dpp', 'rewards', 'export') "
      + "GROUP BY job, status ORDER BY job, status; " + DAY_CHECKS;

  /**
   * An export halted right after its commit to payout_items, before the batch row that makes a day
   * exported: no reader shows a payout of the day and the day stays recomputable; the rerun exports
   * it with the same items, and dpp, rewards and export each show their killed run ABANDONED.
   */
  private static void killedExportShowsNoHalfBatchAndARerunConverges(Path lakehouse, Path tmp, String rewardsHash,
      Reader reader) throws Exception {
    io.bootcloud.dev.chain.DevTreasury.Keys keys = io.bootcloud.dev.chain.DevTreasury.ensure(tmp.resolve("keys"));
    String[] export = {"export", "--date", "2026-01-01", "--distributor", DISTRIBUTOR, "--keystore",
        keys.exporter().toString(), "--password-file", keys.passwordFile().toString(), "--exports",
        tmp.resolve("exports").toString()};
    assertThat(halted(lakehouse, tmp, "settlement.payout_items", export)).isEqualTo(137);
    String during = reader.query(EXPORT_CHECKS);
    assertThat(during).contains("batches\n0\n").contains("shown_payouts\n0\n")
        .contains("rewards_hash\n" + rewardsHash + "\n").contains("complete_days\n1\n").contains("checked_days\n1\n");
    assertThat(during).doesNotContain("items\n0\n"); // the killed run did commit its items
    String itemsHash = during.lines().dropWhile(l -> !l.equals("items_hash")).skip(1).findFirst().orElseThrow();

    ChildJvm.Exec rerun = withASecondWriterRefused(lakehouse, export);
    assertThat(rerun.exit()).as(rerun.err()).isZero();
    String after = reader.query(EXPORT_CHECKS);
    assertThat(after).contains("batches\n1\n").contains("items_hash\n" + itemsHash + "\n")
        .contains("rewards_hash\n" + rewardsHash + "\n").contains("complete_days\n1\n")
        .contains("checked_days\n1\n").doesNotContain("shown_payouts\n0\n")
        .contains("dpp,ABANDONED,1\n").contains("rewards,ABANDONED,1\n").contains("export,ABANDONED,1\n")
        .contains("export,SUCCEEDED,1\n").doesNotContain("RUNNING");

    // A treasury member approves the exported day while another day's job runs (and holds its own lease).
    Paused otherDay = Paused.start(lakehouse, "dpp", "--date", "2026-01-02");
    try {
      ChildJvm.Exec approve = ChildJvm.run(lakehouse, "approve", "--date", "2026-01-01", "--keystore",
          keys.treasury().get(0).toString(), "--password-file", keys.passwordFile().toString(), "--exports",
          tmp.resolve("exports").toString());
      assertThat(approve.exit()).as(approve.err()).isZero();
      assertThat(approve.out()).startsWith("approve 2026-01-01: ").contains(" approved manifest ");
      ChildJvm.Exec dpp = otherDay.finish();
      assertThat(dpp.exit()).as(dpp.out()).isZero();
    } finally {
      otherDay.process().destroyForcibly();
    }
  }
  /**
   * An auditor's interactive {@code bootcloud sql --format csv} session in a process of its own, kept
   * open across the test's writers: each {@link #query} sends statements and returns what they printed.
   */
  private static final class Reader implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final java.io.Writer in;
    private final BufferedReader out;
    private int queries;

    private Reader(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Reader start(Path lakehouse) throws java.io.IOException {
      Path log = Files.createTempFile(lakehouse.getParent(), "reader-", ".log");
      return new Reader(ChildJvm.builder(lakehouse, "sql", "--format", "csv").redirectError(log.toFile()).start(), log);
    }

    /** Runs {@code statements} (each ending in ';'); their output without the prompts, up to an end marker. */
    String query(String statements) throws java.io.IOException {
      String marker = "end-of-query-" + (++queries);
      String body = statements.strip();
      in.write(body + (body.endsWith(";") ? "" : ";") + "\nSELECT '" + marker + "' AS marker;\n");
      in.flush();
      StringBuilder text = new StringBuilder();
      for (String line; (line = out.readLine()) != null; ) {
        String plain = line.replace(SqlCommand.PROMPT, "").replace(SqlCommand.CONTINUATION, "");
        if (plain.equals(marker)) {
          return text.toString().replace("marker\n", "");
        }
        text.append(plain).append('\n');
      }
      throw new AssertionError("the reader exited; its output:\n" + text + "\nits log:\n" + Files.readString(log));
    }

    @Override
    public void close() throws Exception {
      try {
        in.write("exit;\n");
        in.flush();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the reader exits on 'exit;'").isTrue();
        assertThat(process.exitValue()).isZero();
      } finally {
        process.destroyForcibly();
      }
    }
  }

  /** What a test does while a paused run holds its lease. */
  @FunctionalInterface
  private interface Meanwhile {
    void run() throws Exception;
  }

  /** A child run of {@code bootcloud args...} waiting right after it took its lease (the fail point). */
  private record Paused(Process process, BufferedReader out, StringBuilder log) {
    static Paused start(Path lakehouse, String... args) throws Exception {
      java.util.List<String> command = new java.util.ArrayList<>(ChildJvm.command(lakehouse, args));
      command.add(1, "-D" + io.bootcloud.core.io.FailPoints.PROPERTY + "=pause-after-lease:" + args[0]);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      Paused paused = new Paused(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
          new StringBuilder());
      boolean holding = false;
      for (String line; !holding && (line = paused.out.readLine()) != null; ) {
        paused.log.append(line).append('\n');
        holding = line.contains("fail point: holding the lease of " + args[0]);
      }
      assertThat(holding).as(paused.log.toString()).isTrue();
      return paused;
    }

    /** Lets the run go on and waits for it: its exit code, and its output as both streams. */
    ChildJvm.Exec finish() throws Exception {
      java.io.Writer go = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      go.write("\n");
      go.close();
      for (String line; (line = out.readLine()) != null; ) {
        log.append(line).append('\n');
      }
      assertThat(process.waitFor(ChildJvm.DEFAULT_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).isTrue();
      return new ChildJvm.Exec(process.exitValue(), log.toString(), log.toString());
    }
  }

  /**
   * Runs {@code args} (the job is {@code args[0]}, for 2026-01-01) held right after it takes its
   * lease, runs the same command again meanwhile, checks that this second writer is refused in one
   * line naming the first, does {@code meanwhile}, then lets the first finish; the first's result.
   */
  private static ChildJvm.Exec withASecondWriterRefused(Path lakehouse, Meanwhile meanwhile, String... args)
      throws Exception {
    String job = args[0];
    Paused first = Paused.start(lakehouse, args);
    try {
      ChildJvm.Exec second = ChildJvm.run(java.time.Duration.ofMinutes(10), lakehouse, args);
      assertThat(second.exit()).as(second.err()).isEqualTo(1);
      assertThat(second.err().strip()).doesNotContain("\n")
          .startsWith("bootcloud " + job + ": error: " + job + " --date 2026-01-01 refused: run ")
          .contains(" holds this job and day (owner pid " + first.process().pid() + " on host ")
          .endsWith("wait for it to finish or stop that process, then run again");
      meanwhile.run();
      return first.finish();
    } finally {
      first.process().destroyForcibly();
    }
  }

  private static ChildJvm.Exec withASecondWriterRefused(Path lakehouse, String... args) throws Exception {
    return withASecondWriterRefused(lakehouse, () -> { }, args);
  }

}
