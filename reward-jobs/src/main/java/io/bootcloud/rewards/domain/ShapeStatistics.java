package io.bootcloud.rewards.domain;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.moment.Kurtosis;
import org.apache.commons.math3.stat.descriptive.moment.Skewness;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * How far the day's DPP is from the normal distribution the whitepaper assumes (§4.4.2(2)):
 * sample skewness, excess kurtosis, and a Kolmogorov–Smirnov test against the normal fitted
 * with μ and σ. Display only — classes never depend on these doubles. A value that does not
 * exist for the sample (too few points, σ = 0) is null.
 */
public record ShapeStatistics(Double skewness, Double kurtosis, Double ksStatistic, Double ksPValue) {

  public static ShapeStatistics of(long[] dpps, double mean, double stddev) {
    double[] x = new double[dpps.length];
    for (int i = 0; i < dpps.length; i++) {
      x[i] = dpps[i];
    }
    Double skew = finite(dpps.length >= 3 ? new Skewness().evaluate(x) : Double.NaN);
    Double kurt = finite(dpps.length >= 4 ? new Kurtosis().evaluate(x) : Double.NaN);
    Double d = null;
    Double p = null;
    if (dpps.length >= 2 && stddev > 0) {
      NormalDistribution fitted = new NormalDistribution(null, mean, stddev);
      KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
      d = finite(ks.kolmogorovSmirnovStatistic(fitted, x));
      p = finite(ks.kolmogorovSmirnovTest(fitted, x));
    }
    return new ShapeStatistics(skew, kurt, d, p);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
