package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one embedded lakehouse: the second is refused in one line, at once, naming
 * the cause and what to do (it used to fail after Hive's ~100 s of retries with thousands of
 * lines of stack trace).
 */
class LakehouseInUseTest {

  @Test
  void aSecondProcessIsRefusedInOneLineWhileTheFirstHoldsTheMetastore(@TempDir Path tmp) throws Exception {
    Path lakehouse = tmp.resolve("lakehouse");
    ChildJvm.Exec init = ChildJvm.run(lakehouse, "init");
    assertThat(init.exit()).as(init.err()).isZero();

    Process holder = ChildJvm.builder(lakehouse, "sql").redirectErrorStream(true).start();
    try {
      Writer in = new OutputStreamWriter(holder.getOutputStream(), StandardCharsets.UTF_8);
      in.write("SHOW TABLES IN gold;\n");
      in.flush();
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      boolean open = false;
      for (String line; !open && (line = out.readLine()) != null; ) {
        open = line.contains("daily_rewards");
      }
      assertThat(open).as("the first process has the metastore open").isTrue();

      ChildJvm.Exec second = ChildJvm.run(Duration.ofSeconds(60), lakehouse, "rewards", "--date", "2026-01-01");
      assertThat(second.exit()).isEqualTo(1);
      assertThat(second.err().strip().lines()).hasSize(1);
      assertThat(second.err().strip()).isEqualTo("bootcloud rewards: error: the lakehouse " + lakehouse
          + " is open in another process (a running job or 'bootcloud sql-server'): its embedded Derby metastore "
          + "admits one process at a time; wait for that process to finish or stop it, then run again");

      in.write("exit;\n");
      in.flush();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      holder.destroyForcibly();
    }
    // Once the first process is gone the lakehouse opens again.
    ChildJvm.Exec again = ChildJvm.run(lakehouse, "sql", "-e", "SELECT count(*) AS runs FROM audit.job_runs");
    assertThat(again.exit()).as(again.err()).isZero();
  }
}
