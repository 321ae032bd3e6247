package io.bootcloud.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that opens the engine's session and touches the metastore leaves nothing in the temporary
 * folder when it exits: Hive's session used to create {@code <tmp>/<session id>_resources} and never
 * delete it, one more folder for every command a nightly schedule runs, for ever.
 */
class SessionTempFilesTest {

  /** Opens the engine's session on {@code args[0]}, lists the metastore's databases, and exits normally. */
  public static final class Command {
    public static void main(String[] args) {
      SparkSession spark = SparkSessionFactory.open("temp-files-test", new Lakehouse(Path.of(args[0])));
      System.out.println("databases " + spark.sql("SHOW DATABASES").count());
      spark.stop();
    }
  }

  @Test
  void aCommandLeavesNoFolderOfItsOwnInTheTemporaryFolder(@TempDir Path dir) throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> command = new ArrayList<>(ChildJvm.javaCommand(Command.class.getName(),
        dir.resolve("lakehouse").toString()));
    command.add(1, "-Djava.io.tmpdir=" + tmp);
    for (int run = 1; run <= 2; run++) {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("databases ");
      // What stays is shared by every run (Hive's scratch folders), never one per process.
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left.map(f -> f.getFileName().toString()))
            .as("after run " + run)
            .noneMatch(name -> name.endsWith("_resources"))
            .noneMatch(name -> name.startsWith("artifacts-"))
            .noneMatch(name -> name.startsWith("spark-"));
      }
    }
  }
}
