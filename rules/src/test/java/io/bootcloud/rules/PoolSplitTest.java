package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.PoolShares;
import java.math.BigInteger;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PoolSplitTest {

  private static final PoolShares DEFAULT = new PoolShares(50, 40, 10);
  private static final BigInteger E = new BigInteger("100000000000000000000000");

  private static BigInteger n(String s) {
    return new BigInteger(s);
  }

  @Test
  void splitsFiftyFortyTenWithBcTakingTheRest() {
    // 7 units: A = floor(3.5) = 3, D = floor(0.7) = 0, BC = 7 − 3 − 0 = 4.
    assertThat(PoolSplit.split(BigInteger.valueOf(7), DEFAULT, EnumSet.allOf(Pool.class), EmptyPoolPolicy.CARRY))
        .isEqualTo(new PoolBudgets(n("3"), n("4"), n("0"), n("0")));
    assertThat(PoolSplit.split(E, DEFAULT, EnumSet.allOf(Pool.class), EmptyPoolPolicy.REDISTRIBUTE))
        .isEqualTo(new PoolBudgets(n("50000000000000000000000"), n("40000000000000000000000"),
            n("10000000000000000000000"), n("0")));
  }

  @Test
  void carryLeavesAnEmptyPoolUnemitted() {
    PoolBudgets noA = PoolSplit.split(E, DEFAULT, EnumSet.of(Pool.BC, Pool.D), EmptyPoolPolicy.CARRY);
    assertThat(noA).isEqualTo(new PoolBudgets(n("0"), n("40000000000000000000000"),
        n("10000000000000000000000"), n("50000000000000000000000")));
    PoolBudgets noD = PoolSplit.split(E, DEFAULT, EnumSet.of(Pool.A, Pool.BC), EmptyPoolPolicy.CARRY);
    assertThat(noD.notEmitted()).isEqualTo(n("10000000000000000000000"));
  }

  @Test
  void redistributeSharesAnEmptyPoolProRata() {
    // No A: BC and D share 40:10 → D = floor(E·10/50) = 20,000 BCT, BC the rest = 80,000 BCT.
    assertThat(PoolSplit.split(E, DEFAULT, EnumSet.of(Pool.BC, Pool.D), EmptyPoolPolicy.REDISTRIBUTE))
        .isEqualTo(new PoolBudgets(n("0"), n("80000000000000000000000"), n("20000000000000000000000"), n("0")));
    // No D: A = floor(10^23·50/90) = 55555555555555555555555 (…555.5 floored), BC the rest.
    assertThat(PoolSplit.split(E, DEFAULT, EnumSet.of(Pool.A, Pool.BC), EmptyPoolPolicy.REDISTRIBUTE))
        .isEqualTo(new PoolBudgets(n("55555555555555555555555"), n("44444444444444444444445"), n("0"), n("0")));
    // Only A and D: A is the residual (larger share): D = floor(E·10/60), A the rest.
    assertThat(PoolSplit.split(E, DEFAULT, EnumSet.of(Pool.A, Pool.D), EmptyPoolPolicy.REDISTRIBUTE))
        .isEqualTo(new PoolBudgets(n("83333333333333333333334"), n("0"), n("16666666666666666666666"), n("0")));
  }

  @Test
  void nothingIsEmittedWithoutContributors() {
    for (EmptyPoolPolicy policy : EmptyPoolPolicy.values()) {
      assertThat(PoolSplit.split(E, DEFAULT, EnumSet.noneOf(Pool.class), policy))
          .isEqualTo(new PoolBudgets(n("0"), n("0"), n("0"), E));
    }
  }
}
