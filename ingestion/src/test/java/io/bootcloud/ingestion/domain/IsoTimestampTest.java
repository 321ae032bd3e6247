package io.bootcloud.ingestion.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimestampTest {

  @Test
  void parsesTheCommonFormsToTheJdkInstant() {
    assertThat(IsoTimestamp.parse("2026-03-01T08:00:00+08:00")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(IsoTimestamp.parse("2026-03-01T00:00:00Z")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(IsoTimestamp.parse("2026-12-31T23:59:59.5-01:30")).isEqualTo(Instant.parse("2027-01-01T01:29:59.5Z"));
    assertThat(IsoTimestamp.parse("2024-02-29T12:00:00.000000001Z"))
        .isEqualTo(Instant.parse("2024-02-29T12:00:00.000000001Z"));
  }

  @Test
  void leavesOtherFormsToTheJdk() {
    assertThat(IsoTimestamp.parseCommonForm("2026-03-01T08:00+08:00")).isNull();
    assertThat(IsoTimestamp.parse("2026-03-01T08:00+08:00")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(IsoTimestamp.parseCommonForm("2026-03-01t08:00:00z")).isNull();
    assertThat(IsoTimestamp.parse("2026-03-01t08:00:00z")).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
    // The JDK takes a decimal point without digits; so does this parser, through the JDK.
    assertThat(IsoTimestamp.parse("2026-03-01T00:00:00.Z")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
  }

  @Test
  void refusesWhatTheJdkRefuses() {
    for (String bad : new String[] {"2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-03-01T24:00:00Z",
        "2026-03-01T00:00:60Z", "2026-03-01T00:00:00", "2026-03-01T00:00:00+19:00",
        "2026-03-01 00:00:00Z", "2026-13-01T00:00:00Z", "", "yesterday"}) {
      assertThatThrownBy(() -> IsoTimestamp.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
    }
  }

  /** Random mutations of valid timestamps: the fast path and the JDK agree on every one, accepted or not. */
  @Test
  void agreesWithOffsetDateTimeOnRandomNearMisses() {
    Random random = new Random(42);
    String alphabet = "0123456789-+:.TZtz ";
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
          random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)));
      if (random.nextBoolean()) {
        s.append('.').append(String.valueOf(random.nextLong() & Long.MAX_VALUE), 0, 1 + random.nextInt(10));
      }
      s.append(switch (random.nextInt(4)) {
        case 0 -> "Z";
        case 1 -> String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(61));
        case 2 -> String.format("+%02d:%02d:%02d", random.nextInt(19), random.nextInt(60), random.nextInt(60));
        default -> "";
      });
      for (int m = random.nextInt(3); m > 0 && s.length() > 0; m--) {
        int at = random.nextInt(s.length());
        s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = s.toString();
      Instant expected;
      try {
        expected = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        expected = null;
      }
      Instant fast = IsoTimestamp.parseCommonForm(text);
      if (fast != null) {
        assertThat(fast).as(text).isEqualTo(expected);
        accepted++;
      }
      if (expected == null) {
        assertThatThrownBy(() -> IsoTimestamp.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
      } else {
        assertThat(IsoTimestamp.parse(text)).as(text).isEqualTo(expected);
      }
    }
    assertThat(accepted).as("the fast path must take a good share of the cases").isGreaterThan(10_000);
  }
}
