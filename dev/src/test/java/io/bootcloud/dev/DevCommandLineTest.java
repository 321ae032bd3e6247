package io.bootcloud.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.cli.DevTools;
import io.bootcloud.cli.CommandLineRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the dev module on the class path (as under ./bootcloud and in the tests), {@code bootcloud}
 * finds it and gains simulate, demo, bench, cluster, s3-server and synthetic-dpp; the production commands are all
 * still there.
 */
class DevCommandLineTest {

  static CommandLineRun run(String... args) {
    return CommandLineRun.of(args);
  }

  @Test
  void theDevToolsAreFoundAndAddTheirCommandsBesideTheProductionOnes() {
    assertThat(DevTools.find()).containsInstanceOf(Dev.class);
    CommandLineRun help = run("--help");
    assertThat(help.exit()).isZero();
    for (String cmd : List.of("simulate", "demo", "bench", "init", "ingest", "dpp", "rewards", "deploy", "export",
        "settle", "reconcile")) {
      assertThat(help.out()).contains("  " + cmd + " ");
    }
    for (String cmd : List.of("simulate", "demo", "bench", "cluster", "s3-server", "synthetic-dpp")) {
      CommandLineRun r = run(cmd, "--help");
      assertThat(r.exit()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).startsWith("Usage: bootcloud " + cmd);
    }
  }

  @Test
  void simulateWritesALandingFolderWithItsGroundTruth(@TempDir Path dir) throws Exception {
    Path landing = dir.resolve("landing");
    CommandLineRun r = run("simulate", "--contributors", "3", "--days", "1", "--seed", "7", "--out", landing.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("simulate: 3 contributors, 1 days");
    assertThat(landing.resolve("ground-truth.json")).isRegularFile();
    try (Stream<Path> files = Files.walk(landing)) {
      assertThat(files.filter(p -> p.toString().endsWith(".ndjson") || p.toString().endsWith(".ndjson.gz")))
          .isNotEmpty();
    }
    CommandLineRun bad = run("simulate", "--contributors", "3", "--duplicate-rate", "2", "--out", landing.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("simulate:");
  }

  @Test
  void clusterWithoutASparkDistributionSaysWhereItLookedAndStartsNothing(@TempDir Path dir) {
    CommandLineRun r = run("cluster", "--spark-home", dir.resolve("no-spark").toString(), "--dir",
        dir.resolve("cluster").toString(), "--for", "1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no Spark distribution at " + dir.resolve("no-spark"))
        .contains("bin/spark-class is missing");
    CommandLineRun none = run("cluster", "--workers", "0", "--spark-home", dir.toString(), "--for", "1");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("a cluster needs at least one worker with one core");
  }

  @Test
  void syntheticDppRefusesAnEmptyDayBeforeItOpensALakehouse(@TempDir Path dir) {
    CommandLineRun r = run("synthetic-dpp", "--date", "2026-01-01", "--contributors", "0", "--lakehouse",
        dir.resolve("lakehouse").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("synthetic-dpp: --contributors must be positive");
    assertThat(dir.resolve("lakehouse")).doesNotExist();
  }
}
