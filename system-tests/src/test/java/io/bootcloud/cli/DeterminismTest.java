package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.testing.ChildJvm;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dev.bench.DuckDbReference;
import io.bootcloud.dev.bench.SparkVsDuckDb;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One simulated fleet with every fault kind, through ingest, dpp and rewards on real Delta
 * tables, twice:
 * <ul>
 *   <li>in this JVM on local[2], ingested in micro-batches of 100 files (two): each fault ends
 *       where it should with exactly the simulator's count, every contributor's DPP equals the
 *       ground truth, and DuckDB, recomputing each day from the same silver files
 *       ({@link DuckDbReference}), agrees with every gold.daily_dpp column, class and amount;</li>
 *   <li>in a second JVM on local[1] with 3 shuffle partitions (the parent has 2), ingested in one batch: every
 *       silver, gold and quarantine table's content hash must equal the first run's (1 vs 64
 *       partitions for the rewards job is RewardsJobTest's).</li>
 * </ul>
 */
class DeterminismTest {

  private static final int DAYS = 2;
  /** Another partitioning than the parent's; few, because local[1] runs every task in turn. */
  private static final String CHILD_PARTITIONS = "3";

  @Test
  void matchesGroundTruthAndLocalOneAndLocalTwoWriteIdenticalTables(@TempDir Path tmp) throws Exception {
    Path landing = tmp.resolve("landing");
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.faulty(16, DAYS, 11, DeterminismChild.LAUNCH), landing);
    for (String fault : new String[] {"duplicates", "malformed_json", "corrupt_files", "conflicting_bindings",
        "rebinds", "fraud_devices", "unbound_shares", "clock_skewed_devices", "bad_value", "late_deliveries"}) {
      assertThat(truth.fault(fault)).as(fault + " injected").isPositive();
    }

    SparkSession spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    DeterminismChild.Result here = DeterminismChild.run(spark, landing, tmp.resolve("cp"), DAYS, 100);
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isNotEqualTo(CHILD_PARTITIONS);
    assertThat(here.hashes().get("gold.daily_rewards")).doesNotStartWith("0:");
    assertGroundTruth(spark, truth, here);
    for (int d = 0; d < DAYS; d++) {
      LocalDate day = DeterminismChild.LAUNCH.plusDays(d);
      Map<String, DuckDbReference.Row> duck =
          DuckDbReference.compute(SparkVsDuckDb.inputs(spark, DeterminismChild.ruleset(), day, 2));
      assertThat(duck).as("DuckDB rows on " + day).isNotEmpty();
      assertThat(SparkVsDuckDb.differences(SparkVsDuckDb.sparkRows(spark, day), duck)).as("Spark vs DuckDB on " + day)
          .isEmpty();
    }

    List<String> cmd = new ArrayList<>(ChildJvm.javaCommand(DeterminismChild.class.getName(),
        tmp.resolve("lakehouse1").toString(), landing.toString(), String.valueOf(DAYS), "500"));
    cmd.addAll(1, List.of("-Dspark.master=local[1]", "-Dspark.sql.shuffle.partitions=" + CHILD_PARTITIONS));
    Path out = tmp.resolve("child.out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    // A limit, not a speed target: on a loaded 2-core machine the child has taken over 8 minutes.
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("child finished").isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("MASTER local[1] PARTITIONS " + CHILD_PARTITIONS);
    Map<String, String> there = new LinkedHashMap<>();
    text.lines().filter(l -> l.startsWith("HASH ")).forEach(l -> {
      String[] parts = l.split(" ");
      there.put(parts[1], parts[2]);
    });
    assertThat(there).isEqualTo(here.hashes());
  }

  private static void assertGroundTruth(SparkSession spark, GroundTruth truth, DeterminismChild.Result run) {
    Map<String, Long> reasons = new HashMap<>();
    for (Row r : spark.sql("SELECT reason_code, count(*) FROM quarantine.rejected GROUP BY reason_code").collectAsList()) {
      reasons.put(r.getString(0), r.getLong(1));
    }
    assertThat(reasons.getOrDefault("DUPLICATE_EVENT", 0L)).isEqualTo(truth.fault("duplicates"));
    assertThat(reasons.getOrDefault("MALFORMED_JSON", 0L)).isEqualTo(truth.fault("malformed_json"));
    assertThat(reasons.getOrDefault("MISSING_FIELD", 0L)).isEqualTo(truth.fault("missing_field"));
    assertThat(reasons.getOrDefault("BAD_VALUE", 0L)).isEqualTo(truth.fault("bad_value"));
    assertThat(reasons.getOrDefault("BAD_FIELD_TYPE", 0L)).isEqualTo(truth.fault("bad_field_type"));
    assertThat(reasons.getOrDefault("FUTURE_TIMESTAMP", 0L)).isEqualTo(truth.fault("future_timestamps"));
    assertThat(reasons.getOrDefault("BAD_GZIP", 0L)).isEqualTo(truth.fault("corrupt_files"));
    assertThat(reasons.getOrDefault("CONFLICTING_BINDING", 0L)).isEqualTo(truth.fault("conflicting_bindings"));
    assertThat(spark.sql("SELECT count(*) FROM silver.shares").first().getLong(0)).isEqualTo(truth.validShares());
    assertThat(spark.sql("SELECT count(*) FROM silver.heartbeats").first().getLong(0)).isEqualTo(truth.validHeartbeats());

    for (int d = 0; d < DAYS; d++) {
      LocalDate day = DeterminismChild.LAUNCH.plusDays(d);
      DppJob.Summary dpp = run.dpp().get(d);
      assertThat(dpp.unboundShares()).as("unbound shares on " + day)
          .isEqualTo(truth.unboundSharesByDay().getOrDefault(day, 0L));
      Map<String, Long> verified = truth.verifiedDpp().getOrDefault(day, Map.of());
      Map<String, Long> reported = truth.reportedDpp().getOrDefault(day, Map.of());
      Map<String, long[]> got = new HashMap<>();
      for (Row r : spark.sql("SELECT contributor_id, dpp, dpp_reported FROM gold.daily_dpp WHERE day = DATE'" + day + "'")
          .collectAsList()) {
        got.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
      }
      assertThat(got.keySet()).as("contributors on " + day).isEqualTo(union(verified, reported));
      verified.forEach((c, v) -> assertThat(got.get(c)[0]).as(c + " dpp on " + day).isEqualTo(v));
      reported.forEach((c, v) -> assertThat(got.get(c)[1]).as(c + " dpp_reported on " + day).isEqualTo(v));
      RewardsJob.Summary rewards = run.rewards().get(d);
      assertThat(rewards.contributors()).isEqualTo(verified.values().stream().filter(v -> v > 0).count());
      // Year 1 schedules 100,000 BCT a day: whatever is not emitted is recorded as not emitted.
      assertThat(rewards.emitted().add(rewards.notEmitted())).isEqualTo(new BigInteger("100000000000000000000000"));
    }
  }

  private static Set<String> union(Map<String, Long> a, Map<String, Long> b) {
    Set<String> s = new TreeSet<>(a.keySet());
    b.forEach((k, v) -> {
      if (v > 0) {
        s.add(k);
      }
    });
    return s;
  }
}
