package io.bootcloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small day worked out by hand: launch day, E = 100 units, cap 1,000; the ledger emits 90 (A 50,
 * BC 40, D empty and carried) and leaves 10 unemitted; three contributors. Each broken variant
 * fails exactly the checks named.
 */
class DayInvariantsTest {

  private static final LocalDate LAUNCH = LocalDate.of(2026, 1, 1);
  private static final EmissionSchedule SCHEDULE = new EmissionSchedule(LAUNCH, n(100), 9, 10, 365, n(1000));
  private static final DayInvariants.Ledger LEDGER = new DayInvariants.Ledger(n(100), n(90), n(10), n(90));

  private static BigInteger n(long v) {
    return BigInteger.valueOf(v);
  }

  private static DayInvariants.Rewards rewards(long paidA, long rows) {
    return new DayInvariants.Rewards(Map.of("A", new DayInvariants.PoolPaid(n(50), n(paidA)),
        "BC", new DayInvariants.PoolPaid(n(40), n(40)), "D", new DayInvariants.PoolPaid(n(0), n(0))), rows, 3, 3);
  }

  @Test
  void aGoodDayPassesEveryCheck() {
    var checks = DayInvariants.of(LAUNCH, SCHEDULE, LEDGER, rewards(50, 3));
    assertThat(checks).extracting(DayInvariants.Check::name).containsExactly("pool_A_exact", "pool_BC_exact",
        "pool_D_exact", "day_total_is_emitted", "emitted_plus_not_emitted", "schedule", "cap", "one_class_each",
        "class_counts_sum_to_n");
    assertThat(DayInvariants.failing(checks)).isEmpty();
  }

  @Test
  void aPoolPayingOneUnitMoreFailsItsPoolAndTheDayTotal() {
    assertThat(DayInvariants.failing(DayInvariants.of(LAUNCH, SCHEDULE, LEDGER, rewards(51, 3))))
        .containsExactly("pool_A_exact", "day_total_is_emitted");
  }

  @Test
  void aLedgerOffTheScheduleFailsTheScheduleChecks() {
    // Scheduled 101 instead of 100: only the schedule check (emittable is still 100 = 90 + 10).
    assertThat(DayInvariants.failing(DayInvariants.of(LAUNCH, SCHEDULE,
        new DayInvariants.Ledger(n(101), n(90), n(10), n(90)), rewards(50, 3)))).containsExactly("schedule");
    // 11 not emitted: 90 + 11 is not the emittable 100.
    assertThat(DayInvariants.failing(DayInvariants.ledger(LAUNCH, SCHEDULE,
        new DayInvariants.Ledger(n(100), n(90), n(11), n(90))))).containsExactly("emitted_plus_not_emitted");
  }

  @Test
  void cumulativeEmissionPastTheCapFails() {
    // 1,001 emitted in all, so 911 before the day: the emittable amount is min(100, 1000 - 911) = 89, not 100.
    assertThat(DayInvariants.failing(DayInvariants.ledger(LAUNCH.plusDays(20), SCHEDULE,
        new DayInvariants.Ledger(n(100), n(90), n(10), n(1001))))).containsExactly("emitted_plus_not_emitted", "cap");
  }

  @Test
  void aMissingRewardRowFailsOneClassEach() {
    assertThat(DayInvariants.failing(DayInvariants.of(LAUNCH, SCHEDULE, LEDGER, rewards(50, 2))))
        .containsExactly("one_class_each");
  }
}
