package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge days of issue 4 under both empty-pool policies; expected numbers worked out by hand. */
class DayRewardsEdgeTest {

  private static final PoolShares SHARES = new PoolShares(50, 40, 10);
  private static final BigInteger E = BigInteger.valueOf(1000);

  private static DayRewards.Result day(EmptyPoolPolicy policy, DayRewards.Input... inputs) {
    return DayRewards.compute(List.of(inputs), E, SHARES, policy);
  }

  private static DayRewards.Input c(String id, long dpp) {
    return new DayRewards.Input(id, dpp);
  }

  @Test
  void noContributorsEmitNothing() {
    for (EmptyPoolPolicy p : EmptyPoolPolicy.values()) {
      DayRewards.Result r = day(p);
      assertThat(r.rewards()).isEmpty();
      assertThat(r.budgets().emitted()).isZero();
      assertThat(r.budgets().notEmitted()).isEqualTo(E);
    }
  }

  @Test
  void aSingleContributorIsCAndGetsBcOrEverything() {
    DayRewards.Result carry = day(EmptyPoolPolicy.CARRY, c("solo", 5));
    assertThat(carry.rewards().get(0).rewardClass()).isEqualTo(RewardClass.C);
    assertThat(carry.rewards().get(0).amount()).isEqualTo(BigInteger.valueOf(400)); // BC = 1000 − 500 − 100
    assertThat(carry.budgets().notEmitted()).isEqualTo(BigInteger.valueOf(600));
    DayRewards.Result redistribute = day(EmptyPoolPolicy.REDISTRIBUTE, c("solo", 5));
    assertThat(redistribute.rewards().get(0).amount()).isEqualTo(E);
    assertThat(redistribute.budgets().notEmitted()).isZero();
  }

  @Test
  void allEqualMeansAllCSharingBcEqually() {
    DayRewards.Result r = day(EmptyPoolPolicy.CARRY, c("a", 9), c("b", 9), c("c", 9));
    assertThat(r.rewards()).extracting(DayRewards.Reward::rewardClass).containsOnly(RewardClass.C);
    // 400 / 3 = 133 r 1: the leftover unit goes to "a".
    assertThat(r.rewards()).extracting(DayRewards.Reward::amount)
        .containsExactly(BigInteger.valueOf(134), BigInteger.valueOf(133), BigInteger.valueOf(133));
  }

  @Test
  void emptyAAndEmptyDPoolsUnderBothPolicies() {
    // {1,1,1,1,6}: μ = 2, σ = 2, 6 is exactly μ + 2σ → B; the 1s are C. No A, no D.
    DayRewards.Input[] day = {c("a", 1), c("b", 1), c("c", 1), c("d", 1), c("e", 6)};
    DayRewards.Result carry = day(EmptyPoolPolicy.CARRY, day);
    assertThat(carry.budgets()).isEqualTo(new PoolBudgets(BigInteger.ZERO, BigInteger.valueOf(400),
        BigInteger.ZERO, BigInteger.valueOf(600)));
    // BC Σ DPP = 10: 1 → 40 each, 6 → 240.
    assertThat(carry.rewards()).extracting(DayRewards.Reward::amount).containsExactly(
        BigInteger.valueOf(40), BigInteger.valueOf(40), BigInteger.valueOf(40), BigInteger.valueOf(40),
        BigInteger.valueOf(240));
    DayRewards.Result redistribute = day(EmptyPoolPolicy.REDISTRIBUTE, day);
    assertThat(redistribute.budgets().bc()).isEqualTo(E);
    assertThat(redistribute.rewards().get(4).amount()).isEqualTo(BigInteger.valueOf(600));
  }

  @Test
  void refusesADuplicateContributor() {
    assertThatThrownBy(() -> day(EmptyPoolPolicy.CARRY, c("a", 1), c("a", 2)))
        .hasMessage("contributor a appears twice in the day's DPP");
  }
}
