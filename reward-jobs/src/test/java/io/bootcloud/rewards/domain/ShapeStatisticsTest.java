package io.bootcloud.rewards.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bootcloud.rules.Population;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.moment.Kurtosis;
import org.apache.commons.math3.stat.descriptive.moment.Skewness;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class ShapeStatisticsTest {

  /**
   * {1, 2, 3, 10} by hand: μ = 4, deviations −3, −2, −1, 6, Σd² = 50, Σd³ = 180, Σd⁴ = 1394,
   * s² = 50/3. Skewness = 4/(3·2) · 180 / (50/3)^1.5 = 120·0.06^1.5 = 1.763632614…; excess
   * kurtosis = 4·5/(3·2·1) · 1394/(50/3)² − 3·3²/(2·1) = 16.728 − 13.5 = 3.228.
   */
  @Test
  void aSmallSampleByHand() {
    ShapeStatistics s = ShapeStatistics.of(new long[] {10, 2, 1, 3});
    assertThat(s.skewness()).isCloseTo(120 * 0.06 * Math.sqrt(0.06), within(1e-15));
    assertThat(s.skewness()).isCloseTo(1.7636326, within(1e-7));
    assertThat(s.kurtosis()).isEqualTo(3.228);
    PowerSums sums = PowerSums.of(10, 2, 1, 3);
    assertThat(sums).isEqualTo(new PowerSums(4, BigInteger.valueOf(16), BigInteger.valueOf(114),
        BigInteger.valueOf(1036), BigInteger.valueOf(10098)));
  }

  @Test
  void valuesThatDoNotExistAreNull() {
    assertThat(ShapeStatistics.of(new long[0])).isEqualTo(new ShapeStatistics(null, null, null, null));
    ShapeStatistics one = ShapeStatistics.of(new long[] {7});
    assertThat(one).isEqualTo(new ShapeStatistics(null, null, null, null));
    ShapeStatistics flat = ShapeStatistics.of(new long[] {5, 5, 5, 5, 5});
    assertThat(flat).isEqualTo(new ShapeStatistics(null, null, null, null));
    ShapeStatistics three = ShapeStatistics.of(new long[] {1, 2, 4});
    assertThat(three.skewness()).isNotNull();
    assertThat(three.kurtosis()).isNull();
    assertThat(three.ksStatistic()).isNotNull();
  }

  /**
   * Against commons-math's own estimators and KS test (floating sums over the data), on samples
   * with many ties: the KS statistic and its p-value are the very same doubles; skewness and
   * kurtosis, which commons-math sums in floating point, agree to 1e-9 relative.
   */
  @Property(tries = 300)
  void agreesWithCommonsMath(@ForAll @IntRange(min = 2, max = 400) int n,
      @ForAll @LongRange(min = 1, max = 1_000_000_000L) long scale, @ForAll long seed) {
    Random r = new Random(seed);
    long[] dpps = new long[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      dpps[i] = 1 + (r.nextInt(4) == 0 ? scale * (1 + r.nextInt(5)) : (long) (Math.abs(r.nextGaussian()) * scale));
      x[i] = dpps[i];
    }
    ShapeStatistics s = ShapeStatistics.of(dpps);
    Population p = Population.of(dpps);
    double sd = p.stddev().doubleValue();
    if (sd > 0) {
      NormalDistribution fitted = new NormalDistribution(null, p.mean().doubleValue(), sd);
      KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
      assertThat(s.ksStatistic()).isEqualTo(ks.kolmogorovSmirnovStatistic(fitted, x));
      assertThat(s.ksPValue()).isEqualTo(ks.kolmogorovSmirnovTest(fitted, x));
    } else {
      assertThat(s.ksStatistic()).isNull();
    }
    if (n >= 3 && s.skewness() != null) {
      double expected = new Skewness().evaluate(x);
      assertThat(s.skewness()).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }
    if (n >= 4 && s.kurtosis() != null) {
      double expected = new Kurtosis().evaluate(x);
      assertThat(s.kurtosis()).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }
  }

  /** The sums of parts, in any grouping, are the sums of the whole: what makes a cluster's day equal one JVM's. */
  @Property(tries = 200)
  void sumsOfPartsAreTheSumOfTheWhole(@ForAll @IntRange(min = 0, max = 200) int n, @ForAll long seed) {
    Random r = new Random(seed);
    long[] dpps = new long[n];
    for (int i = 0; i < n; i++) {
      dpps[i] = 1 + (r.nextBoolean() ? r.nextLong(Long.MAX_VALUE) : r.nextInt(1000));
    }
    int cut = n == 0 ? 0 : r.nextInt(n + 1);
    PowerSums whole = PowerSums.of(dpps);
    PowerSums parts = PowerSums.of(Arrays.copyOfRange(dpps, cut, n))
        .plus(PowerSums.of(Arrays.copyOfRange(dpps, 0, cut)));
    assertThat(parts).isEqualTo(whole);
    BigInteger q = BigInteger.ZERO;
    BigInteger quartic = BigInteger.ZERO;
    for (long d : dpps) {
      q = q.add(BigInteger.valueOf(d).pow(2));
      quartic = quartic.add(BigInteger.valueOf(d).pow(4));
    }
    assertThat(whole.s2()).isEqualTo(q);
    assertThat(whole.s4()).isEqualTo(quartic);
    assertThat(whole.population()).isEqualTo(Population.of(dpps));
  }
}
