package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every contributor's class against the whitepaper's reading, worked in exact rationals by a
 * separate, textbook implementation: μ = S/n and σ² = Q/n − μ² as reduced fractions, then A when
 * DPP − μ > 0 and (DPP − μ)² > 4σ², B when above μ within 2σ, C when at or below μ within 2σ, D
 * below μ beyond 2σ (DESIGN.md "Population"). Small values make ties at μ and at exactly 2σ common.
 */
class PopulationClassesPropertiesTest {

  /** A non-negative fraction num/den, den > 0, reduced. */
  record Fraction(BigInteger num, BigInteger den) {
    static Fraction of(BigInteger num, BigInteger den) {
      if (den.signum() < 0) {
        num = num.negate();
        den = den.negate();
      }
      BigInteger g = num.gcd(den);
      return g.signum() == 0 ? new Fraction(BigInteger.ZERO, BigInteger.ONE) : new Fraction(num.divide(g), den.divide(g));
    }

    Fraction minus(Fraction o) {
      return of(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
    }

    Fraction times(Fraction o) {
      return of(num.multiply(o.num), den.multiply(o.den));
    }

    int compareTo(Fraction o) {
      return num.multiply(o.den).compareTo(o.num.multiply(den));
    }
  }

  static RewardClass textbookClass(long dpp, List<Long> population) {
    BigInteger n = BigInteger.valueOf(population.size());
    BigInteger s = BigInteger.ZERO;
    BigInteger q = BigInteger.ZERO;
    for (long d : population) {
      s = s.add(BigInteger.valueOf(d));
      q = q.add(BigInteger.valueOf(d).pow(2));
    }
    Fraction mu = Fraction.of(s, n);
    Fraction variance = Fraction.of(q, n).minus(mu.times(mu));
    Fraction diff = Fraction.of(BigInteger.valueOf(dpp), BigInteger.ONE).minus(mu);
    boolean beyond = diff.times(diff).compareTo(Fraction.of(BigInteger.valueOf(4), BigInteger.ONE).times(variance)) > 0;
    if (diff.num().signum() > 0) {
      return beyond ? RewardClass.A : RewardClass.B;
    }
    return beyond ? RewardClass.D : RewardClass.C;
  }

  @Provide
  Arbitrary<List<Long>> smallDays() {
    return Arbitraries.longs().between(1, 12).list().ofMinSize(1).ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<Long>> wideDays() {
    return Arbitraries.longs().between(1, Long.MAX_VALUE).edgeCases(c -> c.includeOnly(1L, Long.MAX_VALUE))
        .list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 3000)
  void classesAgreeWithExactRationalsOnSmallDaysFullOfTies(@ForAll("smallDays") List<Long> dpps) {
    agree(dpps);
  }

  @Property(tries = 1000)
  void classesAgreeWithExactRationalsUpToTheLargestDpp(@ForAll("wideDays") List<Long> dpps) {
    agree(dpps);
  }

  private static void agree(List<Long> dpps) {
    Population p = Population.of(dpps.stream().mapToLong(Long::longValue).toArray());
    for (long d : dpps) {
      assertThat(p.classify(d)).as("DPP %d in %s", d, dpps).isEqualTo(textbookClass(d, dpps));
    }
  }
}
