package io.bootcloud.cli.bench;

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
 * The day's DPP, population, classes and pool apportionment written a second time, as one
 * DuckDB SQL query over the silver Parquet files, for {@code bootcloud bench}: an independent
 * implementation to compare amounts with, and a single-node engine to compare time with.
 * Bench scope only: the DuckDB JDBC driver is on the launcher's classpath for {@code bench}
 * alone, never in the shaded jar. Supports the default "carry" empty-pool policy.
 */
public final class DuckDbReference {

  /** Per contributor: DPP, class and amount in base units. */
  public record Row(long dpp, String rewardClass, BigInteger amount) {}

  private DuckDbReference() {}

  /**
   * @param shareFiles Parquet data files of silver.shares (Hive-style {@code day=} folders)
   * @param bindingFiles Parquet data files of silver.device_bindings
   * @param emission the day's emittable amount E' in base units
   */
  public static Map<String, Row> compute(List<String> shareFiles, List<String> bindingFiles, LocalDate day,
      BigInteger emission, int poolAPercent, int poolDPercent, int threads) throws SQLException {
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the DuckDB JDBC driver is not on the classpath; run bench through the "
          + "bootcloud launcher, which adds cli/target/launcher/bench/ for this command", e);
    }
    String sql = """
        WITH s AS (
          SELECT device_id, ts, difficulty FROM read_parquet(%s, hive_partitioning = true)
          WHERE day = DATE '%s'),
        b AS (
          SELECT device_id, contributor_id, valid_from, valid_to FROM read_parquet(%s)),
        dpp AS (
          SELECT b.contributor_id AS id, CAST(SUM(s.difficulty) AS HUGEINT) AS dpp
          FROM s JOIN b ON s.device_id = b.device_id AND s.ts >= b.valid_from
            AND (b.valid_to IS NULL OR s.ts < b.valid_to)
          GROUP BY b.contributor_id HAVING SUM(s.difficulty) > 0),
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
          SELECT pool, CASE pool
              WHEN 'A' THEN CAST(%s AS HUGEINT) * %d // 100
              WHEN 'D' THEN CAST(%s AS HUGEINT) * %d // 100
              ELSE CAST(%s AS HUGEINT) - CAST(%s AS HUGEINT) * %d // 100 - CAST(%s AS HUGEINT) * %d // 100 END AS p,
            SUM(dpp) AS pool_dpp
          FROM cls GROUP BY pool),
        share AS (
          SELECT c.id, c.dpp, c.class, c.pool, b.p, (b.p * c.dpp) // b.pool_dpp AS base,
            (b.p * c.dpp) %% b.pool_dpp AS rem
          FROM cls c JOIN budget b USING (pool)),
        ranked AS (
          SELECT *, ROW_NUMBER() OVER (PARTITION BY pool ORDER BY rem DESC, id ASC) AS r,
            p - SUM(base) OVER (PARTITION BY pool) AS leftover
          FROM share)
        SELECT id, CAST(dpp AS BIGINT) AS dpp, class,
          CAST(base + CASE WHEN r <= leftover THEN 1 ELSE 0 END AS VARCHAR) AS amount
        FROM ranked
        """.formatted(list(shareFiles), day, list(bindingFiles), emission, poolAPercent, emission, poolDPercent,
        emission, emission, poolAPercent, emission, poolDPercent);
    Map<String, Row> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("SET threads = " + threads);
      try (ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          out.put(rs.getString(1), new Row(rs.getLong(2), rs.getString(3), new BigInteger(rs.getString(4))));
        }
      }
    }
    return out;
  }

  private static String list(List<String> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no Parquet files to read");
    }
    return files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
  }
}
