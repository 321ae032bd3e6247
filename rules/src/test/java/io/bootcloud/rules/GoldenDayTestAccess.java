package io.bootcloud.rules;

/** Lets the Spark tests reuse the golden day of {@link GoldenDayTest}. */
public final class GoldenDayTestAccess {

  private GoldenDayTestAccess() {}

  public static Object[][] golden() {
    return GoldenDayTest.GOLDEN;
  }
}
