package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A golden day of 24 contributors: all four classes, one exactly on μ (c06), two pairs of
 * equal DPP (c04/c05, c10/c11) and a three-way tie on the remainder in pool D (c01-c03, where
 * the one leftover unit goes to the smallest id). Expected amounts come from the independent
 * oracle {@code test-data/golden/rewards_oracle.py} (exact fractions, rules read literally),
 * which writes {@code test-data/golden/reward-day/expected.csv} from {@code dpp.csv}.
 *
 * <p>By hand: n = 24, S = 2400, μ = 100; Σ(DPP − μ)² = 3·99² + 2·100² + 3,023 (the 19 others)
 * = 52,426, so σ² = 2,184.41666… and 2σ ≈ 93.48: D below 6.52, A above 193.48. Pool BC holds
 * the 19 others, Σ DPP = 1,997.
 */
class GoldenDayTest {

  private static final BigInteger E = new BigInteger("100000000000000000000000"); // 100,000 BCT

  /** The golden day's files: the DPPs, and what the oracle computes from them. */
  static final Path DIR = Path.of("..", "test-data", "golden", "reward-day");

  /** {contributor_id, dpp, class, amount} per contributor, from {@code expected.csv}. */
  static final Object[][] GOLDEN = load();

  private static Object[][] load() {
    try {
      return Files.readAllLines(DIR.resolve("expected.csv")).stream().skip(1).map(l -> l.split(","))
          .map(f -> new Object[] {f[0], Integer.parseInt(f[1]), f[2], f[3]}).toArray(Object[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The checked-in expected file is what the oracle prints today, so the two cannot drift apart. */
  @Test
  void theOracleStillPrintsTheExpectedFile() throws Exception {
    Process p = new ProcessBuilder("python3", DIR.resolveSibling("rewards_oracle.py").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(printed).isEqualTo(Files.readString(DIR.resolve("expected.csv")));
    assertThat(GOLDEN.length).isEqualTo(24);
  }

  @Test
  void everyAmountMatchesTheOracleToTheUnit() {
    List<DayRewards.Input> inputs = new ArrayList<>();
    Map<String, Object[]> expected = new LinkedHashMap<>();
    for (Object[] row : GOLDEN) {
      inputs.add(new DayRewards.Input((String) row[0], (Integer) row[1]));
      expected.put((String) row[0], row);
    }
    DayRewards.Result day = DayRewards.compute(inputs, E, new PoolShares(50, 40, 10), EmptyPoolPolicy.CARRY);

    assertThat(day.population().n()).isEqualTo(24);
    assertThat(day.population().sum()).isEqualTo(BigInteger.valueOf(2400));
    assertThat(day.population().mean()).isEqualByComparingTo("100");
    // σ = sqrt(52426 / 24) = 46.737743494...
    assertThat(day.population().stddev()).isEqualByComparingTo("46.737743");
    assertThat(day.budgets()).isEqualTo(new PoolBudgets(new BigInteger("50000000000000000000000"),
        new BigInteger("40000000000000000000000"), new BigInteger("10000000000000000000000"), BigInteger.ZERO));
    assertThat(day.classCounts()).containsEntry(RewardClass.A, 2L).containsEntry(RewardClass.B, 12L)
        .containsEntry(RewardClass.C, 7L).containsEntry(RewardClass.D, 3L);

    BigInteger total = BigInteger.ZERO;
    for (DayRewards.Reward r : day.rewards()) {
      Object[] row = expected.get(r.contributorId());
      assertThat(r.rewardClass().name()).as(r.contributorId()).isEqualTo(row[2]);
      assertThat(r.amount()).as(r.contributorId()).isEqualTo(new BigInteger((String) row[3]));
      total = total.add(r.amount());
    }
    assertThat(total).isEqualTo(E);
    DayRewards.Reward onMean = day.rewards().get(5);
    assertThat(onMean.contributorId()).isEqualTo("c06");
    assertThat(onMean.zScore()).isEqualTo(0.0);
    assertThat(onMean.poolDpp()).isEqualTo(BigInteger.valueOf(1997)); // Σ DPP of B and C
  }
}
