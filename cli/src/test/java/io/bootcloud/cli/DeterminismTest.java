package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same faulty landing folder through ingest, dpp and rewards on local[2] with this JVM's
 * shuffle partitions and, in a second JVM, on local[1] with 16 shuffle partitions (1 vs 64 for the rewards job is RewardsJobTest's): every
 * silver and gold table's content hash must be identical.
 */
class DeterminismTest {

  @Test
  void localOneAndLocalTwoWriteIdenticalTables(@TempDir Path tmp) throws Exception {
    Path landing = tmp.resolve("landing");
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.faulty(12, 2, 5, DeterminismChild.LAUNCH), landing);
    assertThat(truth.fault("duplicates")).isPositive();

    SparkSession spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    Map<String, String> here = DeterminismChild.run(spark, landing, tmp.resolve("cp"), 2);
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isNotEqualTo("16");
    assertThat(here.get("gold.daily_rewards")).doesNotStartWith("0:");

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(Arrays.stream(System.getProperty("bootcloud.test.jvmOptions", "").split("\\s+"))
        .filter(s -> !s.isBlank()).toList());
    cmd.addAll(List.of("-Dspark.master=local[1]", "-Dspark.sql.shuffle.partitions=16",
        "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
        "-cp", System.getProperty("java.class.path"), DeterminismChild.class.getName(),
        tmp.resolve("lakehouse1").toString(), landing.toString(), "2"));
    Path out = tmp.resolve("child.out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    assertThat(p.waitFor(8, TimeUnit.MINUTES)).as("child finished").isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("MASTER local[1] PARTITIONS 16");
    Map<String, String> there = new LinkedHashMap<>();
    text.lines().filter(l -> l.startsWith("HASH ")).forEach(l -> {
      String[] parts = l.split(" ");
      there.put(parts[1], parts[2]);
    });
    assertThat(there).isEqualTo(here);
  }
}
