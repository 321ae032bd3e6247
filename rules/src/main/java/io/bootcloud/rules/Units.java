package io.bootcloud.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * BCT and its base units: an ERC-20 with 18 decimals, so 1 BCT = 10^18 base units. Every amount
 * the engine computes, stores or sends is a whole number of base units ({@code BigInteger},
 * {@code DECIMAL(38,0)}); BCT with decimals exist only in rulesets and for people to read.
 */
public final class Units {

  /** Decimals of the token. */
  public static final int DECIMALS = 18;

  /** Base units per BCT. */
  public static final BigInteger PER_BCT = BigInteger.TEN.pow(DECIMALS);

  private Units() {}

  /** {@code units} as BCT, exact (up to 18 decimals). */
  public static BigDecimal toBct(BigInteger units) {
    return new BigDecimal(units).movePointLeft(DECIMALS);
  }

  /** {@code bct} in base units, exact; throws ArithmeticException for a fraction of a base unit. */
  public static BigInteger fromBct(BigDecimal bct) {
    return bct.movePointRight(DECIMALS).toBigIntegerExact();
  }

  /** For people: {@code "1234.500000 BCT"}, to 6 decimals, rounded down (never more than is there). */
  public static String format(BigInteger units) {
    return toBct(units).setScale(6, RoundingMode.DOWN).toPlainString() + " BCT";
  }
}
