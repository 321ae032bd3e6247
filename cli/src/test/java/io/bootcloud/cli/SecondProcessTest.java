package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static ChildJvm.Exec bootcloud(String... args) throws Exception {
    return ChildJvm.run(lakehouse, args);
  }

  @Test
  void aNewProcessSeesTheTablesByNameAndInitIsIdempotent() throws Exception {
    ChildJvm.Exec init = bootcloud("init");
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(init.out()).contains("17 tables: 17 created");

    ChildJvm.Exec sql = bootcloud("sql", "-e",
        "SELECT count(*) AS n FROM gold.daily_rewards; SHOW TABLES IN settlement", "--format", "csv");
    assertThat(sql.exit()).as(sql.err()).isZero();
    assertThat(sql.out()).contains("n\n0\n")
        .contains("settlement,payout_batches,false")
        .contains("settlement,chain_receipts,false");

    ChildJvm.Exec again = bootcloud("init");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("17 tables: 0 created, 0 constraints added, 17 unchanged");

    ChildJvm.Exec bad = bootcloud("sql", "-e", "SELECT * FROM gold.no_such_table");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err().strip().lines().filter(l -> l.startsWith("bootcloud sql: error:")).count()).isEqualTo(1);
    assertThat(bad.err()).doesNotContain("\tat ");
  }
}
