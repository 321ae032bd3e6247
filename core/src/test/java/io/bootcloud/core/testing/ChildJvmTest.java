package io.bootcloud.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code bootcloud} child's temporary folder is its test JVM's own (so a child killed on purpose
 * leaves nothing in the machine's), given after the options that key the class-data archive; a child
 * of another main class keeps the machine's.
 */
class ChildJvmTest {

  @Test
  void aBootcloudChildGetsThisJvmsOwnTemporaryFolderAndAnotherMainClassDoesNot(@TempDir Path lakehouse) {
    List<String> command = ChildJvm.command(lakehouse, "init");
    String option = "-Djava.io.tmpdir=" + ChildJvm.ChildTemp.FOLDER;
    assertThat(command).containsOnlyOnce(option);
    assertThat(ChildJvm.ChildTemp.FOLDER).isDirectory()
        .isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(command.indexOf(option)).as("after every option that keys the class-data archive")
        .isGreaterThan(command.indexOf("-Xmx1g")).isLessThan(command.indexOf("-cp"));
    assertThat(ChildJvm.commandWithoutLakehouse("bench")).contains(option);

    assertThat(ChildJvm.javaCommand(ChildJvmTest.class.getName())).noneMatch(o -> o.startsWith("-Djava.io.tmpdir="));
  }

  @Test
  void aSparkSubmitAChildStartsGetsTheCompilerOptionsAndTheTestsEvaluation() {
    String opts = ChildJvm.sparkSubmitOptions();
    SharedSpark.evaluation().forEach((k, v) -> assertThat(opts).contains("-D" + k + "=" + v));
    assertThat(opts.split(" ")).allMatch(o -> o.startsWith("-XX:") || o.startsWith("-Dspark."))
        .noneMatch(o -> o.contains("IgnoreUnrecognized"));
    assertThat(ChildJvm.builder(Path.of("lakehouse"), "sql-server").environment().get("SPARK_SUBMIT_OPTS"))
        .as("a SPARK_SUBMIT_OPTS of this JVM's environment is kept")
        .isEqualTo(System.getenv("SPARK_SUBMIT_OPTS") != null ? System.getenv("SPARK_SUBMIT_OPTS")
            : opts.isEmpty() ? null : opts);
  }
}
