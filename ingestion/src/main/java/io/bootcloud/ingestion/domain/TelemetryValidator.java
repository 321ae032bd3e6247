package io.bootcloud.ingestion.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootcloud.rules.WalletAddress;
import io.bootcloud.rules.config.IngestLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.web3j.crypto.Keys;

/**
 * The landing contract of DESIGN.md, written once: parses one NDJSON line and either returns a
 * valid {@link TelemetryEvent} or a {@link ReasonCode} with a detail that says what was wrong.
 * Unknown fields are ignored. Stateless and thread-safe.
 */
public final class TelemetryValidator {

  /** How far a timestamp may run past the end of its delivery day (device clock skew). */
  public static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATES = Set.of("computing", "idle");
  private static final Set<String> HARDWARE = Set.of("cpu", "gpu", "asic");
  /**
   * The largest reported rate, sol/hr (exclusive): with each device's day capped at 24 h, a
   * device reports at most 2.4e13 sol a day, so Σ rate × time cannot leave a {@code BIGINT}.
   */
  public static final BigDecimal MAX_RATE = new BigDecimal("1e12");

  private TelemetryValidator() {}

  /**
   * Validates {@code line} delivered under the landing folder of {@code deliveryDay}; a
   * timestamp later than the end of that day plus {@link #CLOCK_SKEW_TOLERANCE} is refused.
   */
  public static Validation validate(String line, LocalDate deliveryDay) {
    return validate(line, deliveryDay, IngestLimits.DEFAULT);
  }

  /** {@link #validate(String, LocalDate)} under {@code limits} (id length, largest difficulty). */
  public static Validation validate(String line, LocalDate deliveryDay, IngestLimits limits) {
    JsonNode node = FlatJson.read(line);
    try {
      if (node == null) {
        node = JSON.readTree(line);
      }
    } catch (JsonProcessingException e) {
      return Validation.rejected(ReasonCode.MALFORMED_JSON,
          "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      return Validation.rejected(ReasonCode.NOT_AN_OBJECT, "a line must be one JSON object");
    }
    try {
      return Validation.accepted(parse(node, deliveryDay, limits));
    } catch (Refusal r) {
      return Validation.rejected(r.reason, r.getMessage());
    }
  }

  private static TelemetryEvent parse(JsonNode n, LocalDate deliveryDay, IngestLimits limits) {
    String typeName = text(n, "type");
    EventType type = EventType.fromWire(typeName).orElseThrow(() -> new Refusal(ReasonCode.UNKNOWN_TYPE,
        "type must be share, heartbeat, contributor, bind or unbind, got \"" + shown(typeName) + "\""));
    String eventId = id(n, "event_id", limits);
    if (eventId.isBlank()) {
      throw new Refusal(ReasonCode.BAD_VALUE, "event_id must not be empty");
    }
    Instant ts = timestamp(n, deliveryDay);
    return switch (type) {
      case SHARE -> new TelemetryEvent(type, eventId, ts, id(n, "device_id", limits), difficulty(n, limits),
          optionalId(n, "job_id", limits), optionalId(n, "nonce", limits), null, null, null, null, null, null);
      case HEARTBEAT -> new TelemetryEvent(type, eventId, ts, id(n, "device_id", limits), null, null, null,
          interval(n), choice(n, "state", STATES), null, null, null, null)
          .withRateAndHardware(rate(n), choice(n, "hardware", HARDWARE));
      case CONTRIBUTOR -> new TelemetryEvent(type, eventId, ts, null, null, null, null, null, null, null, null,
          id(n, "contributor_id", limits), wallet(n));
      case BIND, UNBIND -> new TelemetryEvent(type, eventId, ts, id(n, "device_id", limits), null, null, null, null,
          null, null, null, id(n, "contributor_id", limits), null);
    };
  }

  /**
   * An id: a string of at most {@code limits.maxIdChars()} characters without control, format
   * (zero-width, bidi override) or other invisible characters, so what a reviewer sees is the id.
   */
  private static String id(JsonNode n, String field, IngestLimits limits) {
    return checkedId(field, text(n, field), limits);
  }

  private static String optionalId(JsonNode n, String field, IngestLimits limits) {
    String s = optionalText(n, field);
    return s == null ? null : checkedId(field, s, limits);
  }

  private static String checkedId(String field, String s, IngestLimits limits) {
    if (s.length() > limits.maxIdChars()) {
      throw new Refusal(ReasonCode.BAD_ID, field + " is " + s.length() + " characters, over the limit of "
          + limits.maxIdChars() + " (limits.max_id_chars)");
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int t = Character.getType(cp);
      if (t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED || t == Character.SURROGATE
          || t == Character.PRIVATE_USE || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR) {
        throw new Refusal(ReasonCode.BAD_ID, field + " holds the invisible or control character U+"
            + String.format(Locale.ROOT, "%04X", cp) + " at position " + (s.codePointCount(0, i) + 1)
            + "; ids must be printable text");
      }
      i += Character.charCount(cp);
    }
    return s;
  }

  /** A value as shown in a detail: control and format characters escaped, at most 64 characters. */
  private static String shown(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(64).forEach(cp -> {
      int t = Character.getType(cp);
      if (t == Character.CONTROL || t == Character.FORMAT) {
        b.append(String.format(Locale.ROOT, "\\u%04X", cp));
      } else {
        b.appendCodePoint(cp);
      }
    });
    return s.codePointCount(0, s.length()) > 64 ? b + "..." : b.toString();
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new Refusal(ReasonCode.MISSING_FIELD, field + " is required");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isTextual()) {
      throw new Refusal(ReasonCode.BAD_FIELD_TYPE, field + " must be a string, got " + v);
    }
    return v.asText();
  }

