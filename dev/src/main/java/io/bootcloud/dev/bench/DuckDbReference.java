package io.bootcloud.dev.bench;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The day's {@code gold.daily_dpp} rows, population, classes and pool apportionment written a
 * second time, as one DuckDB SQL query over the silver Parquet files: an independent
 * implementation to compare every column with, and a single-node engine to compare time with
 * ({@code bootcloud bench}). It does the Spark jobs' whole work: verified DPP from shares,
 * {@code dpp_reported} from heartbeats (each device's computing day capped at 24 h),
 * devices, shares, computing seconds, the suspect flag, classes and amounts. Money and reported
 * work are exact: rate × seconds is summed as DECIMAL(38,6), then everything is HUGEINT (micro-sol
 * for reported work), because DuckDB divides decimals in floating point. (Converting every
 * heartbeat's rate to HUGEINT instead made the query 8× slower.) Bench and test scope only: the
 * DuckDB JDBC driver is never in the shaded jar. Supports the default "carry" empty-pool policy
 * and the "shares" DPP source.
 */
public final class DuckDbReference {

  /** What the query reads and the day's parameters. */
  public record Inputs(List<String> shareFiles, List<String> heartbeatFiles, List<String> bindingFiles,
      LocalDate day, BigInteger emission, int poolAPercent, int poolDPercent, BigDecimal suspectRatio,
      int threads) {}

  /**
   * One contributor's day: the {@code gold.daily_dpp} columns, then class and amount in base
   * units (both null for a contributor with reported work only, who is not rewarded).
   */
  public record Row(long dpp, long dppReported, int devices, long shares, long computingSeconds,
      boolean isSuspect, String rewardClass, BigInteger amount) {}

  private DuckDbReference() {}

  /** Contributor id → the day's row, for every contributor with verified or reported work. */
  public static Map<String, Row> compute(Inputs in) throws SQLException {
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the DuckDB JDBC driver is not on the classpath; run bench through the "
          + "bootcloud launcher, which adds cli/target/launcher/bench/ for this command", e);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("SET threads = " + in.threads());
      try (ResultSet rs = st.executeQuery(sql(in))) {
        return rows(rs);
      }
    }
  }

  /**
   * As {@link #compute(Inputs)} on the open connection {@code c}, also writing the rows to the
   * Parquet file {@code gold} (the whole-day DuckDB pipeline's gold table).
   */
  public static Map<String, Row> compute(Connection c, Inputs in, java.nio.file.Path gold) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE gold AS " + sql(in));
      st.execute("COPY gold TO '" + gold.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT parquet)");
      try (ResultSet rs = st.executeQuery("SELECT * FROM gold")) {
        return rows(rs);
      }
    }
  }

  private static Map<String, Row> rows(ResultSet rs) throws SQLException {
    Map<String, Row> out = new TreeMap<>();
    while (rs.next()) {
      String amount = rs.getString(9);
      out.put(rs.getString(1), new Row(rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getLong(5), rs.getLong(6),
          rs.getBoolean(7), rs.getString(8), amount == null ? null : new BigInteger(amount)));
    }
    return out;
  }

  /** The query: one row per contributor (id, the gold.daily_dpp columns, class, amount as text). */
  private static String sql(Inputs in) {
    String e = "CAST(" + in.emission() + " AS HUGEINT)";
    String poolA = e + " * " + in.poolAPercent() + " // 100";
    String poolD = e + " * " + in.poolDPercent() + " // 100";
    BigDecimal ratio = in.suspectRatio().stripTrailingZeros();
    BigInteger ratioNum = ratio.scale() < 0 ? ratio.toBigIntegerExact() : ratio.unscaledValue();
    BigInteger ratioDen = ratio.scale() < 0 ? BigInteger.ONE : BigInteger.TEN.pow(ratio.scale());
    String bound = "x.device_id = b.device_id AND x.ts >= b.valid_from AND (b.valid_to IS NULL OR x.ts < b.valid_to)";
    return """
        WITH b AS (
          SELECT device_id, contributor_id, valid_from, valid_to FROM read_parquet(%1$s)),
        s AS (
          SELECT device_id, ts, difficulty FROM read_parquet(%2$s, hive_partitioning = true)
          WHERE day = DATE '%4$s' AND NOT is_late),
        h AS (
          SELECT device_id, ts, interval_s, reported_rate FROM read_parquet(%3$s, hive_partitioning = true)
          WHERE day = DATE '%4$s' AND NOT is_late AND state = 'computing'),
        sp AS (
          SELECT b.contributor_id AS id, x.device_id, SUM(CAST(x.difficulty AS HUGEINT)) AS dpp, COUNT(*) AS shares
          FROM s x JOIN b ON %5$s GROUP BY ALL),
        hp AS (
          SELECT b.contributor_id AS id, x.device_id, SUM(CAST(x.interval_s AS HUGEINT)) AS seconds,
            CAST(SUM(x.reported_rate * x.interval_s) * 1000000 AS HUGEINT) AS rate_micro_seconds
          FROM h x JOIN b ON %5$s GROUP BY ALL),
        dev AS (
          SELECT device_id, SUM(seconds) AS device_seconds FROM hp GROUP BY device_id),
        hc AS (
          -- a device's day over 24 h: its intervals scaled down pro rata; the reported work is
          -- rounded half up to the micro-sol (the decimal(38,6) of the Spark job)
          SELECT hp.id, hp.device_id,
            hp.seconds * LEAST(dev.device_seconds, 86400) // dev.device_seconds AS computing_seconds,
            CASE WHEN dev.device_seconds <= 86400 THEN hp.rate_micro_seconds
              ELSE (2 * hp.rate_micro_seconds * 86400 + dev.device_seconds) // (2 * dev.device_seconds)
              END AS rate_micro_seconds
          FROM hp JOIN dev USING (device_id)),
        pairs AS (
          SELECT COALESCE(sp.id, hc.id) AS id, COALESCE(sp.device_id, hc.device_id) AS device_id,
            COALESCE(sp.dpp, 0) AS dpp, COALESCE(sp.shares, 0) AS shares,
            COALESCE(hc.computing_seconds, 0) AS computing_seconds, COALESCE(hc.rate_micro_seconds, 0) AS rms
          FROM sp FULL OUTER JOIN hc ON sp.id = hc.id AND sp.device_id = hc.device_id),
        daily AS (
          SELECT id, SUM(dpp) AS dpp, SUM(rms) // 3600000000 AS dpp_reported, COUNT(DISTINCT device_id) AS devices,
            SUM(shares) AS shares, SUM(computing_seconds) AS computing_seconds
          FROM pairs GROUP BY id HAVING SUM(dpp) > 0 OR SUM(rms) // 3600000000 > 0),
        dpp AS (
          SELECT id, dpp FROM daily WHERE dpp > 0),
        pop AS (
          SELECT CAST(COUNT(*) AS HUGEINT) AS n, SUM(dpp) AS s, SUM(dpp * dpp) AS q FROM dpp),
        cls AS (
          SELECT id, dpp, CASE
              WHEN n * q - s * s = 0 THEN 'C'
              WHEN n * dpp - s > 0 AND (n * dpp - s) * (n * dpp - s) > 4 * (n * q - s * s) THEN 'A'
              WHEN n * dpp - s > 0 THEN 'B'
              WHEN n * dpp - s < 0 AND (n * dpp - s) * (n * dpp - s) > 4 * (n * q - s * s) THEN 'D'
              ELSE 'C' END AS class,
            CASE WHEN n * q - s * s = 0 THEN 'BC'
              WHEN (n * dpp - s) * (n * dpp - s) > 4 * (n * q - s * s) AND n * dpp - s > 0 THEN 'A'
              WHEN (n * dpp - s) * (n * dpp - s) > 4 * (n * q - s * s) AND n * dpp - s < 0 THEN 'D'
              ELSE 'BC' END AS pool
          FROM dpp, pop),
        budget AS (
          SELECT pool, CASE pool WHEN 'A' THEN %6$s WHEN 'D' THEN %7$s ELSE %8$s - (%6$s) - (%7$s) END AS p,
            SUM(dpp) AS pool_dpp
          FROM cls GROUP BY pool),
        share AS (
          SELECT c.id, c.class, c.pool, b.p, (b.p * c.dpp) // b.pool_dpp AS base, (b.p * c.dpp) %% b.pool_dpp AS rem
          FROM cls c JOIN budget b USING (pool)),
        ranked AS (
          SELECT *, ROW_NUMBER() OVER (PARTITION BY pool ORDER BY rem DESC, id ASC) AS r,
            p - SUM(base) OVER (PARTITION BY pool) AS leftover
          FROM share)
        SELECT d.id AS contributor_id, CAST(d.dpp AS BIGINT) AS dpp, CAST(d.dpp_reported AS BIGINT) AS dpp_reported,
          CAST(d.devices AS INTEGER) AS devices, CAST(d.shares AS BIGINT) AS shares,
          CAST(d.computing_seconds AS BIGINT) AS computing_seconds,
          CASE WHEN d.dpp = 0 THEN d.dpp_reported > 0 ELSE d.dpp_reported * %9$s > d.dpp * %10$s END AS is_suspect,
          r.class, CAST(r.base + CASE WHEN r.r <= r.leftover THEN 1 ELSE 0 END AS VARCHAR) AS amount
        FROM daily d LEFT JOIN ranked r USING (id)
        """.formatted(list("silver.device_bindings", in.bindingFiles()), list("silver.shares", in.shareFiles()),
        list("silver.heartbeats", in.heartbeatFiles()), in.day(), bound,
        poolA, poolD, e, ratioDen, ratioNum);
  }

  private static String list(String table, List<String> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException(table + " has no Parquet files to read");
    }
    return files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
  }
}
