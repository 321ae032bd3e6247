package io.bootcloud.ingestion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

  private static final ObjectMapper JACKSON = new ObjectMapper();

  private static final List<String> KEYS = List.of("type", "event_id", "ts", "difficulty", "reported_rate", "a", "",
      "é€", "a\\\"b", "k\\u0041");
  private static final List<String> VALUES = List.of("\"share\"", "\"\"", "\"gw-1-000001\"", "\"é€😀\"",
      "\"2036-01-01T08:00:00Z\"", "\"a\\\"b\"", "\"line\\nbreak\"", "\"\\u0041\"", "\"tab\there\"", "0", "-0", "7",
      "-12", "007", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807",
      "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "1.5", "-1.25e-3", "1e3",
      "1E+2", "0.1234567891", "1.", ".5", "1e", "1e400", "-", "+1", "NaN", "true", "false", "null", "tru",
      "nul", "truex", "{\"x\":1}", "[1,2]", "[]", "{}");
  private static final List<String> SPACES = List.of("", "", "", " ", "  ", "\t", "\r\n", "\u00a0");

  private static String pick(Random r, List<String> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** A line of random fields, sometimes broken on purpose. */
  private static String line(Random r) {
    StringBuilder b = new StringBuilder(pick(r, SPACES)).append('{');
    int fields = r.nextInt(6);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        b.append(r.nextInt(40) == 0 ? "" : ",");
      }
      b.append(pick(r, SPACES)).append('"').append(pick(r, KEYS)).append('"').append(pick(r, SPACES))
          .append(r.nextInt(40) == 0 ? "" : ":").append(pick(r, SPACES)).append(pick(r, VALUES))
          .append(pick(r, SPACES));
    }
    b.append(r.nextInt(30) == 0 ? "" : "}").append(pick(r, SPACES));
    if (r.nextInt(20) == 0) {
      b.append(r.nextBoolean() ? "xyz" : "{}");
    }
    String s = b.toString();
    return r.nextInt(50) == 0 ? s.substring(0, r.nextInt(s.length() + 1)) : s;
  }

  @Test
  void everyLineItReadsJacksonReadsToTheSameTree() {
    Random r = new Random(2036);
    int fast = 0;
    for (int i = 0; i < 200_000; i++) {
      String line = line(r);
      JsonNode ours = FlatJson.read(line);
      if (ours == null) {
        continue;
      }
      fast++;
      JsonNode theirs;
      try {
        theirs = JACKSON.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("FlatJson read a line Jackson refuses: " + line, e);
      }
      assertThat(ours).as(line).isEqualTo(theirs);
      assertThat(ours.toString()).as(line).isEqualTo(theirs.toString());
    }
    assertThat(fast).as("lines read without Jackson").isGreaterThan(20_000);
  }

  @Test
  void readsAGatewayLineAndLeavesEscapesAndNestingToJackson() {
    String share = "{\"type\":\"share\",\"event_id\":\"gw-1-000001\",\"device_id\":\"d-42\","
        + "\"ts\":\"2036-01-01T08:00:00Z\",\"difficulty\":4096,\"job_id\":\"j-7\",\"nonce\":\"00ff\"}";
    assertThat(FlatJson.read(share)).isNotNull();
    assertThat(FlatJson.read(share).get("difficulty").isInt()).isTrue();
    assertThat(FlatJson.read("{\"event_id\":\"a\\\"b\"}")).isNull();
    assertThat(FlatJson.read("{\"x\":{\"y\":1}}")).isNull();
    assertThat(FlatJson.read("{\"x\":1} trailing")).isNull();
    assertThat(FlatJson.read("")).isNull();
  }
}
