package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * event exactly once (0 duplicates, 0 lost) and nothing was quarantined as a duplicate.
 */
class KillAndRerunIngestTest {

  @Test
  void killedIngestLosesNothingAndDuplicatesNothing(@TempDir Path tmp) throws Exception {
    Path lakehouse = tmp.resolve("lakehouse");
    Path landing = tmp.resolve("landing");
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.clean(12, 1, 5, LocalDate.of(2026, 1, 1)), landing);
    try {
      assertThat(ChildJvm.run(lakehouse, "init").exit()).isZero();

      Process ingest = ChildJvm.builder(lakehouse, "ingest", "--date", "2026-01-01", "--landing", landing.toString(),
          "--max-files-per-batch", "3").redirectErrorStream(true).start();
      boolean killed = false;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(ingest.getInputStream(), StandardCharsets.UTF_8))) {
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

      ChildJvm.Exec rerun = ChildJvm.run(lakehouse, "ingest", "--date", "2026-01-01", "--landing", landing.toString());
      assertThat(rerun.exit()).as(rerun.err()).isZero();

      ChildJvm.Exec counts = ChildJvm.run(lakehouse, "sql", "--format", "csv", "-e",
          "SELECT count(*) AS shares, count(DISTINCT event_id) AS distinct_shares FROM silver.shares; "
              + "SELECT count(*) AS heartbeats, count(DISTINCT event_id) AS distinct_heartbeats FROM silver.heartbeats; "
              + "SELECT count(*) AS quarantined FROM quarantine.rejected; "
              + "SELECT count(*) AS killed_runs FROM audit.job_runs WHERE job = 'ingest' AND run_id NOT IN "
              + "(SELECT run_id FROM audit.job_runs WHERE status <> 'RUNNING')");
      assertThat(counts.exit()).as(counts.err()).isZero();
      assertThat(counts.out()).contains("shares,distinct_shares\n" + truth.validShares() + "," + truth.validShares() + "\n");
      assertThat(counts.out()).contains("heartbeats,distinct_heartbeats\n" + truth.validHeartbeats() + ","
          + truth.validHeartbeats() + "\n");
      assertThat(counts.out()).contains("quarantined\n0\n");
      assertThat(counts.out()).contains("killed_runs\n1\n");
    } finally {
      SharedSpark.deleteQuietly(tmp);
    }
  }
}
