package io.bootcloud.rules;

import io.bootcloud.rules.config.Ruleset;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The proof-of-power emission schedule of whitepaper §4.4.4 (DESIGN.md "Emission"): with
 * {@code k = D − launch} days, mining year {@code y = floor(k / days_per_year) + 1} and the
 * scheduled emission {@code E = floor(initial × num^(y−1) / den^(y−1))}, in exact integers.
 * A day emits {@code min(E, cap − emitted so far)}, so cumulative emission never passes the cap.
 */
public final class EmissionSchedule {

  private final LocalDate launchDay;
  private final BigInteger initialDaily;
  private final BigInteger numerator;
  private final BigInteger denominator;
  private final int daysPerYear;
  private final BigInteger cap;

  public EmissionSchedule(LocalDate launchDay, BigInteger initialDaily, int numerator, int denominator,
      int daysPerYear, BigInteger cap) {
    if (initialDaily.signum() <= 0 || cap.signum() <= 0 || numerator < 1 || denominator < numerator
        || daysPerYear < 1) {
      throw new IllegalArgumentException("invalid emission schedule: initial=%s num=%d den=%d days=%d cap=%s"
          .formatted(initialDaily, numerator, denominator, daysPerYear, cap));
    }
    this.launchDay = launchDay;
    this.initialDaily = initialDaily;
    this.numerator = BigInteger.valueOf(numerator);
    this.denominator = BigInteger.valueOf(denominator);
    this.daysPerYear = daysPerYear;
    this.cap = cap;
  }

  public static EmissionSchedule of(Ruleset r) {
    return new EmissionSchedule(r.launchDay(), r.initialDailyEmissionUnits(), r.emissionDecayNumerator(),
        r.emissionDecayDenominator(), r.daysPerMiningYear(), r.miningCapUnits());
  }

  public BigInteger cap() {
    return cap;
  }

  /** Mining year of {@code day}, 1 on the launch day; refuses a day before launch. */
  public int miningYear(LocalDate day) {
    long k = ChronoUnit.DAYS.between(launchDay, day);
    if (k < 0) {
      throw new IllegalArgumentException("day " + day + " is before the launch day " + launchDay);
    }
    return Math.toIntExact(k / daysPerYear + 1);
  }

  /** Scheduled emission E of {@code day} in base units, before the cap. */
  public BigInteger scheduled(LocalDate day) {
    int exponent = miningYear(day) - 1;
    return initialDaily.multiply(numerator.pow(exponent)).divide(denominator.pow(exponent));
  }

  /** What the day may emit given what was emitted before it: {@code min(E, cap − emittedBefore)}. */
  public BigInteger emittable(LocalDate day, BigInteger emittedBefore) {
    if (emittedBefore.signum() < 0 || emittedBefore.compareTo(cap) > 0) {
      throw new IllegalArgumentException("emitted before " + day + " is " + emittedBefore
          + " but must be between 0 and the cap " + cap);
    }
    return scheduled(day).min(cap.subtract(emittedBefore));
  }

  /** One mining year of the schedule: its first day, its daily E, what it emits under the cap, and the total after it. */
  public record Year(int year, LocalDate firstDay, BigInteger scheduledDaily, BigInteger emitted,
      BigInteger cumulative) {}

  /**
   * The first {@code years} mining years as the ledger records them when every day emits what it
   * may ({@link #emittable}, day by day): the curve the auditors' notebook draws against the cap.
   */
  public List<Year> byYear(int years) {
    if (years < 1) {
      throw new IllegalArgumentException("years must be at least 1, got " + years);
    }
    List<Year> out = new ArrayList<>(years);
    BigInteger cumulative = BigInteger.ZERO;
    for (int y = 1; y <= years; y++) {
      LocalDate first = launchDay.plusDays((long) (y - 1) * daysPerYear);
      BigInteger emitted = BigInteger.ZERO;
      for (int d = 0; d < daysPerYear; d++) {
        BigInteger day = emittable(first.plusDays(d), cumulative);
        emitted = emitted.add(day);
        cumulative = cumulative.add(day);
      }
      out.add(new Year(y, first, scheduled(first), emitted, cumulative));
    }
    return out;
  }
}
