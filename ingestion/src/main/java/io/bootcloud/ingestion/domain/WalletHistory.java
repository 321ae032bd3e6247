package io.bootcloud.ingestion.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns contributor events into SCD2 wallet versions: per contributor, in (ts, event_id) order,
 * each event with a different wallet closes the version in force and opens a new one.
 */
public final class WalletHistory {

  public record Event(String eventId, Instant ts, String contributorId, String wallet) {}

  public record Version(String contributorId, String wallet, Instant validFrom, Instant validTo, String eventId) {}

  private WalletHistory() {}

  public static List<Version> build(List<Event> events) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::contributorId).thenComparing(Event::ts).thenComparing(Event::eventId));
    List<Version> out = new ArrayList<>();
    Event open = null;
    for (Event e : sorted) {
      if (open != null && open.contributorId().equals(e.contributorId())) {
        if (open.wallet().equals(e.wallet()) || !e.ts().isAfter(open.ts())) {
          if (!e.ts().isAfter(open.ts()) && !open.wallet().equals(e.wallet())) {
            open = e; // same instant: the later event_id wins
          }
          continue;
        }
        out.add(new Version(open.contributorId(), open.wallet(), open.ts(), e.ts(), open.eventId()));
      } else if (open != null) {
        out.add(new Version(open.contributorId(), open.wallet(), open.ts(), null, open.eventId()));
      }
      open = e;
    }
    if (open != null) {
      out.add(new Version(open.contributorId(), open.wallet(), open.ts(), null, open.eventId()));
    }
    return out;
  }
}
