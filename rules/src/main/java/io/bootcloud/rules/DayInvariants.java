package io.bootcloud.rules;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DESIGN.md's invariants of a computed day, checked from what its tables hold (the one
 * implementation reconcile, review and export use; {@code audit.daily_invariants} is the same
 * rules in SQL for auditors):
 * <ul>
 *   <li>{@code pool_<P>_exact}: each pool's amounts add up to exactly its budget;
 *   <li>{@code day_total_is_emitted}: the day's amounts add up to the ledger's emitted amount;
 *   <li>{@code emitted_plus_not_emitted}: emitted + not emitted = the day's emittable amount,
 *       {@code min(E, cap − emitted before)} (§4.4.4);
 *   <li>{@code schedule}: the ledger's scheduled E is the schedule's for the day;
 *   <li>{@code cap}: cumulative emission never passes the mining cap;
 *   <li>{@code one_class_each} and {@code class_counts_sum_to_n}: one reward row, so one class,
 *       per active contributor, and the class counts add up to n.
 * </ul>
 */
public final class DayInvariants {

  /** One named check: what was expected, what was found, and what it means. */
  public record Check(String name, boolean passed, String expected, String actual, String detail) {

    /** A check of two amounts or counts that must be equal. */
    public static Check equal(String name, BigInteger expected, BigInteger actual, String detail) {
      return new Check(name, expected.equals(actual), expected.toString(), actual.toString(), detail);
    }

    /** A check that only passes or fails, with what was wrong in {@code detail}. */
    public static Check of(String name, boolean passed, String detail) {
      return new Check(name, passed, "", "", detail);
    }
  }

  /** The day's emission ledger row, in base units. */
  public record Ledger(BigInteger scheduled, BigInteger emitted, BigInteger notEmitted, BigInteger cumulative) {}

  /** One pool of the day's reward rows: its budget as the rows record it, and the sum of their amounts. */
  public record PoolPaid(BigInteger budget, BigInteger paid) {}

  /**
   * The day's reward rows: per pool (A, BC, D) what it was given and paid, how many rows, and from
   * the population statistics n and the sum of the class counts.
   */
  public record Rewards(Map<String, PoolPaid> pools, long rows, long n, long classCounts) {}

  private DayInvariants() {}

  /** The checks of the ledger alone against the schedule: emittable, scheduled E, cap. */
  public static List<Check> ledger(LocalDate day, EmissionSchedule schedule, Ledger l) {
    List<Check> checks = new ArrayList<>();
    BigInteger before = l.cumulative().subtract(l.emitted());
    String accounting = "paid + not emitted = the day's emittable min(schedule, cap - emitted before)";
    try {
      checks.add(Check.equal("emitted_plus_not_emitted", schedule.emittable(day, before),
          l.emitted().add(l.notEmitted()), accounting));
    } catch (IllegalArgumentException e) {
      checks.add(new Check("emitted_plus_not_emitted", false, "", l.emitted().add(l.notEmitted()).toString(),
          e.getMessage()));
    }
    checks.add(Check.equal("schedule", schedule.scheduled(day), l.scheduled(),
        "the ledger's scheduled emission follows §4.4.4"));
    checks.add(new Check("cap", l.cumulative().compareTo(schedule.cap()) <= 0, "<= " + schedule.cap(),
        l.cumulative().toString(), "cumulative emitted never exceeds the mining cap"));
    return checks;
  }

  /** Every check of the day: the pools and the day's total, then {@link #ledger}, then the classes. */
  public static List<Check> of(LocalDate day, EmissionSchedule schedule, Ledger l, Rewards r) {
    List<Check> checks = new ArrayList<>();
    BigInteger paid = BigInteger.ZERO;
    for (Map.Entry<String, PoolPaid> p : new java.util.TreeMap<>(r.pools()).entrySet()) {
      checks.add(Check.equal("pool_" + p.getKey() + "_exact", p.getValue().budget(), p.getValue().paid(),
          "amounts of pool " + p.getKey() + " add up to its budget"));
      paid = paid.add(p.getValue().paid());
    }
    checks.add(Check.equal("day_total_is_emitted", l.emitted(), paid, "the day's amounts add up to the ledger's emitted"));
    checks.addAll(ledger(day, schedule, l));
    checks.add(Check.equal("one_class_each", BigInteger.valueOf(r.n()), BigInteger.valueOf(r.rows()),
        "one reward row (one class) per active contributor"));
    checks.add(Check.equal("class_counts_sum_to_n", BigInteger.valueOf(r.n()), BigInteger.valueOf(r.classCounts()),
        "class counts add up to n"));
    return checks;
  }

  /** The names of the checks that failed, in order; empty when the day holds. */
  public static List<String> failing(List<Check> checks) {
    return checks.stream().filter(c -> !c.passed()).map(Check::name).toList();
  }
}
