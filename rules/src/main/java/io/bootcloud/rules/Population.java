package io.bootcloud.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The day's active population (DPP > 0) as exact integers: {@code n}, {@code S = Σ DPP},
 * {@code Q = Σ DPP²} and {@code V = n·Q − S²} (DESIGN.md "Population", §4.4.2(3)). A
 * contributor's class compares {@code u = n·DPP − S} with {@code 4V}: {@code u² > 4V} is
 * exactly {@code |DPP − μ| > 2σ}, so no floating point ever decides a class. μ and σ are
 * offered for display only.
 */
public record Population(long n, BigInteger sum, BigInteger sumOfSquares) {

  private static final BigInteger FOUR = BigInteger.valueOf(4);
  private static final MathContext Z_CONTEXT = new MathContext(34, RoundingMode.HALF_EVEN);

  public Population {
    if (n < 0 || sum.signum() < 0 || sumOfSquares.signum() < 0) {
      throw new IllegalArgumentException("population n=%d S=%s Q=%s must not be negative".formatted(n, sum, sumOfSquares));
    }
    if (n == 0 && (sum.signum() != 0 || sumOfSquares.signum() != 0)) {
      throw new IllegalArgumentException("an empty population has S = Q = 0, got S=" + sum + " Q=" + sumOfSquares);
    }
    if (BigInteger.valueOf(n).multiply(sumOfSquares).compareTo(sum.multiply(sum)) < 0) {
      throw new IllegalArgumentException("n*Q < S^2 is impossible (n=%d S=%s Q=%s)".formatted(n, sum, sumOfSquares));
    }
  }

  /** Builds the population of the given DPP values (each must be > 0). */
  public static Population of(long... dpps) {
    BigInteger s = BigInteger.ZERO;
    BigInteger q = BigInteger.ZERO;
    for (long d : dpps) {
      if (d <= 0) {
        throw new IllegalArgumentException("an active contributor has DPP > 0, got " + d);
      }
      BigInteger b = BigInteger.valueOf(d);
      s = s.add(b);
      q = q.add(b.multiply(b));
    }
    return new Population(dpps.length, s, q);
  }

  /** {@code V = n·Q − S²} (n² times the population variance); never negative. */
  public BigInteger varianceTerm() {
    return BigInteger.valueOf(n).multiply(sumOfSquares).subtract(sum.multiply(sum));
  }

  /** The class of a contributor with {@code dpp} in this population, by the exact integer rule. */
  public RewardClass classify(long dpp) {
    if (n == 0) {
      throw new IllegalStateException("no class exists in an empty population");
    }
    BigInteger u = BigInteger.valueOf(n).multiply(BigInteger.valueOf(dpp)).subtract(sum);
    boolean beyondTwoSigma = u.multiply(u).compareTo(FOUR.multiply(varianceTerm())) > 0;
    if (u.signum() > 0) {
      return beyondTwoSigma ? RewardClass.A : RewardClass.B;
    }
    return beyondTwoSigma ? RewardClass.D : RewardClass.C;
  }

  /** μ = S/n rounded half-even to 6 decimals (display), or null when n = 0. */
  public BigDecimal mean() {
    return n == 0 ? null : new BigDecimal(sum).divide(BigDecimal.valueOf(n), 6, RoundingMode.HALF_EVEN);
  }

  /** σ = sqrt(V)/n, population standard deviation, to 6 decimals (display), or null when n = 0. */
  public BigDecimal stddev() {
    if (n == 0) {
      return null;
    }
    BigDecimal root = new BigDecimal(varianceTerm()).sqrt(new MathContext(60, RoundingMode.HALF_EVEN));
    return root.divide(BigDecimal.valueOf(n), 6, RoundingMode.HALF_EVEN);
  }

  /** z = (DPP − μ)/σ = u/sqrt(V) for display; null when σ = 0. Never used to decide a class. */
  public Double zScore(long dpp) {
    return zScore(dpp, rootOfVarianceTerm());
  }

  /**
   * sqrt(V) to 34 significant digits, the divisor of every z-score of the day, or null when
   * n = 0 or σ = 0. A day's z-scores compute it once and pass it to {@link #zScore(long, BigDecimal)}.
   */
  public BigDecimal rootOfVarianceTerm() {
    BigInteger v = varianceTerm();
    return n == 0 || v.signum() == 0 ? null : new BigDecimal(v).sqrt(Z_CONTEXT);
  }

  /** {@link #zScore(long)} with {@code rootOfVarianceTerm} = {@link #rootOfVarianceTerm()} given. */
  public Double zScore(long dpp, BigDecimal rootOfVarianceTerm) {
    if (rootOfVarianceTerm == null) {
      return null;
    }
    BigInteger u = BigInteger.valueOf(n).multiply(BigInteger.valueOf(dpp)).subtract(sum);
    return new BigDecimal(u).divide(rootOfVarianceTerm, Z_CONTEXT).doubleValue();
  }
}
