package io.bootcloud.ingestion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TelemetryValidatorTest {

  private static final LocalDate DT = LocalDate.of(2026, 3, 1);

  private static Validation v(String line) {
    return TelemetryValidator.validate(line, DT);
  }

  private static ReasonCode reason(String line) {
    Validation r = v(line);
    assertThat(r.isAccepted()).as(line).isFalse();
    assertThat(r.detail()).as(line).isNotBlank();
    return r.reason();
  }

  @Test
  void acceptsAShareAndIgnoresUnknownFields() {
    Validation r = v("{\"type\":\"share\",\"event_id\":\"e1\",\"device_id\":\"d1\",\"ts\":\"2026-03-01T08:00:00+08:00\","
        + "\"difficulty\":4096,\"job_id\":\"j\",\"nonce\":\"n\",\"firmware\":\"x\"}");
    assertThat(r.isAccepted()).isTrue();
    TelemetryEvent e = r.event();
    assertThat(e.type()).isEqualTo(EventType.SHARE);
    assertThat(e.ts()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(e.difficulty()).isEqualTo(4096L);
  }

  @Test
  void acceptsAHeartbeatWithAnExactRate() {
    TelemetryEvent e = v("{\"type\":\"heartbeat\",\"event_id\":\"h1\",\"device_id\":\"d1\",\"ts\":\"2026-03-01T01:00:00Z\","
        + "\"interval_s\":300,\"state\":\"computing\",\"reported_rate\":1234.5,\"hardware\":\"gpu\"}").event();
    assertThat(e.reportedRate()).isEqualByComparingTo(new BigDecimal("1234.5"));
    assertThat(e.intervalS()).isEqualTo(300);
    assertThat(e.hardware()).isEqualTo("gpu");
  }

  @Test
  void acceptsRegistryEventsAndLowerCasesWallets() {
    TelemetryEvent c = v("{\"type\":\"contributor\",\"event_id\":\"r1\",\"ts\":\"2026-03-01T00:00:00Z\","
        + "\"contributor_id\":\"alice\",\"wallet\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"}").event();
    assertThat(c.wallet()).isEqualTo("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    assertThat(v("{\"type\":\"bind\",\"event_id\":\"r2\",\"ts\":\"2026-03-01T00:00:00Z\",\"device_id\":\"d\","
        + "\"contributor_id\":\"alice\"}").event().type()).isEqualTo(EventType.BIND);
  }

  @Test
  void refusesEachRuleWithItsCode() {
    String ok = "\"event_id\":\"e\",\"device_id\":\"d\",\"ts\":\"2026-03-01T08:00:00Z\"";
    assertThat(reason("{\"type\":\"share\"")).isEqualTo(ReasonCode.MALFORMED_JSON);
    assertThat(reason("[1,2]")).isEqualTo(ReasonCode.NOT_AN_OBJECT);
    assertThat(reason("{\"type\":\"bonus\"," + ok + "}")).isEqualTo(ReasonCode.UNKNOWN_TYPE);
    assertThat(reason("{\"type\":\"share\"," + ok + "}")).isEqualTo(ReasonCode.MISSING_FIELD);
    assertThat(reason("{\"type\":\"share\"," + ok + ",\"difficulty\":null}")).isEqualTo(ReasonCode.MISSING_FIELD);
    assertThat(reason("{\"type\":\"share\"," + ok + ",\"difficulty\":\"12\"}")).isEqualTo(ReasonCode.BAD_FIELD_TYPE);
    assertThat(reason("{\"type\":\"share\"," + ok + ",\"difficulty\":1.5}")).isEqualTo(ReasonCode.BAD_FIELD_TYPE);
    assertThat(reason("{\"type\":\"share\"," + ok + ",\"difficulty\":0}")).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reason("{\"type\":\"share\"," + ok + ",\"difficulty\":-5}")).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reason("{\"type\":\"share\"," + ok + ",\"difficulty\":99999999999999999999999}"))
        .isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reason("{\"type\":\"share\",\"event_id\":\"e\",\"device_id\":\"d\",\"ts\":\"2026-03-01 08:00\","
        + "\"difficulty\":1}")).isEqualTo(ReasonCode.BAD_TIMESTAMP);
    assertThat(reason("{\"type\":\"share\",\"event_id\":\"e\",\"device_id\":\"d\",\"ts\":\"2026-03-01T08:00:00\","
        + "\"difficulty\":1}")).isEqualTo(ReasonCode.BAD_TIMESTAMP);
    assertThat(reason("{\"type\":\"share\",\"event_id\":\"e\",\"device_id\":\"d\",\"ts\":\"2026-03-02T01:00:01Z\","
        + "\"difficulty\":1}")).isEqualTo(ReasonCode.FUTURE_TIMESTAMP);
    String hb = "{\"type\":\"heartbeat\"," + ok + ",\"state\":\"computing\",\"hardware\":\"cpu\",";
    assertThat(reason(hb + "\"interval_s\":7200,\"reported_rate\":1}")).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reason(hb + "\"interval_s\":300,\"reported_rate\":-1}")).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reason(hb + "\"interval_s\":300,\"reported_rate\":\"NaN\"}")).isEqualTo(ReasonCode.BAD_FIELD_TYPE);
    assertThat(reason(hb + "\"interval_s\":300,\"reported_rate\":NaN}")).isEqualTo(ReasonCode.MALFORMED_JSON);
    assertThat(reason(hb + "\"interval_s\":300,\"reported_rate\":1e30}")).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(reason("{\"type\":\"contributor\",\"event_id\":\"r\",\"ts\":\"2026-03-01T00:00:00Z\","
        + "\"contributor_id\":\"a\",\"wallet\":\"0x12\"}")).isEqualTo(ReasonCode.BAD_ADDRESS);
  }

  @Test
  void checksEip55ChecksumsOfMixedCaseWallets() {
    // Vectors from EIP-55 itself: the first is correctly checksummed; flipping one letter's case breaks it.
    String pre = "{\"type\":\"contributor\",\"event_id\":\"r\",\"ts\":\"2026-03-01T00:00:00Z\","
        + "\"contributor_id\":\"a\",\"wallet\":\"";
    assertThat(v(pre + "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359\"}").isAccepted()).isTrue();
    assertThat(v(pre + "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB\"}").isAccepted()).isTrue();
    assertThat(reason(pre + "0xFB6916095ca1df60bB79Ce92cE3Ea74c37c5d359\"}")).isEqualTo(ReasonCode.BAD_ADDRESS);
    assertThat(reason(pre + "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6Fb\"}")).isEqualTo(ReasonCode.BAD_ADDRESS);
    // All lower-case and all upper-case carry no checksum and are accepted.
    assertThat(v(pre + "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359\"}").isAccepted()).isTrue();
    assertThat(v(pre + "0xFB6916095CA1DF60BB79CE92CE3EA74C37C5D359\"}").isAccepted()).isTrue();
  }

  @Test
  void allowsAnHourOfClockSkewPastTheDeliveryDay() {
    assertThat(v("{\"type\":\"share\",\"event_id\":\"e\",\"device_id\":\"d\",\"ts\":\"2026-03-02T01:00:00Z\","
        + "\"difficulty\":1}").isAccepted()).isTrue();
  }
  private static String share(String eventId, String deviceId, String difficulty) {
    return "{\"type\":\"share\",\"event_id\":\"" + eventId + "\",\"device_id\":\"" + deviceId
        + "\",\"ts\":\"2026-03-01T08:00:00Z\",\"difficulty\":" + difficulty + "}";
  }

  @Test
  void refusesADifficultyAboveTheDocumentedMaximum() {
    // Long.MAX_VALUE used to be accepted and made every dpp run of its day overflow.
    assertThat(reason(share("e", "d", Long.toString(Long.MAX_VALUE)))).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(v(share("e", "d", Long.toString(Long.MAX_VALUE))).detail())
        .isEqualTo("difficulty must be between 1 and 1099511627776 (limits.max_difficulty), got 9223372036854775807");
    assertThat(v(share("e", "d", Long.toString(1L << 40))).event().difficulty()).isEqualTo(1L << 40);
    assertThat(reason(share("e", "d", Long.toString((1L << 40) + 1)))).isEqualTo(ReasonCode.BAD_VALUE);
    io.bootcloud.rules.config.IngestLimits tight = new io.bootcloud.rules.config.IngestLimits(1 << 20, 1024, 16, 100);
    assertThat(TelemetryValidator.validate(share("e", "d", "101"), DT, tight).reason()).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(TelemetryValidator.validate(share("e", "d", "100"), DT, tight).isAccepted()).isTrue();
  }

  @Test
  void refusesARateAtOrAboveTheDocumentedMaximum() {
    String hb = "{\"type\":\"heartbeat\",\"event_id\":\"e\",\"device_id\":\"d\",\"ts\":\"2026-03-01T08:00:00Z\","
        + "\"state\":\"computing\",\"hardware\":\"cpu\",\"interval_s\":300,\"reported_rate\":";
    assertThat(reason(hb + "1e12}")).isEqualTo(ReasonCode.BAD_VALUE);
    assertThat(v(hb + "999999999999.5}").isAccepted()).isTrue();
  }

  @Test
  void refusesIdsWithControlOrBidiCharactersAndOverlongIds() {
    assertThat(reason(share("e\\u0000x", "d", "1"))).isEqualTo(ReasonCode.BAD_ID);
    assertThat(v(share("e\\u0000x", "d", "1")).detail()).contains("U+0000 at position 2");
    assertThat(reason(share("e", "dev\\u202Eabc", "1"))).isEqualTo(ReasonCode.BAD_ID);
    assertThat(v(share("e", "dev\\u202Eabc", "1")).detail()).contains("device_id holds").contains("U+202E");
    assertThat(reason(share("e", "d\\u200Bx", "1"))).isEqualTo(ReasonCode.BAD_ID);
    assertThat(reason("{\"type\":\"bind\",\"event_id\":\"b\",\"ts\":\"2026-03-01T00:00:00Z\",\"device_id\":\"d\","
        + "\"contributor_id\":\"alice\\u0007\"}")).isEqualTo(ReasonCode.BAD_ID);
    assertThat(reason(share("x".repeat(129), "d", "1"))).isEqualTo(ReasonCode.BAD_ID);
    assertThat(v(share("x".repeat(129), "d", "1")).detail())
        .isEqualTo("event_id is 129 characters, over the limit of 128 (limits.max_id_chars)");
    assertThat(v(share("x".repeat(128), "d", "1")).isAccepted()).isTrue();
    // Printable non-ASCII ids stay valid.
    assertThat(v(share("évènement-設備", "d", "1")).isAccepted()).isTrue();
  }
}
