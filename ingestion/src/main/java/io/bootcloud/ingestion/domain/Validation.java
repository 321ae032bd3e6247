package io.bootcloud.ingestion.domain;

/** The outcome of validating one line: an event, or a reason code with a detail for a person. */
public record Validation(TelemetryEvent event, ReasonCode reason, String detail) {

  public static Validation accepted(TelemetryEvent e) {
    return new Validation(e, null, null);
  }

  public static Validation rejected(ReasonCode reason, String detail) {
    return new Validation(null, reason, detail);
  }

  public boolean isAccepted() {
    return event != null;
  }
}
