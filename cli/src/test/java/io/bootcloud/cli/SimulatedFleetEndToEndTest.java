package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.Ruleset;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated fleet with every fault kind, through ingest, dpp and rewards on real Delta tables:
 * each fault ends where it should with exactly the simulator's count, and every contributor's
 * DPP equals the ground truth.
 */
class SimulatedFleetEndToEndTest {

  @Test
  void pipelineMatchesGroundTruth(@TempDir Path tmp) throws Exception {
    SparkSession spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    Ruleset ruleset = RulesetLoader.loadDefault();
    LocalDate start = ruleset.launchDay();
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.faulty(16, 2, 11, start), tmp.resolve("landing"));
    for (String fault : new String[] {"duplicates", "malformed_json", "corrupt_files", "conflicting_bindings",
        "rebinds", "fraud_devices", "unbound_shares", "clock_skewed_devices", "bad_value", "late_deliveries"}) {
      assertThat(truth.fault(fault)).as(fault + " injected").isPositive();
    }

    RunLedger ledger = new RunLedger(spark);
    new IngestJob(spark, ruleset, ledger, new PrintWriter(new StringWriter()))
        .run(start, new IngestJob.Options(tmp.resolve("landing").toUri().toString(),
            tmp.resolve("checkpoint").toUri().toString(), 20));

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

    for (int d = 0; d < 2; d++) {
      LocalDate day = start.plusDays(d);
      DppJob.Summary dpp = new DppJob(spark, ruleset, ledger).run(day);
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
      RewardsJob.Summary rewards = new RewardsJob(spark, ruleset, ledger).run(day);
      assertThat(rewards.contributors()).isEqualTo(verified.values().stream().filter(v -> v > 0).count());
      assertThat(rewards.emitted().add(rewards.notEmitted())).isEqualTo(new java.math.BigInteger("100000000000000000000000"));
    }
  }

  private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
    java.util.Set<String> s = new java.util.TreeSet<>(a.keySet());
    b.forEach((k, v) -> {
      if (v > 0) {
        s.add(k);
      }
    });
    return s;
  }
}
