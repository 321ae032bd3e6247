package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * PoolSplit's stated invariant, {@code a + bc + d + notEmitted == E'}, for any amount, any
 * percentages summing to 100, any set of pools with members and either policy; and what each
 * policy promises, checked against the exact rationals rather than the code's own arithmetic.
 */
class PoolSplitPropertiesTest {

  @Provide
  Arbitrary<BigInteger> amounts() {
    return Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(38).subtract(BigInteger.ONE))
        .edgeCases(c -> c.includeOnly(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(7),
            BigInteger.TEN.pow(38).subtract(BigInteger.ONE)));
  }

  @Provide
  Arbitrary<PoolShares> shares() {
    return Combinators.combine(Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, 100))
        .filter((a, d) -> a + d <= 100).as((a, d) -> new PoolShares(a, 100 - a - d, d));
  }

  @Provide
  Arbitrary<Set<Pool>> members() {
    return Arbitraries.subsetOf(Pool.values()).map(s -> s.isEmpty() ? EnumSet.noneOf(Pool.class) : EnumSet.copyOf(s));
  }

  @Property(tries = 2000)
  void everyUnitIsInExactlyOnePoolOrNotEmitted(@ForAll("amounts") BigInteger e, @ForAll("shares") PoolShares shares,
      @ForAll("members") Set<Pool> members, @ForAll EmptyPoolPolicy policy) {
    PoolBudgets b = PoolSplit.split(e, shares, members, policy);
    Map<Pool, BigInteger> budget = Map.of(Pool.A, b.a(), Pool.BC, b.bc(), Pool.D, b.d());

    assertThat(b.a().add(b.bc()).add(b.d()).add(b.notEmitted())).isEqualTo(e);
    assertThat(budget.values()).allMatch(v -> v.signum() >= 0);
    assertThat(b.notEmitted().signum()).isGreaterThanOrEqualTo(0);
    for (Pool p : Pool.values()) {
      if (!members.contains(p)) {
        assertThat(budget.get(p)).as("pool %s has no member", p).isZero();
      }
    }
    Map<Pool, Integer> percent = Map.of(Pool.A, shares.aPercent(), Pool.BC, shares.bcPercent(), Pool.D,
        shares.dPercent());
    int memberPercent = members.stream().mapToInt(percent::get).sum();
    boolean redistributes = policy == EmptyPoolPolicy.REDISTRIBUTE && memberPercent > 0;
    if (members.isEmpty() || (policy == EmptyPoolPolicy.REDISTRIBUTE && memberPercent == 0)) {
      // Nobody to pay, or only pools whose share is 0 % with nothing to share pro rata.
      assertThat(b.notEmitted()).isEqualTo(e);
    } else if (redistributes) {
      // Everything is emitted; each pool within one unit per pool of its exact share E·p/Σp.
      assertThat(b.notEmitted()).isZero();
      for (Pool p : members) {
        BigInteger exact = e.multiply(BigInteger.valueOf(percent.get(p)));
        BigInteger scaled = budget.get(p).multiply(BigInteger.valueOf(memberPercent));
        assertThat(scaled.subtract(exact).abs()).as("pool %s", p)
            .isLessThan(BigInteger.valueOf(3L * memberPercent));
      }
    } else {
      // Carry: A and D get floor(E·p/100), BC the rest; a
      // pool without members is not emitted.
      BigInteger a = e.multiply(BigInteger.valueOf(shares.aPercent())).divide(BigInteger.valueOf(100));
      BigInteger d = e.multiply(BigInteger.valueOf(shares.dPercent())).divide(BigInteger.valueOf(100));
      Map<Pool, BigInteger> carry = Map.of(Pool.A, a, Pool.D, d, Pool.BC, e.subtract(a).subtract(d));
      BigInteger unpaid = BigInteger.ZERO;
      for (Pool p : Pool.values()) {
        if (members.contains(p)) {
          assertThat(budget.get(p)).as("pool %s", p).isEqualTo(carry.get(p));
        } else {
          unpaid = unpaid.add(carry.get(p));
        }
      }
      assertThat(b.notEmitted()).isEqualTo(unpaid);
    }
  }
}
