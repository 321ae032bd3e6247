package io.bootcloud.rules;

import java.math.BigInteger;

/**
 * What each pool distributes today, and what is not emitted. Invariant (DESIGN.md invariant 1):
 * {@code a + bc + d + notEmitted == emittable}.
 */
public record PoolBudgets(BigInteger a, BigInteger bc, BigInteger d, BigInteger notEmitted) {

  public BigInteger of(Pool pool) {
    return switch (pool) {
      case A -> a;
      case BC -> bc;
      case D -> d;
    };
  }

  /** What is paid to contributors: {@code a + bc + d}. */
  public BigInteger emitted() {
    return a.add(bc).add(d);
  }
}
