package io.bootcloud.rules;

import java.time.LocalDate;
import java.util.Set;

/**
 * Where late work is credited (DESIGN.md "Day": from ruleset 2026.2 late shares are "credited to
 * the first open day"): the first day after the share's own day whose payout batch was not yet
 * exported when the share was ingested. Ingest records it; dpp credits it under a ruleset whose
 * {@code late_work} is {@code credit_first_open_day}.
 */
public final class LateWork {

  private LateWork() {}

  /** The first day after {@code day} not in {@code exported}. */
  public static LocalDate firstOpenDay(Set<LocalDate> exported, LocalDate day) {
    LocalDate d = day.plusDays(1);
    while (exported.contains(d)) {
      d = d.plusDays(1);
    }
    return d;
  }
}
