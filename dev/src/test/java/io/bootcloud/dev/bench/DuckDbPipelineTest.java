package io.bootcloud.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.ingestion.domain.TelemetryValidator;
import io.bootcloud.ingestion.domain.Validation;
import io.bootcloud.rules.config.IngestLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB pipeline's SQL landing contract against the engine's own ({@link TelemetryValidator}),
 * line by line: every line DuckDB quarantines, with its reason, is the line the validator refuses
 * with that reason (or a repeat of an accepted event id), and every other line is accepted by
 * both; the accepted shares reach silver and gold.
 */
class DuckDbPipelineTest {

  private static final LocalDate DAY = LocalDate.of(2026, 1, 1);
  private static final String TS = "\"ts\":\"2026-01-01T01:00:00Z\"";

  @Test
  void refusesEachLineForTheReasonTheEnginesValidatorGives(@TempDir Path tmp) throws Exception {
    String longId = "x".repeat(IngestLimits.MAX_ID_CHARS_DEFAULT + 1);
    List<String> telemetry = List.of(
        "{\"type\":\"share\",\"event_id\":\"s1\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":100}",
        "{\"type\":\"heartbeat\",\"event_id\":\"h1\"," + TS + ",\"device_id\":\"d1\",\"interval_s\":300,"
            + "\"state\":\"computing\",\"reported_rate\":12.5,\"hardware\":\"cpu\"}",
        "{\"type\":\"share\",",
        "[1,2]",
        "{\"type\":\"reboot\",\"event_id\":\"x1\"," + TS + "}",
        "{\"event_id\":\"x2\"}",
        "{\"type\":5,\"event_id\":\"x3\"}",
        "{\"type\":\"share\"," + TS + "}",
        "{\"type\":\"share\",\"event_id\":7," + TS + "}",
        "{\"type\":\"share\",\"event_id\":\"  \"," + TS + ",\"device_id\":\"d1\",\"difficulty\":1}",
        "{\"type\":\"share\",\"event_id\":\"a\\u0007b\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":1}",
        "{\"type\":\"share\",\"event_id\":\"" + longId + "\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":1}",
        "{\"type\":\"share\",\"event_id\":\"t1\",\"ts\":\"yesterday\",\"device_id\":\"d1\",\"difficulty\":1}",
        "{\"type\":\"share\",\"event_id\":\"t2\",\"ts\":\"2026-01-01T01:00:00\",\"device_id\":\"d1\",\"difficulty\":1}",
        "{\"type\":\"share\",\"event_id\":\"t3\",\"ts\":\"2026-01-02T01:00:01Z\",\"device_id\":\"d1\",\"difficulty\":1}",
        "{\"type\":\"share\",\"event_id\":\"t4\",\"ts\":\"2026-01-02T00:59:59Z\",\"device_id\":\"d1\",\"difficulty\":3}",
        "{\"type\":\"share\",\"event_id\":\"t5\",\"ts\":\"2026-01-01T03:00:00+02:00\",\"device_id\":\"d1\","
            + "\"difficulty\":5}",
        "{\"type\":\"share\",\"event_id\":\"f1\"," + TS + ",\"device_id\":\"d1\"}",
        "{\"type\":\"share\",\"event_id\":\"f2\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":\"10\"}",
        "{\"type\":\"share\",\"event_id\":\"f3\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":1.5}",
        "{\"type\":\"share\",\"event_id\":\"f4\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":0}",
        "{\"type\":\"share\",\"event_id\":\"f5\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":" + ((1L << 40) + 1) + "}",
        "{\"type\":\"share\",\"event_id\":\"f6\"," + TS + ",\"device_id\":null,\"difficulty\":1}",
        "{\"type\":\"share\",\"event_id\":\"f7\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":7,\"job_id\":123}",
        "{\"type\":\"heartbeat\",\"event_id\":\"g1\"," + TS + ",\"device_id\":\"d1\",\"interval_s\":7200,"
            + "\"state\":\"computing\",\"reported_rate\":1,\"hardware\":\"cpu\"}",
        "{\"type\":\"heartbeat\",\"event_id\":\"g2\"," + TS + ",\"device_id\":\"d1\",\"interval_s\":300,"
            + "\"state\":\"busy\",\"reported_rate\":1,\"hardware\":\"cpu\"}",
        "{\"type\":\"heartbeat\",\"event_id\":\"g3\"," + TS + ",\"device_id\":\"d1\",\"interval_s\":300,"
            + "\"state\":\"idle\",\"reported_rate\":\"fast\",\"hardware\":\"cpu\"}",
        "{\"type\":\"heartbeat\",\"event_id\":\"g4\"," + TS + ",\"device_id\":\"d1\",\"interval_s\":300,"
            + "\"state\":\"idle\",\"reported_rate\":-1,\"hardware\":\"cpu\"}",
        "{\"type\":\"heartbeat\",\"event_id\":\"g5\"," + TS + ",\"device_id\":\"d1\",\"interval_s\":300,"
            + "\"state\":\"idle\",\"reported_rate\":1,\"hardware\":\"tpu\"}",
        "{\"type\":\"heartbeat\",\"event_id\":\"g6\"," + TS + ",\"device_id\":\"d1\",\"interval_s\":300,"
            + "\"state\":\"idle\",\"reported_rate\":1}",
        "{\"type\":\"heartbeat\",\"event_id\":\"g7\"," + TS + ",\"device_id\":\"d1\",\"interval_s\":\"300\","
            + "\"state\":\"idle\",\"reported_rate\":1,\"hardware\":\"gpu\"}",
        "{\"type\":\"share\",\"event_id\":\"s1\"," + TS + ",\"device_id\":\"d1\",\"difficulty\":100}");
    List<String> registry = List.of(
        "{\"type\":\"contributor\",\"event_id\":\"r1\",\"ts\":\"2026-01-01T00:00:00Z\",\"contributor_id\":\"c1\","
            + "\"wallet\":\"0x00000000000000000000000000000000000000a1\"}",
        "{\"type\":\"contributor\",\"event_id\":\"r2\",\"ts\":\"2026-01-01T00:00:00Z\",\"contributor_id\":\"c2\","
            + "\"wallet\":\"0x123\"}",
        "{\"type\":\"contributor\",\"event_id\":\"r3\",\"ts\":\"2026-01-01T00:00:00Z\",\"contributor_id\":\"c3\","
            + "\"wallet\":12}",
        "{\"type\":\"bind\",\"event_id\":\"b1\",\"ts\":\"2026-01-01T00:00:00Z\",\"device_id\":\"d1\","
            + "\"contributor_id\":\"c1\"}",
        "{\"type\":\"unbind\",\"event_id\":\"b2\",\"ts\":\"2026-01-01T00:00:00Z\",\"device_id\":\"d1\"}");
    Path landing = tmp.resolve("landing");
    Path telemetryFile = write(landing.resolve("telemetry/dt=2026-01-01/hr=00/gw-1-000001.ndjson"), telemetry);
    Path registryFile = write(landing.resolve("registry/dt=2026-01-01/web-1.ndjson"), registry);

    // What the engine's validator says of each line, and the repeats of an accepted event id.
    Map<String, String> expected = new TreeMap<>();
    Set<String> accepted = new HashSet<>();
    long validShares = 0;
    for (Map.Entry<Path, List<String>> file : Map.of(telemetryFile, telemetry, registryFile, registry).entrySet()) {
      for (int i = 0; i < file.getValue().size(); i++) {
        Validation v = TelemetryValidator.validate(file.getValue().get(i), DAY);
        String key = file.getKey().getFileName() + ":" + (i + 1);
        if (v.event() == null) {
          expected.put(key, v.reason().name());
        } else if (!accepted.add(v.event().eventId())) {
          expected.put(key, "DUPLICATE_EVENT");
        } else if (v.event().type().wireName().equals("share") && v.event().ts().toString().startsWith("2026-01-01")) {
          validShares++;
        }
      }
    }
    assertThat(expected.values()).as("the lines cover the rules").contains("MALFORMED_JSON", "NOT_AN_OBJECT",
        "UNKNOWN_TYPE", "MISSING_FIELD", "BAD_FIELD_TYPE", "BAD_VALUE", "BAD_ID", "BAD_TIMESTAMP", "FUTURE_TIMESTAMP",
        "BAD_ADDRESS", "DUPLICATE_EVENT");

    DuckDbReference.Inputs reference = new DuckDbReference.Inputs(List.of(), List.of(), List.of(), DAY,
        new BigInteger("1000000"), 50, 10, new BigDecimal("1.5"), 1);
    Path out = tmp.resolve("out");
    DuckDbPipeline.Result result = DuckDbPipeline.run(landing, out, reference, IngestLimits.DEFAULT);

    Map<String, String> refused = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT source_file, line_number, reason_code FROM read_parquet('"
            + out.resolve("quarantine.parquet") + "')")) {
      while (rs.next()) {
        refused.put(Path.of(rs.getString(1)).getFileName() + ":" + rs.getLong(2), rs.getString(3));
      }
    }
    assertThat(refused).isEqualTo(expected);
    assertThat(result.lines()).isEqualTo(telemetry.size() + registry.size());
    assertThat(result.shares()).isEqualTo(validShares);
    assertThat(result.heartbeats()).isEqualTo(1);
    assertThat(result.bindings()).isEqualTo(1);
    // d1's shares of the day (100 + 5 + 7; t4 is the next day's) are c1's DPP. Alone, c1 is class C and
    // takes the B/C pool: 1,000,000 less A's 50 % and D's 10 %, which carry.
    assertThat(result.gold()).containsOnlyKeys("c1");
    assertThat(result.gold().get("c1").dpp()).isEqualTo(112);
    assertThat(result.gold().get("c1").rewardClass()).isEqualTo("C");
    assertThat(result.gold().get("c1").amount()).isEqualTo(new BigInteger("400000"));
  }

  private static Path write(Path file, List<String> lines) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }
}
