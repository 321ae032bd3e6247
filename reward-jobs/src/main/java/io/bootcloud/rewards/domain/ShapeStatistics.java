package io.bootcloud.rewards.domain;

import io.bootcloud.rules.Population;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * How far the day's DPP is from the normal distribution the whitepaper assumes (§4.4.2(2)):
 * sample skewness, excess kurtosis, and a Kolmogorov–Smirnov test against the normal fitted
 * with μ and σ. Display only — classes never depend on these doubles. A value that does not
 * exist for the sample (too few points, σ = 0) is null.
 *
 * <p>Skewness and kurtosis are the bias-corrected sample estimators (those of commons-math's
 * {@code Skewness} and {@code Kurtosis}), written as exact rationals of the {@link PowerSums} and
 * rounded once; the KS statistic is a maximum over the distinct values in ascending order, each
 * with the count of values below it ({@link #ksTerm}). Neither depends on the order the values
 * were summed in, so a day computed on a cluster has the very doubles of one computed in one JVM.
 */
public record ShapeStatistics(Double skewness, Double kurtosis, Double ksStatistic, Double ksPValue) {

  private static final MathContext CONTEXT = new MathContext(40, RoundingMode.HALF_EVEN);
  private static final ShapeStatistics NONE = new ShapeStatistics(null, null, null, null);

  /** The statistics of the values {@code dpps} (each > 0), all in this JVM. */
  public static ShapeStatistics of(long[] dpps) {
    PowerSums sums = PowerSums.of(dpps);
    NormalDistribution fitted = fitted(sums.population());
    Double d = null;
    if (fitted != null) {
      long[] sorted = dpps.clone();
      Arrays.sort(sorted);
      double max = 0;
      for (int i = 0; i < sorted.length; ) {
        int j = i;
        while (j < sorted.length && sorted[j] == sorted[i]) {
          j++;
        }
        max = Math.max(max, ksTerm(fitted, sorted[i], i, j - i, sorted.length));
        i = j;
      }
      d = max;
    }
    return of(sums, d);
  }

  /**
   * The statistics from the exact power sums and the KS statistic D ({@code ksStatistic}, null
   * when {@link #fitted} is null), however they were computed.
   */
  public static ShapeStatistics of(PowerSums sums, Double ksStatistic) {
    long n = sums.n();
    if (n == 0) {
      return NONE;
    }
    BigInteger bn = BigInteger.valueOf(n);
    BigInteger v = sums.population().varianceTerm();
    Double skew = null;
    Double kurt = null;
    if (v.signum() > 0 && n >= 3) {
      // Σ(x − μ)³ = T3 / n², T3 = n²·Σx³ − 3n·S·Q + 2S³;
      // skewness = T3·sqrt(n(n − 1)) / ((n − 2)·V^(3/2)).
      BigInteger t3 = bn.pow(2).multiply(sums.s3()).subtract(BigInteger.valueOf(3).multiply(bn).multiply(sums.s1())
          .multiply(sums.s2())).add(BigInteger.TWO.multiply(sums.s1().pow(3)));
      BigDecimal vd = new BigDecimal(v);
      BigDecimal root = new BigDecimal(bn.multiply(bn.subtract(BigInteger.ONE))).sqrt(CONTEXT);
      BigDecimal denominator = vd.multiply(vd.sqrt(CONTEXT), CONTEXT).multiply(BigDecimal.valueOf(n - 2), CONTEXT);
      skew = finite(new BigDecimal(t3).multiply(root, CONTEXT).divide(denominator, CONTEXT).doubleValue());
    }
    if (v.signum() > 0 && n >= 4) {
      // Σ(x − μ)⁴ = T4 / n³, T4 = n³·Σx⁴ − 4n²·S·Σx³ + 6n·S²·Q − 3S⁴;
      // excess kurtosis = (n − 1)·((n + 1)·T4 − 3(n − 1)·V²) / ((n − 2)(n − 3)·V²).
      BigInteger s = sums.s1();
      BigInteger t4 = bn.pow(3).multiply(sums.s4()).subtract(BigInteger.valueOf(4).multiply(bn.pow(2)).multiply(s)
          .multiply(sums.s3())).add(BigInteger.valueOf(6).multiply(bn).multiply(s.pow(2)).multiply(sums.s2()))
          .subtract(BigInteger.valueOf(3).multiply(s.pow(4)));
      BigInteger v2 = v.pow(2);
      BigInteger numerator = BigInteger.valueOf(n - 1).multiply(BigInteger.valueOf(n + 1).multiply(t4)
          .subtract(BigInteger.valueOf(3).multiply(BigInteger.valueOf(n - 1)).multiply(v2)));
      BigInteger denominator = BigInteger.valueOf(n - 2).multiply(BigInteger.valueOf(n - 3)).multiply(v2);
      kurt = finite(new BigDecimal(numerator).divide(new BigDecimal(denominator), CONTEXT).doubleValue());
    }
    Double p = null;
    if (ksStatistic != null && n <= Integer.MAX_VALUE) {
      p = finite(1d - new KolmogorovSmirnovTest().cdf(ksStatistic, (int) n, false));
    }
    return new ShapeStatistics(skew, kurt, ksStatistic == null ? null : finite(ksStatistic), p);
  }

  /**
   * The normal fitted with the day's displayed μ and σ, against which the KS statistic is taken;
   * null when there is none (n < 2 or σ = 0).
   */
  public static NormalDistribution fitted(Population p) {
    if (p.n() < 2) {
      return null;
    }
    double stddev = p.stddev().doubleValue();
    return stddev > 0 ? new NormalDistribution(null, p.mean().doubleValue(), stddev) : null;
  }

  /**
   * The KS statistic's term for {@code count} values equal to {@code value} with {@code below}
   * smaller values, of {@code n}: {@code max(F(v) − below/n, (below + count)/n − F(v))}. D is the
   * largest term over the distinct values (the textbook loop over sorted values gives the same).
   */
  public static double ksTerm(NormalDistribution fitted, long value, long below, long count, long n) {
    double f = fitted.cumulativeProbability(value);
    double nd = n;
    return Math.max(f - below / nd, (below + count) / nd - f);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
