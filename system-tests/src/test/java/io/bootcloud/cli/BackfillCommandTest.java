package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.ChildJvm;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill ({@code dpp} and {@code rewards} with {@code --from}/{@code --to}): every day of the
 * range is computed in order in one process, each as its own ledgered run, and ends exactly where
 * one-day runs would: each contributor's DPP equals the simulator's ground truth and every day is
 * a complete rewards run whose invariants hold. Across a rule change in a folder of ruleset
 * versions, each day is computed under the version in force on it.
 */
class BackfillCommandTest {

  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
  private static final int DAYS = 3;

  @Test
  void aRangeComputesEveryDayInOrderEachAsItsOwnRun(@TempDir Path tmp) throws Exception {
    Path lakehouse = tmp.resolve("lakehouse");
    Path landing = tmp.resolve("landing");
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.clean(8, DAYS, 7, FIRST), landing);
    LocalDate last = FIRST.plusDays(DAYS - 1);
    try {
      assertThat(ChildJvm.run(lakehouse, "init").exit()).isZero();
      ChildJvm.Exec ingest = ChildJvm.run(lakehouse, "ingest", "--date", last.toString(), "--landing",
          landing.toString());
      assertThat(ingest.exit()).as(ingest.err()).isZero();

      // A history of two versions: the launch rules, then from the second day a 40/50/10 pool split.
      Path rulesets = java.nio.file.Files.createDirectories(tmp.resolve("rulesets"));
      try (java.io.InputStream in = BackfillCommandTest.class.getResourceAsStream(
          io.bootcloud.core.config.RulesetLoader.DEFAULT_RESOURCE)) {
        java.nio.file.Files.write(rulesets.resolve("2026.1.yaml"), in.readAllBytes());
      }
      java.nio.file.Files.writeString(rulesets.resolve("2026.9.yaml"), "base: \"2026.1\"\nruleset_version: \"2026.9\"\n"
          + "effective_from: \"" + FIRST.plusDays(1) + "\"\npools:\n  a_percent: 40\n  bc_percent: 50\n");

      ChildJvm.Exec dpp = ChildJvm.run(lakehouse, "dpp", "--from", FIRST.toString(), "--to", last.toString(),
          "--config", rulesets.toString());
      assertThat(dpp.exit()).as(dpp.err()).isZero();
      ChildJvm.Exec rewards = ChildJvm.run(lakehouse, "rewards", "--from", FIRST.toString(), "--to", last.toString(),
          "--config", rulesets.toString());
      assertThat(rewards.exit()).as(rewards.err()).isZero();
      // One line per day, in order.
      List<String> dppDays = dpp.out().lines().filter(l -> l.startsWith("dpp ")).map(l -> l.substring(4, 14)).toList();
      List<String> rewardsDays = rewards.out().lines().filter(l -> l.startsWith("rewards ")).map(l -> l.substring(8, 18))
          .toList();
      List<String> expectedDays = FIRST.datesUntil(last.plusDays(1)).map(LocalDate::toString).toList();
      assertThat(dppDays).isEqualTo(expectedDays);
      assertThat(rewardsDays).isEqualTo(expectedDays);

      ChildJvm.Exec check = ChildJvm.run(lakehouse, "sql", "--format", "csv", "-e",
          "SELECT job, count(DISTINCT day) AS days, count(DISTINCT run_id) AS runs FROM audit.run_status "
              + "WHERE status = 'SUCCEEDED' AND job IN ('dpp', 'rewards') GROUP BY job ORDER BY job; "
              + "SELECT count(*) AS not_succeeded FROM audit.run_status WHERE status <> 'SUCCEEDED'; "
              + "SELECT count(*) AS complete_days FROM audit.reward_runs; "
              + "SELECT count(*) AS checked_days FROM audit.daily_invariants WHERE all_hold; "
              + "SELECT day, ruleset_version, pool_bc_budget FROM gold.emission_ledger ORDER BY day; "
              + "SELECT day, collect_set(ruleset_version) AS versions FROM gold.daily_rewards GROUP BY day ORDER BY day; "
              + "SELECT day, contributor_id, dpp FROM gold.daily_dpp ORDER BY day, contributor_id");
      assertThat(check.exit()).as(check.err()).isZero();
      // Each day under the version in force on it: 40% of 100,000 BCT to pool BC, then 50%.
      assertThat(check.out()).contains("day,ruleset_version,pool_bc_budget\n"
          + FIRST + ",2026.1,40000000000000000000000\n"
          + FIRST.plusDays(1) + ",2026.9,50000000000000000000000\n"
          + FIRST.plusDays(2) + ",2026.9,50000000000000000000000\n");
      assertThat(check.out()).contains("day,versions\n" + FIRST + ",[2026.1]\n" + FIRST.plusDays(1) + ",[2026.9]\n"
          + FIRST.plusDays(2) + ",[2026.9]\n");
      assertThat(check.out()).contains("job,days,runs\ndpp," + DAYS + "," + DAYS + "\nrewards," + DAYS + "," + DAYS + "\n")
          .contains("not_succeeded\n0\n").contains("complete_days\n" + DAYS + "\n")
          .contains("checked_days\n" + DAYS + "\n");

      Map<LocalDate, Map<String, Long>> got = new HashMap<>();
      check.out().lines().dropWhile(l -> !l.equals("day,contributor_id,dpp")).skip(1).filter(l -> !l.isBlank())
          .forEach(l -> {
            String[] f = l.split(",");
            got.computeIfAbsent(LocalDate.parse(f[0]), d -> new HashMap<>()).put(f[1], Long.parseLong(f[2]));
          });
      for (LocalDate day : FIRST.datesUntil(last.plusDays(1)).toList()) {
        Map<String, Long> verified = new HashMap<>(truth.verifiedDpp().getOrDefault(day, Map.of()));
        verified.values().removeIf(v -> v == 0);
        assertThat(verified).as("ground truth of " + day).isNotEmpty();
        Map<String, Long> computed = new HashMap<>(got.getOrDefault(day, Map.of()));
        computed.values().removeIf(v -> v == 0); // contributors with heartbeats but no verified work
        assertThat(computed).as("verified dpp on " + day).isEqualTo(verified);
      }
    } finally {
      SharedSpark.deleteQuietly(tmp);
    }
  }
}
