package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A golden day of 24 contributors: all four classes, one exactly on μ (c06), two pairs of
 * equal DPP (c04/c05, c10/c11) and a three-way tie on the remainder in pool D (c01-c03, where
 * the one leftover unit goes to the smallest id). Expected amounts come from the independent
 * oracle {@code test-data/golden/rewards_oracle.py} (exact fractions, rules read literally).
 *
 * <p>By hand: n = 24, S = 2400, μ = 100; Σ(DPP − μ)² = 3·99² + 2·100² + 3,023 (the 19 others)
 * = 52,426, so σ² = 2,184.41666… and 2σ ≈ 93.48: D below 6.52, A above 193.48. Pool BC holds
 * the 19 others, Σ DPP = 1,997.
 */
class GoldenDayTest {

  private static final BigInteger E = new BigInteger("100000000000000000000000"); // 100,000 BCT

  static final Object[][] GOLDEN = {
    {"c01", 1, "D", "3333333333333333333334"},
    {"c02", 1, "D", "3333333333333333333333"},
    {"c03", 1, "D", "3333333333333333333333"},
    {"c04", 200, "A", "25000000000000000000000"},
    {"c05", 200, "A", "25000000000000000000000"},
    {"c06", 100, "C", "2003004506760140210316"},
    {"c07", 85, "C", "1702553830746119178768"},
    {"c08", 90, "C", "1802704056084126189284"},
    {"c09", 95, "C", "1902854281422133199800"},
    {"c10", 110, "B", "2203304957436154231347"},
    {"c11", 110, "B", "2203304957436154231347"},
    {"c12", 120, "B", "2403605408112168252379"},
    {"c13", 80, "C", "1602403605408112168252"},
    {"c14", 115, "B", "2303455182774161241863"},
    {"c15", 112, "B", "2243365047571357035553"},
    {"c16", 118, "B", "2363545317976965448172"},
    {"c17", 122, "B", "2443665498247371056585"},
    {"c18", 108, "B", "2163244867300951427141"},
    {"c19", 117, "B", "2343515272909364046069"},
    {"c20", 106, "B", "2123184777165748622934"},
    {"c21", 104, "B", "2083124687030545818728"},
    {"c22", 97, "C", "1942914371557336004006"},
    {"c23", 109, "B", "2183274912368552829244"},
    {"c24", 99, "C", "1982974461692538808212"},
  };

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
