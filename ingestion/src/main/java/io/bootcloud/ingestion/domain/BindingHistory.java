package io.bootcloud.ingestion.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns bind/unbind events into SCD2 bindings (DESIGN.md "DPP": one BootDisk is bound to at
 * most one contributor at a time, §4.1). Per device, events apply in (ts, unbinds first,
 * event_id) order: an unbind by the device's owner closes its binding and frees the device; a
 * bind of a free device opens a binding; a bind to the owner changes nothing; a bind of a
 * device bound to someone else is a CONFLICTING_BINDING (reported, the device stays with its
 * owner), so nobody who can write a registry line takes a device's rewards without its
 * owner's unbind.
 */
public final class BindingHistory {

  /** A bind or unbind event, with where it came from so a conflict can be quarantined. */
  public record Event(String eventId, Instant ts, String deviceId, String contributorId, boolean bind,
      String sourceFile, long lineNumber) {}

  /** A binding interval; {@code validTo} null while current. */
  public record Binding(String deviceId, String contributorId, Instant validFrom, Instant validTo,
      String bindEventId, String unbindEventId) {}

  public record Result(List<Binding> bindings, List<Event> conflicts) {}

  private BindingHistory() {}

  public static Result build(List<Event> events) {
    Map<String, List<Event>> byDevice = new LinkedHashMap<>();
    events.stream()
        .sorted(Comparator.comparing(Event::deviceId).thenComparing(Event::ts).thenComparing(Event::bind)
            .thenComparing(Event::eventId))
        .forEach(e -> byDevice.computeIfAbsent(e.deviceId(), k -> new ArrayList<>()).add(e));
    List<Binding> out = new ArrayList<>();
    List<Event> conflicts = new ArrayList<>();
    for (List<Event> deviceEvents : byDevice.values()) {
      Event open = null;
      for (Event e : deviceEvents) {
        if (e.bind()) {
          if (open != null && !open.contributorId().equals(e.contributorId())) {
            conflicts.add(e);
            continue;
          }
          if (open == null) {
            open = e;
          }
        } else if (open != null && open.contributorId().equals(e.contributorId())) {
          add(out, open, e.ts(), e.eventId());
          open = null;
        }
      }
      if (open != null) {
        out.add(new Binding(open.deviceId(), open.contributorId(), open.ts(), null, open.eventId(), null));
      }
    }
    return new Result(out, conflicts);
  }

  private static void add(List<Binding> out, Event open, Instant to, String closingEventId) {
    if (to.isAfter(open.ts())) {
      out.add(new Binding(open.deviceId(), open.contributorId(), open.ts(), to, open.eventId(), closingEventId));
    }
  }
}
