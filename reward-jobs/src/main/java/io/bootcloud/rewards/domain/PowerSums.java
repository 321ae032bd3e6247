package io.bootcloud.rewards.domain;

import io.bootcloud.rules.Population;
import java.io.Serializable;
import java.math.BigInteger;

/**
 * Exact power sums of a day's active DPP: {@code n}, {@code Σx}, {@code Σx²}, {@code Σx³},
 * {@code Σx⁴} as integers. Sums of parts add up to the sum of the whole in any order, so a
 * population computed partition by partition on a cluster is the one computed in one JVM, to the
 * unit; the first three are the {@link Population}, all five give the shape statistics.
 */
public record PowerSums(long n, BigInteger s1, BigInteger s2, BigInteger s3, BigInteger s4) implements Serializable {

  public static final PowerSums EMPTY = new PowerSums(0, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
      BigInteger.ZERO);

  /** The power sums of {@code dpps} (each > 0, as {@link Population#of} requires). */
  public static PowerSums of(long... dpps) {
    Accumulator a = new Accumulator();
    for (long d : dpps) {
      a.add(d);
    }
    return a.sums();
  }

  /** The sums of both parts together. */
  public PowerSums plus(PowerSums o) {
    return new PowerSums(Math.addExact(n, o.n), s1.add(o.s1), s2.add(o.s2), s3.add(o.s3), s4.add(o.s4));
  }

  /** n, S = Σx and Q = Σx², the day's population. */
  public Population population() {
    return new Population(n, s1, s2);
  }

  /** Adds values one at a time (one partition's rows); not thread-safe. */
  public static final class Accumulator {
    private long n;
    private BigInteger s1 = BigInteger.ZERO;
    private BigInteger s2 = BigInteger.ZERO;
    private BigInteger s3 = BigInteger.ZERO;
    private BigInteger s4 = BigInteger.ZERO;

    public void add(long dpp) {
      if (dpp <= 0) {
        throw new IllegalArgumentException("an active contributor has DPP > 0, got " + dpp);
      }
      BigInteger x = BigInteger.valueOf(dpp);
      BigInteger x2 = x.multiply(x);
      BigInteger x3 = x2.multiply(x);
      n++;
      s1 = s1.add(x);
      s2 = s2.add(x2);
      s3 = s3.add(x3);
      s4 = s4.add(x2.multiply(x2));
    }

    public PowerSums sums() {
      return new PowerSums(n, s1, s2, s3, s4);
    }
  }
}
