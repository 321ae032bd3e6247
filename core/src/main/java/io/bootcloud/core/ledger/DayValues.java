package io.bootcloud.core.ledger;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * One value per day of {@code span} that has one, as a {@link CarriedRead} holds what it read around
 * a command's days: the days without a value hold none.
 *
 * @param <V> the value of a day
 */
public record DayValues<V>(RunLedger.Span span, Map<LocalDate, V> byDay) {

  public DayValues {
    byDay = Map.copyOf(byDay);
  }

  /** Whether these values were read for every day of {@code needed}. */
  public boolean covers(RunLedger.Span needed) {
    return span.covers(needed);
  }

  /** The values of the days of {@code needed} only. */
  public Map<LocalDate, V> within(RunLedger.Span needed) {
    Map<LocalDate, V> out = new HashMap<>(byDay);
    out.keySet().removeIf(d -> !needed.contains(d));
    return out;
  }

  /** These values with {@code day}'s replaced by {@code value}. */
  public DayValues<V> with(LocalDate day, V value) {
    Map<LocalDate, V> next = new HashMap<>(byDay);
    next.put(day, value);
    return new DayValues<>(span, next);
  }
}
