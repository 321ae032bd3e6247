package io.bootcloud.dev.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootcloud.ingestion.domain.BindingHistory;
import io.bootcloud.rules.config.IngestLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The day's ingest, dpp and rewards done a second time by DuckDB alone, from the same landing
 * NDJSON, for {@code bootcloud bench} to compare end to end with the Spark jobs: the peer a user
 * would pick for one machine, written as well as we can.
 *
 * <ol>
 *   <li>bronze: every landing line with its file and line number (Parquet);</li>
 *   <li>typed parse and the landing contract of {@code TelemetryValidator} in SQL, in its order:
 *       MALFORMED_JSON, NOT_AN_OBJECT, UNKNOWN_TYPE, MISSING_FIELD, BAD_FIELD_TYPE, BAD_ID,
 *       BAD_VALUE, BAD_TIMESTAMP, FUTURE_TIMESTAMP, BAD_ADDRESS; refused lines to quarantine
 *       (Parquet) with their reason;</li>
 *   <li>dedupe on event_id (the first in delivery order is kept; the others are
 *       DUPLICATE_EVENT);</li>
 *   <li>silver shares and heartbeats (Parquet, partitioned by day) and the device bindings, whose
 *       SCD2 history is {@link BindingHistory}'s (the same rule the Spark job applies on its
 *       driver, over the registry events DuckDB selected);</li>
 *   <li>gold: {@link DuckDbReference}'s query over those silver files, written as Parquet.</li>
 * </ol>
 *
 * <p>What DuckDB SQL cannot do here is left out and said so: EIP-55 checksums of mixed-case
 * wallets (no Keccak), file-level errors (a corrupt gzip file fails the run instead of being
 * quarantined), byte limits on lines and files, and late events (the bench's day is the first,
 * so nothing is settled). Runs in its own JVM ({@link #main}) so its peak RSS is its own.
 */
public final class DuckDbPipeline {

  /** What a run did and cost. */
  public record Result(double seconds, long peakRssBytes, long lines, long shares, long heartbeats,
      long bindings, Map<String, Long> rejected, Map<String, DuckDbReference.Row> gold) {}

  private static final String EVENT_TYPES = "('share', 'heartbeat', 'contributor', 'bind', 'unbind')";

  private DuckDbPipeline() {}

  /**
   * Runs the pipeline over {@code landing} (every file, delivered up to {@code day}) into {@code out}
   * with {@code threads} threads; {@code reference} carries the day's emission and pool parameters
   * (its file lists are replaced by the ones this pipeline writes).
   */
  public static Result run(Path landing, Path out, DuckDbReference.Inputs reference, IngestLimits limits)
      throws SQLException, IOException {
    long t0 = System.nanoTime();
    PeakMemory.reset();
    Folders.deleteTree(out);
    Files.createDirectories(out);
    String root = landing.toAbsolutePath().toString().replace("'", "''");
    LocalDate day = reference.day();
    Progress progress = new Progress(t0);
    // A database file, not memory: a large day's lines outgrow memory (with DuckDB's defaults the 50 M-line bench
    // day took every byte of a 24 GiB machine), and a file lets DuckDB evict within its memory limit.
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + out.resolve("pipeline.duckdb"));
        Statement st = c.createStatement()) {
      st.execute("SET threads = " + reference.threads());
      long limit = memoryLimitMiB();
      if (limit > 0) {
        st.execute("SET memory_limit = '" + limit + "MiB'");
      }
      // The default ruleset's day is a UTC day (bench checks it).
      st.execute("SET TimeZone = 'UTC'");
      st.execute("SET temp_directory = '" + out.resolve("spill").toString().replace("'", "''") + "'");
      // Bronze: one row per line, in file and line order (a CSV read with no quote, escape or delimiter the
      // JSON can hold), so each line's number is its place in its file.
      st.execute("""
          CREATE TABLE lines AS
          SELECT filename AS source_file, raw FROM read_csv(['%1$s/telemetry/dt=*/hr=*/*.ndjson*',
              '%1$s/registry/dt=*/*.ndjson*'], columns = {'raw': 'VARCHAR'}, header = false, delim = '\u0001',
              quote = '', escape = '', filename = true, auto_detect = false, compression = 'auto')
          """.formatted(root));
      progress.done("read the landing lines");
      long lines;
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM lines")) {
        rs.next();
        lines = rs.getLong(1);
      }
      // Each file's first row and delivery day once (a small aggregate, no sort of the lines): a line's number
      // is its row's distance from its file's first row.
      st.execute("""
          CREATE TABLE files AS
          SELECT source_file, MIN(rowid) AS first_row,
            CAST(regexp_extract(source_file, '/dt=(\\d{4}-\\d{2}-\\d{2})/', 1) AS DATE) AS dt
          FROM lines GROUP BY source_file""");
      st.execute("""
          CREATE VIEW bronze AS
          SELECT l.source_file, l.rowid - f.first_row + 1 AS line_number, f.dt, l.raw
          FROM lines l JOIN files f USING (source_file)""");
      copy(st, "bronze", out.resolve("bronze.parquet"));
      progress.done("bronze Parquet");

      st.execute(parseSql(limits));
      progress.done("parse and validate");
      st.execute("DROP VIEW bronze");
      st.execute("DROP TABLE lines");
      // Repeated event ids are rare: found by a hash aggregate, and only their later copies are duplicates (the
      // first in delivery order is kept).
      st.execute("""
          CREATE TABLE repeated AS
          SELECT event_id, MIN({'dt': dt, 'file': source_file, 'line': line_number}) AS first
          FROM parsed WHERE reason_code IS NULL GROUP BY event_id HAVING count(*) > 1""");
      st.execute("""
          CREATE VIEW ranked AS
          SELECT p.*, CASE WHEN p.reason_code IS NOT NULL THEN NULL
              WHEN r.first IS NULL OR r.first = {'dt': p.dt, 'file': p.source_file, 'line': p.line_number} THEN 1
              ELSE 2 END AS copy
          FROM parsed p LEFT JOIN repeated r ON p.reason_code IS NULL AND p.event_id = r.event_id""");
      copy(st, "(SELECT dt, source_file, line_number, raw, COALESCE(reason_code, 'DUPLICATE_EVENT') AS reason_code "
          + "FROM ranked WHERE reason_code IS NOT NULL OR copy > 1)", out.resolve("quarantine.parquet"));
      progress.done("dedupe and quarantine Parquet");
      Path shares = out.resolve("silver/shares");
      Path heartbeats = out.resolve("silver/heartbeats");
      Files.createDirectories(out.resolve("silver"));
      st.execute("COPY (SELECT event_id, device_id, ts, difficulty, job_id, nonce, false AS is_late, day "
          + "FROM ranked WHERE type = 'share' AND copy = 1) TO '" + sql(shares)
          + "' (FORMAT parquet, PARTITION_BY (day))");
      st.execute("COPY (SELECT event_id, device_id, ts, interval_s, state, reported_rate, hardware, false AS is_late, "
          + "day FROM ranked WHERE type = 'heartbeat' AND copy = 1) TO '" + sql(heartbeats)
          + "' (FORMAT parquet, PARTITION_BY (day))");

      progress.done("silver shares and heartbeats Parquet");
      List<BindingHistory.Event> registry = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT event_id, ts, device_id, contributor_id, type = 'bind', "
          + "source_file, line_number FROM ranked WHERE type IN ('bind', 'unbind') AND copy = 1")) {
        while (rs.next()) {
          registry.add(new BindingHistory.Event(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
              rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getLong(7)));
        }
      }
      BindingHistory.Result history = BindingHistory.build(registry);
      st.execute("CREATE TABLE bindings (device_id VARCHAR, contributor_id VARCHAR, valid_from TIMESTAMPTZ, "
          + "valid_to TIMESTAMPTZ)");
      // In statements of 1,000 rows (one JDBC insert per row takes seconds for a large fleet).
      List<BindingHistory.Binding> all = history.bindings();
      for (int from = 0; from < all.size(); from += 1000) {
        StringBuilder values = new StringBuilder("INSERT INTO bindings VALUES ");
        for (int i = from; i < Math.min(all.size(), from + 1000); i++) {
          BindingHistory.Binding b = all.get(i);
          values.append(i == from ? "" : ", ").append('(').append(literal(b.deviceId())).append(", ")
              .append(literal(b.contributorId())).append(", TIMESTAMPTZ ").append(literal(b.validFrom().toString()))
              .append(", ").append(b.validTo() == null ? "NULL" : "TIMESTAMPTZ " + literal(b.validTo().toString()))
              .append(')');
        }
        st.execute(values.toString());
      }
      Path bindings = out.resolve("silver/device_bindings.parquet");
      copy(st, "bindings", bindings);

      Map<String, Long> rejected = new TreeMap<>();
      try (ResultSet rs = st.executeQuery("SELECT COALESCE(reason_code, 'DUPLICATE_EVENT'), count(*) FROM ranked "
          + "WHERE reason_code IS NOT NULL OR copy > 1 GROUP BY ALL")) {
        while (rs.next()) {
          rejected.put(rs.getString(1), rs.getLong(2));
        }
      }
      rejected.merge("CONFLICTING_BINDING", (long) history.conflicts().size(), Long::sum);
      rejected.values().removeIf(n -> n == 0);
      long shareRows;
      long heartbeatRows;
      try (ResultSet rs = st.executeQuery("SELECT count_if(type = 'share' AND copy = 1 AND day = DATE '" + day + "'), "
          + "count_if(type = 'heartbeat' AND copy = 1 AND day = DATE '" + day + "') FROM ranked")) {
        rs.next();
        shareRows = rs.getLong(1);
        heartbeatRows = rs.getLong(2);
      }
      st.execute("DROP VIEW ranked");
      st.execute("DROP TABLE parsed");

      DuckDbReference.Inputs inputs = new DuckDbReference.Inputs(parquetFiles(shares), parquetFiles(heartbeats),
          List.of(bindings.toString()), day, reference.emission(), reference.poolAPercent(),
          reference.poolDPercent(), reference.suspectRatio(), reference.threads());
      progress.done("device bindings and counts");
      Map<String, DuckDbReference.Row> gold = DuckDbReference.compute(c, inputs, out.resolve("gold.parquet"));
      progress.done("gold Parquet");
      return new Result((System.nanoTime() - t0) / 1e9, PeakMemory.peakBytes(), lines, shareRows, heartbeatRows,
          history.bindings().size(), rejected, gold);
    }
  }

  /** One line on stderr per finished step, with its time. */
  private static final class Progress {
    private long last;

    Progress(long start) {
      last = start;
    }

    void done(String step) {
      long now = System.nanoTime();
      System.err.printf("duckdb pipeline: %s (%.1f s)%n", step, (now - last) / 1e9);
      System.err.flush();
      last = now;
    }
  }

  /**
   * The typed parse: one row per bronze line with the event's columns, or its reason code. Each
   * CASE branch is one check of {@code TelemetryValidator}, in its order.
   */
  private static String parseSql(IngestLimits limits) {
    // A printable id: no control, format, private-use, unassigned or separator characters (RE2 classes).
    String badId = "'[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}\\p{Zl}\\p{Zp}]'";
    // Each line is parsed once: json_extract with a list of paths returns every field's JSON value, whose type
    // and text are then read from that value alone.
    List<String> names = List.of("type", "event_id", "ts", "device_id", "difficulty", "job_id", "nonce", "interval_s",
        "state", "reported_rate", "hardware", "contributor_id", "wallet");
    StringBuilder paths = new StringBuilder();
    StringBuilder types = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      String f = names.get(i);
      paths.append(i == 0 ? "" : ", ").append("'$.").append(f).append("'");
      types.append(", json_type(x[").append(i + 1).append("]) AS t_").append(f).append(", json_extract_string(x[")
          .append(i + 1).append("], '$') AS v_").append(f);
    }
    String maxId = Integer.toString(limits.maxIdChars());
    return """
        CREATE TABLE parsed AS
        -- the line's text is kept for the refused lines only (bronze keeps every line)
        SELECT * REPLACE (CASE WHEN reason_code IS NULL THEN NULL ELSE raw END AS raw) FROM (
        WITH v AS (
          SELECT source_file, line_number, dt, raw, json_valid(raw) AS ok FROM bronze),
        w AS (
          SELECT *, CASE WHEN ok THEN json_type(raw) END AS t_line,
            CASE WHEN ok AND json_type(raw) = 'OBJECT' THEN json_extract(raw, [%17$s]) END AS x
          FROM v),
        t AS (
          SELECT source_file, line_number, dt, raw, ok, t_line %1$s FROM w),
        c AS (
          SELECT *, TRY_CAST(v_ts AS TIMESTAMPTZ) AS ts_value,
            regexp_full_match(v_ts, '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})')
              AS ts_form
          FROM t)
        SELECT source_file, line_number, dt, raw, v_type AS type, v_event_id AS event_id, ts_value AS ts,
          CAST(timezone('UTC', ts_value) AS DATE) AS day, v_device_id AS device_id,
          TRY_CAST(v_difficulty AS BIGINT) AS difficulty, v_job_id AS job_id, v_nonce AS nonce,
          TRY_CAST(v_interval_s AS INTEGER) AS interval_s, v_state AS state,
          -- the rate truncated to 6 decimals, as the validator's setScale(6, DOWN); DECIMAL(18, 6) holds every valid
          -- rate (< 1e12) and casts 40 times faster than the wider decimal of the Spark table
          CASE WHEN t_reported_rate IN ('UBIGINT', 'BIGINT', 'DOUBLE') AND contains(v_reported_rate, '.')
              AND NOT contains(lower(v_reported_rate), 'e')
            THEN TRY_CAST(split_part(v_reported_rate, '.', 1) || '.' || left(split_part(v_reported_rate, '.', 2), 6)
              AS DECIMAL(18, 6))
            ELSE TRY_CAST(v_reported_rate AS DECIMAL(18, 6)) END AS reported_rate,
          v_hardware AS hardware, v_contributor_id AS contributor_id, lower(v_wallet) AS wallet,
          CASE
            WHEN NOT ok OR ok IS NULL THEN 'MALFORMED_JSON'
            WHEN t_line <> 'OBJECT' THEN 'NOT_AN_OBJECT'
            %2$s
            WHEN v_type NOT IN %3$s THEN 'UNKNOWN_TYPE'
            %4$s
            WHEN v_event_id = '' OR trim(v_event_id) = '' THEN 'BAD_VALUE'
            %5$s
            WHEN NOT ts_form OR ts_value IS NULL THEN 'BAD_TIMESTAMP'
            WHEN ts_value > CAST(dt + INTERVAL 1 DAY AS TIMESTAMPTZ) + INTERVAL 1 HOUR THEN 'FUTURE_TIMESTAMP'
            WHEN v_type = 'share' THEN CASE
              %6$s
              %7$s
              WHEN TRY_CAST(v_difficulty AS HUGEINT) < 1 OR TRY_CAST(v_difficulty AS HUGEINT) > %8$d THEN 'BAD_VALUE'
              WHEN length(v_job_id) > %9$s OR regexp_matches(v_job_id, %10$s) THEN 'BAD_ID'
              WHEN length(v_nonce) > %9$s OR regexp_matches(v_nonce, %10$s) THEN 'BAD_ID'
              END
            WHEN v_type = 'heartbeat' THEN CASE
              %6$s
              %11$s
              WHEN TRY_CAST(v_interval_s AS HUGEINT) NOT BETWEEN 1 AND 3600 THEN 'BAD_VALUE'
              %12$s
              WHEN v_state NOT IN ('computing', 'idle') THEN 'BAD_VALUE'
              %13$s
              WHEN TRY_CAST(v_reported_rate AS DOUBLE) < 0 OR TRY_CAST(v_reported_rate AS DOUBLE) >= 1e12 THEN 'BAD_VALUE'
              %14$s
              WHEN v_hardware NOT IN ('asic', 'cpu', 'gpu') THEN 'BAD_VALUE'
              END
            WHEN v_type = 'contributor' THEN CASE
              %15$s
              %16$s
              WHEN NOT regexp_full_match(v_wallet, '0x[0-9a-fA-F]{40}') THEN 'BAD_ADDRESS'
              END
            ELSE CASE
              %6$s
              %15$s
              END
          END AS reason_code
        FROM c)
        """.formatted(types, required("type"), EVENT_TYPES, id("event_id", maxId, badId), required("ts"),
        id("device_id", maxId, badId), integral("difficulty"), limits.maxDifficulty(), maxId, badId,
        integral("interval_s"), required("state"), number("reported_rate"), required("hardware"),
        id("contributor_id", maxId, badId), required("wallet"), paths);
  }

  /** The field must be present (not null) and a JSON string. */
  private static String required(String f) {
    return "WHEN t_" + f + " IS NULL OR t_" + f + " = 'NULL' THEN 'MISSING_FIELD'\n"
        + "WHEN t_" + f + " <> 'VARCHAR' THEN 'BAD_FIELD_TYPE'";
  }

  private static String id(String f, String maxId, String badId) {
    return required(f) + "\nWHEN length(v_" + f + ") > " + maxId + " OR regexp_matches(v_" + f + ", " + badId
        + ") THEN 'BAD_ID'";
  }

  private static String integral(String f) {
    return "WHEN t_" + f + " IS NULL OR t_" + f + " = 'NULL' THEN 'MISSING_FIELD'\n"
        + "WHEN t_" + f + " NOT IN ('UBIGINT', 'BIGINT', 'HUGEINT') THEN 'BAD_FIELD_TYPE'";
  }

  private static String number(String f) {
    return "WHEN t_" + f + " IS NULL OR t_" + f + " = 'NULL' THEN 'MISSING_FIELD'\n"
        + "WHEN t_" + f + " NOT IN ('UBIGINT', 'BIGINT', 'HUGEINT', 'DOUBLE') THEN 'BAD_FIELD_TYPE'";
  }

  private static void copy(Statement st, String what, Path to) throws SQLException {
    st.execute("COPY " + what + " TO '" + sql(to) + "' (FORMAT parquet)");
  }

  /**
   * DuckDB's memory limit: {@code bootcloud.duckdb.memoryMiB} if set, else 40 % of the machine's
   * memory (bench's own JVM holds its Spark heap beside it); 0 for DuckDB's default (80 %) where the
   * machine's memory is not known.
   */
  static long memoryLimitMiB() {
    String set = System.getProperty("bootcloud.duckdb.memoryMiB");
    if (set != null) {
      return Long.parseLong(set);
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 * 4 / 10;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return 0;
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String sql(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }

  private static List<String> parquetFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(f -> f.toString().endsWith(".parquet")).map(Path::toString).sorted().toList();
    }
  }

  /**
   * {@code DuckDbPipeline LANDING OUT DAY EMISSION A_PERCENT D_PERCENT SUSPECT_RATIO THREADS MAX_ID_CHARS
   * MAX_DIFFICULTY}: runs {@link #run} in this JVM and prints its {@link Result} as one JSON line.
   */
  public static void main(String[] args) throws Exception {
    DuckDbReference.Inputs reference = new DuckDbReference.Inputs(List.of(), List.of(), List.of(),
        LocalDate.parse(args[2]), new BigInteger(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
        new BigDecimal(args[6]), Integer.parseInt(args[7]));
    IngestLimits limits = new IngestLimits(IngestLimits.DEFAULT.maxFileBytes(), IngestLimits.DEFAULT.maxLineBytes(),
        Integer.parseInt(args[8]), Long.parseLong(args[9]));
    Result r = run(Path.of(args[0]), Path.of(args[1]), reference, limits);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seconds", r.seconds());
    json.put("peak_rss_bytes", r.peakRssBytes());
    json.put("lines", r.lines());
    json.put("shares", r.shares());
    json.put("heartbeats", r.heartbeats());
    json.put("bindings", r.bindings());
    json.put("rejected", r.rejected());
    Map<String, Object> gold = new TreeMap<>();
    r.gold().forEach((id, row) -> gold.put(id, List.of(row.dpp(), row.dppReported(), row.devices(), row.shares(),
        row.computingSeconds(), row.isSuspect(), row.rewardClass() == null ? "" : row.rewardClass(),
        row.amount() == null ? "" : row.amount().toString())));
    json.put("gold", gold);
    System.out.println(new ObjectMapper().writeValueAsString(json));
  }

  /** Runs {@link #main} in a new JVM with this one's classpath (DuckDB's memory counted alone). */
  public static Result inChildJvm(Path landing, Path out, DuckDbReference.Inputs reference, IngestLimits limits,
      Duration timeout) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dbootcloud.duckdb.memoryMiB=" + memoryLimitMiB(), "-cp", System.getProperty("java.class.path"),
        DuckDbPipeline.class.getName(), landing.toString(),
        out.toString(), reference.day().toString(), reference.emission().toString(),
        Integer.toString(reference.poolAPercent()), Integer.toString(reference.poolDPercent()),
        reference.suspectRatio().toPlainString(), Integer.toString(reference.threads()),
        Integer.toString(limits.maxIdChars()), Long.toString(limits.maxDifficulty())));
    // Its progress lines and any error go to this JVM's stderr as they come.
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("the DuckDB pipeline failed (exit " + (p.isAlive() ? "timeout" : p.exitValue())
          + "); its error is above");
    }
    com.fasterxml.jackson.databind.JsonNode n = new ObjectMapper().readTree(stdout.strip().lines()
        .reduce((a, b) -> b).orElseThrow());
    Map<String, Long> rejected = new TreeMap<>();
    n.path("rejected").fields().forEachRemaining(e -> rejected.put(e.getKey(), e.getValue().asLong()));
    Map<String, DuckDbReference.Row> gold = new TreeMap<>();
    n.path("gold").fields().forEachRemaining(e -> {
      com.fasterxml.jackson.databind.JsonNode a = e.getValue();
      gold.put(e.getKey(), new DuckDbReference.Row(a.get(0).asLong(), a.get(1).asLong(), a.get(2).asInt(),
          a.get(3).asLong(), a.get(4).asLong(), a.get(5).asBoolean(), a.get(6).asText().isEmpty() ? null
          : a.get(6).asText(), a.get(7).asText().isEmpty() ? null : new BigInteger(a.get(7).asText())));
    });
    return new Result(n.path("seconds").asDouble(), n.path("peak_rss_bytes").asLong(), n.path("lines").asLong(),
        n.path("shares").asLong(), n.path("heartbeats").asLong(), n.path("bindings").asLong(), rejected, gold);
  }
}
