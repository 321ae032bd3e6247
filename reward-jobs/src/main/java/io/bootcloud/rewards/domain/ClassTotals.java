package io.bootcloud.rewards.domain;

import io.bootcloud.rules.Pool;
import io.bootcloud.rules.RewardClass;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Contributors per class and DPP per pool of a day, added up part by part (one partition's
 * rows at a time on a cluster); exact, so the parts' order does not matter.
 */
public final class ClassTotals implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long[] counts = new long[RewardClass.values().length];
  private final BigInteger[] poolDpp = new BigInteger[Pool.values().length];

  public ClassTotals() {
    java.util.Arrays.fill(poolDpp, BigInteger.ZERO);
  }

  /** Counts one contributor of class {@code c} with {@code dpp}. */
  public void add(RewardClass c, long dpp) {
    counts[c.ordinal()]++;
    poolDpp[c.pool().ordinal()] = poolDpp[c.pool().ordinal()].add(BigInteger.valueOf(dpp));
  }

  /** These totals plus {@code other}'s, as a new object. */
  public ClassTotals plus(ClassTotals other) {
    ClassTotals sum = new ClassTotals();
    for (int i = 0; i < counts.length; i++) {
      sum.counts[i] = Math.addExact(counts[i], other.counts[i]);
    }
    for (int i = 0; i < poolDpp.length; i++) {
      sum.poolDpp[i] = poolDpp[i].add(other.poolDpp[i]);
    }
    return sum;
  }

  public Map<RewardClass, Long> counts() {
    Map<RewardClass, Long> m = new EnumMap<>(RewardClass.class);
    for (RewardClass c : RewardClass.values()) {
      m.put(c, counts[c.ordinal()]);
    }
    return m;
  }

  /** Σ DPP of the members of pool {@code p}. */
  public BigInteger poolDpp(Pool p) {
    return poolDpp[p.ordinal()];
  }

  /** The pools with at least one member. */
  public Set<Pool> nonEmptyPools() {
    Set<Pool> pools = EnumSet.noneOf(Pool.class);
    for (RewardClass c : RewardClass.values()) {
      if (counts[c.ordinal()] > 0) {
        pools.add(c.pool());
      }
    }
    return pools;
  }
}
