package io.bootcloud.rules;

import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Splits the day's emittable amount {@code E'} into pools (§4.4.2(4), DESIGN.md "Pools"):
 * pool A gets {@code floor(E'·a%/100)}, pool D {@code floor(E'·d%/100)}, pool BC the rest.
 *
 * <p>A pool with no member: under {@code carry} its budget is not emitted (it stays under the
 * cap); under {@code redistribute} the non-empty pools share {@code E'} pro rata to their
 * percentages, each floored except the residual pool (BC when it has members, else the
 * non-empty pool with the larger percentage, A on a tie), which gets the rest. With no member
 * in any pool nothing is emitted. Invariant: {@code a + bc + d + notEmitted == E'} exactly.
 */
public final class PoolSplit {

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private PoolSplit() {}

  public static PoolBudgets split(BigInteger emittable, PoolShares shares, Set<Pool> nonEmpty,
      EmptyPoolPolicy policy) {
    if (emittable.signum() < 0) {
      throw new IllegalArgumentException("emittable amount must be >= 0, got " + emittable);
    }
    Map<Pool, Integer> percent = new EnumMap<>(Pool.class);
    percent.put(Pool.A, shares.aPercent());
    percent.put(Pool.BC, shares.bcPercent());
    percent.put(Pool.D, shares.dPercent());

    Map<Pool, BigInteger> budget = new EnumMap<>(Pool.class);
    if (policy == EmptyPoolPolicy.REDISTRIBUTE && !nonEmpty.isEmpty() && !nonEmpty.containsAll(EnumSet.allOf(Pool.class))) {
      int total = nonEmpty.stream().mapToInt(percent::get).sum();
      if (total == 0) {
        return new PoolBudgets(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, emittable);
      }
      Pool residual = residualPool(nonEmpty, percent);
      BigInteger given = BigInteger.ZERO;
      for (Pool p : Pool.values()) {
        BigInteger b = BigInteger.ZERO;
        if (nonEmpty.contains(p) && p != residual) {
          b = emittable.multiply(BigInteger.valueOf(percent.get(p))).divide(BigInteger.valueOf(total));
        }
        budget.put(p, b);
        given = given.add(b);
      }
      budget.put(residual, emittable.subtract(given));
      return new PoolBudgets(budget.get(Pool.A), budget.get(Pool.BC), budget.get(Pool.D), BigInteger.ZERO);
    }
    BigInteger a = emittable.multiply(BigInteger.valueOf(shares.aPercent())).divide(HUNDRED);
    BigInteger d = emittable.multiply(BigInteger.valueOf(shares.dPercent())).divide(HUNDRED);
    budget.put(Pool.A, a);
    budget.put(Pool.D, d);
    budget.put(Pool.BC, emittable.subtract(a).subtract(d));
    BigInteger notEmitted = BigInteger.ZERO;
    for (Pool p : Pool.values()) {
      if (!nonEmpty.contains(p)) {
        notEmitted = notEmitted.add(budget.get(p));
        budget.put(p, BigInteger.ZERO);
      }
    }
    return new PoolBudgets(budget.get(Pool.A), budget.get(Pool.BC), budget.get(Pool.D), notEmitted);
  }

  private static Pool residualPool(Set<Pool> nonEmpty, Map<Pool, Integer> percent) {
    if (nonEmpty.contains(Pool.BC)) {
      return Pool.BC;
    }
    if (nonEmpty.contains(Pool.A) && nonEmpty.contains(Pool.D)) {
      return percent.get(Pool.D) > percent.get(Pool.A) ? Pool.D : Pool.A;
    }
    return nonEmpty.iterator().next();
  }
}
