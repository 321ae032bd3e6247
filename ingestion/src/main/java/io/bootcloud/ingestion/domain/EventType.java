package io.bootcloud.ingestion.domain;

import java.util.Locale;
import java.util.Optional;

/** The {@code type} of a landing event and the silver table it feeds. */
public enum EventType {
  SHARE, HEARTBEAT, CONTRIBUTOR, BIND, UNBIND;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EventType> fromWire(String s) {
    for (EventType t : values()) {
      if (t.wireName().equals(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