  private static String optionalText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
  }

  private static Instant timestamp(JsonNode n, LocalDate deliveryDay) {
    String s = text(n, "ts");
    Instant ts;
    try {
      ts = IsoTimestamp.parse(s);
    } catch (DateTimeParseException e) {
      throw new Refusal(ReasonCode.BAD_TIMESTAMP, "ts must be ISO-8601 with an offset, got \"" + s + "\"");
    }
    Instant latest = deliveryDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(CLOCK_SKEW_TOLERANCE);
    if (ts.isAfter(latest)) {
      throw new Refusal(ReasonCode.FUTURE_TIMESTAMP,
          "ts " + s + " is after the end of its delivery day " + deliveryDay + " (+" + CLOCK_SKEW_TOLERANCE.toHours() + " h)");
    }
    return ts;
  }

  private static long difficulty(JsonNode n, IngestLimits limits) {
    JsonNode v = required(n, "difficulty");
    if (!v.isIntegralNumber()) {
      throw new Refusal(ReasonCode.BAD_FIELD_TYPE, "difficulty must be an integer, got " + v);
    }
    BigInteger d = v.bigIntegerValue();
    if (d.signum() <= 0 || d.compareTo(BigInteger.valueOf(limits.maxDifficulty())) > 0) {
      throw new Refusal(ReasonCode.BAD_VALUE, "difficulty must be between 1 and " + limits.maxDifficulty()
          + " (limits.max_difficulty), got " + d);
    }
    return d.longValue();
  }

  private static int interval(JsonNode n) {
    JsonNode v = required(n, "interval_s");
    if (!v.isIntegralNumber()) {
      throw new Refusal(ReasonCode.BAD_FIELD_TYPE, "interval_s must be an integer, got " + v);
    }
    BigInteger i = v.bigIntegerValue();
    if (i.compareTo(BigInteger.ONE) < 0 || i.compareTo(BigInteger.valueOf(3600)) > 0) {
      throw new Refusal(ReasonCode.BAD_VALUE, "interval_s must be between 1 and 3600, got " + i);
    }
    return i.intValue();
  }

  private static BigDecimal rate(JsonNode n) {
    JsonNode v = required(n, "reported_rate");
    if (!v.isNumber()) {
      throw new Refusal(ReasonCode.BAD_FIELD_TYPE, "reported_rate must be a number, got " + v);
    }
    BigDecimal r = v.decimalValue();
    if (r.signum() < 0 || r.compareTo(MAX_RATE) >= 0) {
      throw new Refusal(ReasonCode.BAD_VALUE, "reported_rate must be >= 0 and < 1e12 sol/hr, got " + r.toPlainString());
    }
    return r.setScale(6, java.math.RoundingMode.DOWN);
  }

  private static String choice(JsonNode n, String field, Set<String> allowed) {
    String s = text(n, field);
    if (!allowed.contains(s)) {
      throw new Refusal(ReasonCode.BAD_VALUE, field + " must be one of " + new java.util.TreeSet<>(allowed)
          + ", got \"" + s + "\"");
    }
    return s;
  }

  private static String wallet(JsonNode n) {
    String s = text(n, "wallet");
    if (!WalletAddress.isAddress(s)) {
      throw new Refusal(ReasonCode.BAD_ADDRESS, "wallet must be a 0x-prefixed 20-byte hex address, got \"" + s + "\"");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    boolean mixed = !s.equals(lower) && !s.substring(2).equals(s.substring(2).toUpperCase(Locale.ROOT));
    if (mixed && !Keys.toChecksumAddress(lower).equals(s)) {
      throw new Refusal(ReasonCode.BAD_ADDRESS, "wallet " + s + " fails its EIP-55 checksum (expected "
          + Keys.toChecksumAddress(lower) + "); send it checksummed correctly or all lower-case");
    }
    return lower;
  }

  /** A refusal inside parsing; carries its reason code. */
  private static final class Refusal extends RuntimeException {
    private final ReasonCode reason;

    Refusal(ReasonCode reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
