package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded metastore persists across processes: {@code init} in one JVM, then a new JVM
 * sees the tables by name through {@code sql -e}, and a second {@code init} changes nothing.
 */
class SecondProcessTest {

  private static Path lakehouse;

  @BeforeAll
  static void lakehouse() throws IOException {
    lakehouse = Files.createTempDirectory("bootcloud-cli-lakehouse");
  }

  @AfterAll
  static void cleanUp() {
    SharedSpark.deleteQuietly(lakehouse);
  }

  record Exec(int exit, String out, String err) {}

  private static Exec bootcloud(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    String opens = System.getProperty("bootcloud.test.jvmOptions", "");
    cmd.addAll(Arrays.stream(opens.split("\\s+")).filter(s -> !s.isBlank()).toList());
    String log4j = System.getProperty("log4j2.configurationFile");
    if (log4j != null) {
      cmd.add("-Dlog4j2.configurationFile=" + log4j);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.bootcloud.cli.Main");
    cmd.addAll(List.of(args));
    cmd.add("--lakehouse");
    cmd.add(lakehouse.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Path out = Files.createTempFile("bootcloud-out", ".txt");
    Path err = Files.createTempFile("bootcloud-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("bootcloud " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    Exec e = new Exec(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return e;
  }

  @Test
  void aNewProcessSeesTheTablesByNameAndInitIsIdempotent() throws Exception {
    Exec init = bootcloud("init");
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(init.out()).contains("17 tables: 17 created");

    Exec sql = bootcloud("sql", "-e",
        "SELECT count(*) AS n FROM gold.daily_rewards; SHOW TABLES IN settlement", "--format", "csv");
    assertThat(sql.exit()).as(sql.err()).isZero();
    assertThat(sql.out()).contains("n\n0\n")
        .contains("settlement,payout_batches,false")
        .contains("settlement,chain_receipts,false");

    Exec again = bootcloud("init");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("17 tables: 0 created, 0 constraints added, 17 unchanged");

    Exec bad = bootcloud("sql", "-e", "SELECT * FROM gold.no_such_table");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err().strip().lines().filter(l -> l.startsWith("bootcloud sql: error:")).count()).isEqualTo(1);
    assertThat(bad.err()).doesNotContain("\tat ");
  }
}
