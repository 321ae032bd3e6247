package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.ChildJvm;
import io.bootcloud.core.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootcloud bench} end to end on a small fleet, in its own JVM: it simulates the day, runs
 * ingest, dpp and rewards, agrees with the ground truth and with DuckDB, and times the two jobs
 * again on the empty day after (their fixed cost).
 */
class BenchCommandIT {

  @Test
  void benchChecksEveryContributorAndReportsTheJobsFixedCost(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("bench");
    try {
      ChildJvm.Exec bench = ChildJvm.runWithoutLakehouse(Duration.ofMinutes(20), "bench",
          "--contributors", "20", "--shares", "1500", "--dir", dir.toString());
      assertThat(bench.exit()).as(bench.out() + bench.err()).isZero();
      String out = bench.out();
      assertThat(out).contains("bench: simulating 20 contributors")
          .containsPattern("bench: ground truth: \\d+ contributors with work, \\d+ rewarded, 0 mismatches")
          .containsPattern("bench: DuckDB reference: \\d+ contributors, 0 differ from Spark")
          // The whole day again by DuckDB alone, from the landing files: the same silver rows, quarantine
          // and gold, and both engines' time and peak memory.
          .containsPattern("bench: DuckDB pipeline: [\\d,]+ lines, [\\d,]+ shares, [\\d,]+ heartbeats, [\\d,]+ "
              + "bindings, quarantine \\{\\}; 0 differ from Spark")
          .containsPattern("whole day \\(ingest \\+ dpp \\+ rewards\\): Spark \\d+\\.\\d s, DuckDB pipeline "
              + "\\d+\\.\\d s, DuckDB/Spark \\d+\\.\\d\\d; peak RSS Spark [\\d,]+ MiB, DuckDB [\\d,]+ MiB")
          .containsPattern("(?m)^dpp, empty day +\\d+\\.\\d +0 ")
          .containsPattern("(?m)^rewards, empty day +\\d+\\.\\d +0 ")
          .containsPattern("dpp \\+ rewards: Spark \\d+\\.\\d s, DuckDB \\d+\\.\\d s, ratio \\d+\\.\\d\\d")
          .containsPattern("dpp \\+ rewards on the empty day 2026-01-02 \\(0 contributors; the jobs' fixed cost\\): "
              + "\\d+\\.\\d s, \\d+\\.\\d\\dx DuckDB's whole day");
      // The landing data is kept for the next run; the lakehouse is the bench's own.
      Path landing = dir.resolve("landing-c20-s1500-seed1");
      assertThat(Files.readString(landing.resolve("ok"))).isEqualTo("complete\n");
      assertThat(landing.resolve("ground-truth.json")).isRegularFile();
      assertThat(Files.isDirectory(dir.resolve("lakehouse").resolve("warehouse"))).isTrue();
    } finally {
      SharedSpark.deleteQuietly(tmp);
    }
  }
}
