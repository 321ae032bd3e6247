package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PopulationTest {

  @Test
  void classifiesBOnExactlyPlusTwoSigma() {
    // {1,1,1,1,6}: μ = 2, σ² = (4·1 + 16)/5 = 4, σ = 2, so 6 = μ + 2σ exactly: z = +2 → B.
    Population p = Population.of(1, 1, 1, 1, 6);
    assertThat(p.varianceTerm()).isEqualTo(BigInteger.valueOf(100)); // 5·40 − 10²
    assertThat(p.classify(6)).isEqualTo(RewardClass.B);
    assertThat(p.classify(7)).isEqualTo(RewardClass.A);
    assertThat(p.classify(1)).isEqualTo(RewardClass.C);
  }

  @Test
  void zScoreIsDistanceFromMeanInSigmas() {
    // {1,1,1,1,6}: μ = 2, σ = 2, so z(6) = +2, z(1) = −0.5, z(3) = +0.5; sqrt(V) = sqrt(100) = 10.
    Population p = Population.of(1, 1, 1, 1, 6);
    assertThat(p.rootOfVarianceTerm()).isEqualByComparingTo("10");
    assertThat(p.zScore(6)).isEqualTo(2.0);
    assertThat(p.zScore(1)).isEqualTo(-0.5);
    assertThat(p.zScore(3, p.rootOfVarianceTerm())).isEqualTo(0.5);
    // {1,2}: μ = 1.5, σ = 0.5, V = 2·5 − 9 = 1: z(2) = +1; {1,3}: V = 2·10 − 16 = 4, sqrt 2, z(3) = +1.
    assertThat(Population.of(1, 2).zScore(2)).isEqualTo(1.0);
    assertThat(Population.of(1, 3).zScore(3, Population.of(1, 3).rootOfVarianceTerm())).isEqualTo(1.0);
    assertThat(Population.of(7, 7).rootOfVarianceTerm()).isNull();
    assertThat(Population.of(7, 7).zScore(7, null)).isNull();
  }

  @Test
  void classifiesCOnExactlyMinusTwoSigma() {
    // {6,6,6,6,1}: μ = 5, σ² = (4·1 + 16)/5 = 4, so 1 = μ − 2σ exactly: z = −2 → C.
    Population p = Population.of(6, 6, 6, 6, 1);
    assertThat(p.classify(1)).isEqualTo(RewardClass.C);
    assertThat(p.classify(6)).isEqualTo(RewardClass.B);
    assertThat(p.classify(5)).isEqualTo(RewardClass.C); // exactly on μ
  }

  @Test
  void classifiesDBelowMinusTwoSigmaAndAAbove() {
    // {1, 100×9}: μ = 90.1; σ² = (9·9.9² + 89.1²)/10 = 882.09, σ = 29.7; 1 < 90.1 − 59.4 → D.
    long[] dpps = new long[10];
    java.util.Arrays.fill(dpps, 100);
    dpps[0] = 1;
    assertThat(Population.of(dpps).classify(1)).isEqualTo(RewardClass.D);
    dpps[0] = 1000; // μ = 190, σ = 270: 1000 − 190 = 810 > 540 → A
    assertThat(Population.of(dpps).classify(1000)).isEqualTo(RewardClass.A);
  }

  @Test
  void everyoneIsCWhenSigmaIsZero() {
    Population p = Population.of(7, 7, 7);
    assertThat(p.varianceTerm()).isZero();
    assertThat(p.classify(7)).isEqualTo(RewardClass.C);
    assertThat(p.zScore(7)).isNull();
    assertThat(Population.of(42).classify(42)).isEqualTo(RewardClass.C);
  }

  @Test
  void emptyPopulationHasNoStatistics() {
    Population p = Population.of();
    assertThat(p.n()).isZero();
    assertThat(p.mean()).isNull();
    assertThat(p.stddev()).isNull();
    assertThatThrownBy(() -> p.classify(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesInactiveContributorsAndImpossibleSums() {
    assertThatThrownBy(() -> Population.of(3, 0)).hasMessageContaining("DPP > 0, got 0");
    assertThatThrownBy(() -> new Population(2, BigInteger.TEN, BigInteger.ONE)).hasMessageContaining("n*Q < S^2");
  }

  @Test
  void hugeDppsStayExact() {
    long big = Long.MAX_VALUE / 2;
    Population p = Population.of(big, big, big + 1);
    // Doubles cannot tell these apart; integers can: u of the largest is 3(big+1) − (3big+1) = 2 > 0.
    assertThat(p.classify(big + 1)).isEqualTo(RewardClass.B);
    assertThat(p.classify(big)).isEqualTo(RewardClass.C);
  }
}
