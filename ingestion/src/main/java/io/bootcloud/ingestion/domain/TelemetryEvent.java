package io.bootcloud.ingestion.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One valid landing event; fields that its type does not carry are null. Produced only by
 * {@link TelemetryValidator}, so every instance satisfies DESIGN.md's landing contract.
 */
public record TelemetryEvent(
    EventType type,
    String eventId,
    Instant ts,
    String deviceId,
    Long difficulty,
    String jobId,
    String nonce,
    Integer intervalS,
    String state,
    BigDecimal reportedRate,
    String hardware,
    String contributorId,
    String wallet) {

  TelemetryEvent withRateAndHardware(BigDecimal rate, String hw) {
    return new TelemetryEvent(type, eventId, ts, deviceId, difficulty, jobId, nonce, intervalS, state, rate, hw,
        contributorId, wallet);
  }
}
