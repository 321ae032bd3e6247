package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** §4.4.4 to the unit; every expected number below is worked out by hand in its comment. */
class EmissionScheduleTest {

  private static final BigInteger UNIT = BigInteger.TEN.pow(18);
  private static final LocalDate LAUNCH = LocalDate.of(2026, 1, 1);
  /** The whitepaper's parameters, as the shipped ruleset 2026.1 sets them (RulesetLoaderTest reads them there). */
  private final EmissionSchedule schedule = new EmissionSchedule(LAUNCH, bct("100000"), 9, 10, 365, bct("45240000"));

  private static BigInteger bct(String amount) {
    return new java.math.BigDecimal(amount).multiply(new java.math.BigDecimal(UNIT)).toBigIntegerExact();
  }

  @Test
  void launchDayEmitsAHundredThousand() {
    assertThat(schedule.miningYear(LAUNCH)).isEqualTo(1);
    assertThat(schedule.scheduled(LAUNCH)).isEqualTo(bct("100000"));
  }

  @Test
  void lastDayOfYearOneAndFirstOfYearTwo() {
    LocalDate last = LAUNCH.plusDays(364); // k = 364: floor(364/365) + 1 = 1
    LocalDate first = LAUNCH.plusDays(365); // k = 365: year 2, 100000 * 9/10 = 90000
    assertThat(schedule.miningYear(last)).isEqualTo(1);
    assertThat(schedule.scheduled(last)).isEqualTo(bct("100000"));
    assertThat(schedule.miningYear(first)).isEqualTo(2);
    assertThat(schedule.scheduled(first)).isEqualTo(bct("90000"));
  }

  @Test
  void yearTenIs38742point0489() {
    // 100000 * 0.9^9 = 100000 * 0.387420489 = 38742.0489 BCT, exact in base units.
    LocalDate yearTen = LAUNCH.plusDays(9L * 365);
    assertThat(schedule.miningYear(yearTen)).isEqualTo(10);
    assertThat(schedule.scheduled(yearTen)).isEqualTo(new BigInteger("38742048900000000000000"));
  }

  @Test
  void floorsWhenTheDecayIsNotExact() {
    // Year 30: 100000e18 * 9^29 / 10^29; 9^29 = 4710128697246244834921603689, so
    // E = 10^23 * 4710128697246244834921603689 / 10^29 = 4710128697246244834921.603689 -> floor.
    LocalDate year30 = LAUNCH.plusDays(29L * 365);
    assertThat(schedule.scheduled(year30)).isEqualTo(new BigInteger("4710128697246244834921"));
  }

  @Test
  void theCapCrossingDayEmitsExactlyTheRemainderAndTheNextDayNothing() {
    // Year 1 emits 365 * 100000 = 36,500,000 BCT; 45,240,000 - 36,500,000 = 8,740,000 remain.
    // Year 2 days emit 90,000: 97 days make 8,730,000, so day 98 of year 2 (k = 365 + 97 = 462)
    // may emit only 10,000 BCT, and k = 463 nothing.
    BigInteger emitted = BigInteger.ZERO;
    for (int k = 0; k < 462; k++) {
      BigInteger e = schedule.emittable(LAUNCH.plusDays(k), emitted);
      assertThat(e).isEqualTo(k < 365 ? bct("100000") : bct("90000"));
      emitted = emitted.add(e);
    }
    assertThat(emitted).isEqualTo(bct("45230000"));
    BigInteger crossing = schedule.emittable(LAUNCH.plusDays(462), emitted);
    assertThat(crossing).isEqualTo(bct("10000"));
    emitted = emitted.add(crossing);
    assertThat(emitted).isEqualTo(schedule.cap());
    assertThat(schedule.emittable(LAUNCH.plusDays(463), emitted)).isZero();
  }

  @Test
  void byYearIsTheCurveUnderTheCap() {
    var years = schedule.byYear(3);
    // Year 1: 365 x 100000 = 36,500,000 BCT.
    assertThat(years.get(0)).isEqualTo(new EmissionSchedule.Year(1, LAUNCH, bct("100000"), bct("36500000"),
        bct("36500000")));
    // Year 2: 365 x 90000 = 32,850,000 would pass the cap; only 45,240,000 - 36,500,000 = 8,740,000 is left.
    assertThat(years.get(1)).isEqualTo(new EmissionSchedule.Year(2, LAUNCH.plusDays(365), bct("90000"),
        bct("8740000"), bct("45240000")));
    // Year 3: E = 81,000 a day is scheduled, nothing is left to emit.
    assertThat(years.get(2)).isEqualTo(new EmissionSchedule.Year(3, LAUNCH.plusDays(730), bct("81000"),
        BigInteger.ZERO, bct("45240000")));
    assertThatThrownBy(() -> schedule.byYear(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesADayBeforeLaunchAndAnImpossibleHistory() {
    assertThatThrownBy(() -> schedule.scheduled(LAUNCH.minusDays(1)))
        .hasMessage("day 2025-12-31 is before the launch day 2026-01-01");
    assertThatThrownBy(() -> schedule.emittable(LAUNCH, schedule.cap().add(BigInteger.ONE)))
        .hasMessageContaining("must be between 0 and the cap");
  }
}
