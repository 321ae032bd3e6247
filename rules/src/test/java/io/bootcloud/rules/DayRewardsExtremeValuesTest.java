package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The day's rules stay exact at the extremes of what ingest accepts: DPP anywhere up to
 * {@code Long.MAX_VALUE} sol, mixed with DPP of 1, and the largest daily emission a ruleset
 * admits. Nothing overflows: each pool pays exactly its budget, the day pays exactly what it
 * emits, and every contributor has one class, decided as the class table of DESIGN.md states it
 * (checked here with exact rationals, z compared through squares).
 */
class DayRewardsExtremeValuesTest {

  @Provide
  Arbitrary<List<Long>> extremeDpps() {
    Arbitrary<Long> one = Arbitraries.longs().between(1, Long.MAX_VALUE)
        .edgeCases(c -> c.includeOnly(1L, 2L, Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 62));
    return one.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 500)
  void poolsAndTheDayPayExactlyTheirBudgetsForAnyAcceptedDpp(@ForAll("extremeDpps") List<Long> dpps,
      @ForAll boolean redistribute) {
    List<DayRewards.Input> inputs = new ArrayList<>();
    for (int i = 0; i < dpps.size(); i++) {
      inputs.add(new DayRewards.Input(String.format("c%03d", i), dpps.get(i)));
    }
    // The largest emittable a DECIMAL(38,0) ruleset amount allows.
    BigInteger emittable = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
    DayRewards.Result r = DayRewards.compute(inputs, emittable, new PoolShares(50, 40, 10),
        redistribute ? EmptyPoolPolicy.REDISTRIBUTE : EmptyPoolPolicy.CARRY);

    Map<Pool, BigInteger> paid = new EnumMap<>(Pool.class);
    BigInteger total = BigInteger.ZERO;
    for (DayRewards.Reward w : r.rewards()) {
      paid.merge(w.pool(), w.amount(), BigInteger::add);
      total = total.add(w.amount());
      assertThat(w.amount().signum()).isGreaterThanOrEqualTo(0);
      assertThat(w.rewardClass()).isEqualTo(classByRationals(w.dpp(), dpps));
    }
    assertThat(paid.getOrDefault(Pool.A, BigInteger.ZERO)).isEqualTo(r.budgets().a());
    assertThat(paid.getOrDefault(Pool.BC, BigInteger.ZERO)).isEqualTo(r.budgets().bc());
    assertThat(paid.getOrDefault(Pool.D, BigInteger.ZERO)).isEqualTo(r.budgets().d());
    assertThat(total).isEqualTo(r.budgets().emitted());
    assertThat(r.budgets().emitted().add(r.budgets().notEmitted())).isEqualTo(emittable);
    assertThat(r.classCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(dpps.size());
  }

  /**
   * DESIGN.md's class table read directly: z = (DPP − μ)/σ with μ = S/n and σ² = Q/n − μ²,
   * A when z > 2, B when 0 < z ≤ 2, C when −2 ≤ z ≤ 0, D when z < −2, and C for everyone when
   * σ = 0. Compared as exact fractions: (DPP − μ)² against 4σ², with the sign of DPP − μ.
   */
  private static RewardClass classByRationals(long dpp, List<Long> all) {
    BigInteger n = BigInteger.valueOf(all.size());
    BigInteger s = BigInteger.ZERO;
    BigInteger q = BigInteger.ZERO;
    for (long d : all) {
      s = s.add(BigInteger.valueOf(d));
      q = q.add(BigInteger.valueOf(d).pow(2));
    }
    // DPP − μ = (n·DPP − S)/n; σ² = (n·Q − S²)/n². Both sides over the common denominator n².
    BigInteger diffNumerator = n.multiply(BigInteger.valueOf(dpp)).subtract(s);
    BigInteger diffSquared = diffNumerator.pow(2);
    BigInteger fourSigmaSquared = BigInteger.valueOf(4).multiply(n.multiply(q).subtract(s.pow(2)));
    if (fourSigmaSquared.signum() == 0) {
      return RewardClass.C;
    }
    boolean beyond = diffSquared.compareTo(fourSigmaSquared) > 0;
    if (diffNumerator.signum() > 0) {
      return beyond ? RewardClass.A : RewardClass.B;
    }
    return beyond && diffNumerator.signum() < 0 ? RewardClass.D : RewardClass.C;
  }
}
