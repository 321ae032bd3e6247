package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void oneBctIsTenToTheEighteenBaseUnits() {
    assertThat(Units.PER_BCT).isEqualTo(new BigInteger("1000000000000000000"));
    assertThat(Units.fromBct(new BigDecimal("100000"))).isEqualTo(new BigInteger("100000000000000000000000"));
    assertThat(Units.fromBct(new BigDecimal("0.000000000000000001"))).isEqualTo(BigInteger.ONE);
    assertThat(Units.toBct(new BigInteger("1500000000000000000"))).isEqualByComparingTo("1.5");
  }

  @Test
  void aFractionOfABaseUnitIsRefused() {
    assertThatThrownBy(() -> Units.fromBct(new BigDecimal("0.0000000000000000001")))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void peopleSeeSixDecimalsRoundedDown() {
    assertThat(Units.format(new BigInteger("1234567899999999999999"))).isEqualTo("1234.567899 BCT");
    assertThat(Units.format(BigInteger.ZERO)).isEqualTo("0.000000 BCT");
  }
}
