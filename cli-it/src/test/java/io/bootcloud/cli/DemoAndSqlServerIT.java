package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's first command as a new user runs it, on a fresh folder: {@code bootcloud demo} settles
 * its days on a local anvil, and a second run finds everything done and sends nothing. Then
 * {@code bootcloud sql-server} serves the demo's warehouse and a Hive JDBC client (the driver of
 * the Spark distribution, loaded on its own) reads tables, audit views and a past version back.
 * An integration test: it needs the shaded jar ({@code package}) and the project's Python
 * environment (pyspark, for the Thrift server), which the build creates before it runs.
 */
class DemoAndSqlServerIT {

  /** Two days (the command's default is three) keep the test short; a rerun and a claim still span days. */
  private static final int DAYS = 2;
  /** Generous: in the parallel build this runs beside other whole-pipeline tests on two cores. */
  private static final java.time.Duration DEMO_TIMEOUT = java.time.Duration.ofMinutes(25);

  @Test
  void demoSettlesEveryDayOnceAndSqlServerServesTheResultOverJdbc(@TempDir Path tmp) throws Exception {
    Path lakehouse = tmp.resolve("var").resolve("lakehouse");

    // The server first, over a freshly initialised lakehouse; the whole demo then runs while it serves.
    ChildJvm.Exec init = ChildJvm.run(lakehouse, "init");
    assertThat(init.exit()).as(init.err()).isZero();
    Path sparkHome = pinnedSparkHome();
    int port = freePort();
    // The server gives up (and says why) before this test stops waiting for it.
    ProcessBuilder pb = ChildJvm.builder(lakehouse, "sql-server", "--port", String.valueOf(port),
        "--startup-timeout", "540", "--spark-home", sparkHome.toString(),
        "--jar", Path.of("..", "cli", "target", "bootcloud.jar").toAbsolutePath().normalize().toString())
        .redirectErrorStream(true);
    Process server = pb.start();
    List<String> serverLog = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
    Thread reader = new Thread(() -> readServer(server, serverLog, port, ready), "sql-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      boolean up = ready.await(10, TimeUnit.MINUTES) && server.isAlive();
      synchronized (serverLog) {
        assertThat(up).as("sql-server ready; its output:\n" + String.join("\n", serverLog)).isTrue();
      }
      Poller poller = new Poller(hiveJdbc(sparkHome, "jdbc:hive2://127.0.0.1:" + port + "/default"));
      Thread polling = new Thread(poller, "jdbc-poller");
      polling.setDaemon(true);
      polling.start();
      ChildJvm.Exec first = ChildJvm.run(DEMO_TIMEOUT, lakehouse, "demo", "--contributors", "12", "--days",
          String.valueOf(DAYS), "--timelock", "3");
      assertThat(first.exit()).as(first.err()).isZero();
      assertThat(first.err()).contains("demo [1/" + (5 + DAYS) + "]", "deployed BCT");
      // §7 in the deploy lines: the team's 15% in a vesting contract, locked a year from the launch day
      // (2026-01-01), then linear for 730 days; the five lines add up to the supply.
      assertThat(first.err()).containsPattern("§7 founding_team +13050000\\.000000 BCT to vesting contract "
          + "0x[0-9a-f]{40} for 0x[0-9a-f]{40}: locked until 2027-01-01T00:00:00Z, then linear until "
          + "2028-12-31T00:00:00Z");
      assertThat(first.err()).containsPattern("§7 mining +45240000\\.000000 BCT minted to 0x[0-9a-f]{40}, funds "
          + "RewardDistributor 0x[0-9a-f]{40}");
      assertThat(first.err()).contains("87000000.000000 BCT (token supply 87000000.000000 BCT)");
      Map<String, String[]> days = summaryRows(first.out());
      assertThat(days.keySet()).containsExactly("2026-01-01", "2026-01-02");
      for (String[] row : days.values()) {
        assertThat(row[6]).as(String.join(" ", row)).isEqualTo("ACCEPTED, reconcile ok");
        assertThat(row[4]).matches("0x[0-9a-f]{64}");
        assertThat(row[5]).matches("0x[0-9a-f]{64}");
      }
      assertThat(first.out()).containsPattern("(?m)^claimed [0-9.]+ BCT for 0x[0-9a-f]{40} \\(tx 0x[0-9a-f]{64}");
      assertThat(first.out()).contains("Where to look next:");
      Map<Path, Long> exportsAfterFirst = files(tmp.resolve("var").resolve("exports"));
      assertThat(exportsAfterFirst).isNotEmpty();
      // The writes the queries had to see whole are over: the second demo and the replay below change no
      // table's content, so polling on through them would only compete with them for the two cores.
      poller.stop();
      polling.join(120_000);
      assertThat(polling.isAlive()).as("the poller stopped").isFalse();

      ChildJvm.Exec second = ChildJvm.run(DEMO_TIMEOUT, lakehouse, "demo", "--contributors", "12", "--days",
          String.valueOf(DAYS), "--timelock", "3");
      assertThat(second.exit()).as(second.err()).isZero();
      assertThat(second.err()).contains("already deployed", "reusing it");
      assertThat(second.err().split("already exported", -1)).hasSize(DAYS + 1);
      // Same roots and the same postRoot transactions: nothing was posted again.
      Map<String, String[]> again = summaryRows(second.out());
      assertThat(again.keySet()).isEqualTo(days.keySet());
      days.forEach((day, row) -> assertThat(again.get(day)).as(day).containsExactly(row));
      assertThat(second.out()).contains("has nothing left to claim");
      // The demo's settled days replay identical under the rules in force on them, to the roots posted on-chain.
      ChildJvm.Exec replay = ChildJvm.run(DEMO_TIMEOUT, lakehouse, "replay", "--from", "2026-01-01", "--to",
          "2026-01-0" + DAYS);
      assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
      assertThat(replay.out()).contains("replayed " + DAYS + " days under the ruleset version in force on each day: "
          + DAYS + " identical, 0 with differences");
      days.forEach((day, row) -> assertThat(replay.out()).contains("root " + row[4] + " (recomputed: same)"));
      assertThat(files(tmp.resolve("var").resolve("exports"))).isEqualTo(exportsAfterFirst);
      assertThat(poller.failures).as("every query during the demo's writes answered").isEmpty();
      // Each day a query saw had its final content: the rewards of a day and its batch appear whole, never in part.
      Map<String, String> finalRewards = poller.rewardsNow();
      Map<String, String> finalBatches = poller.batchesNow();
      assertThat(finalRewards.keySet()).containsExactlyElementsOf(days.keySet());
      assertThat(poller.polls).as("queries answered while the jobs ran").isGreaterThanOrEqualTo(10);
      for (Map<String, String> seen : poller.rewardsSeen) {
        seen.forEach((day, v) -> assertThat(v).as("rewards of " + day + " as a query saw them").isEqualTo(finalRewards.get(day)));
      }
      for (Map<String, String> seen : poller.batchesSeen) {
        seen.forEach((day, v) -> assertThat(v).as("batch of " + day + " as a query saw it").isEqualTo(finalBatches.get(day)));
      }
      // The queries interleaved with the writes: some saw the first day done and the second not yet.
      assertThat(poller.rewardsSeen).anyMatch(m -> m.containsKey("2026-01-01") && !m.containsKey("2026-01-02"));
      poller.close();

      try (Connection c = hiveJdbc(sparkHome, "jdbc:hive2://127.0.0.1:" + port + "/default");
          Statement s = c.createStatement()) {
        Map<String, String> roots = new LinkedHashMap<>();
        try (ResultSet r = s.executeQuery("SELECT day, merkle_root FROM settlement.payout_batches ORDER BY day")) {
          while (r.next()) {
            roots.put(r.getString(1), r.getString(2));
          }
        }
        Map<String, String> printed = new LinkedHashMap<>();
        days.forEach((day, row) -> printed.put(day, row[4]));
        assertThat(roots).isEqualTo(printed);

        // Two runs of the demo, and every transaction happened once.
        Map<String, Long> txs = new LinkedHashMap<>();
        try (ResultSet r = s.executeQuery("SELECT action, count(DISTINCT tx_hash) FROM settlement.chain_receipts "
            + "WHERE status = 'CONFIRMED' GROUP BY action ORDER BY action")) {
          while (r.next()) {
            txs.put(r.getString(1), r.getLong(2));
          }
        }
        assertThat(txs).isEqualTo(Map.of("acceptRoot", (long) DAYS, "claim", 1L, "postRoot", (long) DAYS));

        try (ResultSet r = s.executeQuery("SELECT count(*), count_if(all_hold) FROM audit.daily_invariants")) {
          assertThat(r.next()).isTrue();
          assertThat(r.getLong(1)).isEqualTo(DAYS);
          assertThat(r.getLong(2)).isEqualTo(DAYS);
        }
        // The day's payout total equals what the rewards table pays that day (two tables, one number).
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM settlement.payout_batches b JOIN (SELECT day, "
            + "sum(amount) AS paid FROM gold.daily_rewards GROUP BY day) g ON g.day = b.day "
            + "WHERE g.paid = b.total_amount")) {
          assertThat(r.next()).isTrue();
          assertThat(r.getLong(1)).isEqualTo(DAYS);
        }
        // Time travel: the version init created is empty.
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM gold.daily_rewards VERSION AS OF 0")) {
          assertThat(r.next()).isTrue();
          assertThat(r.getLong(1)).isZero();
        }
      }
    } finally {
      server.destroy();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("sql-server stopped").isTrue();
    }
    // The CLI's shutdown hook stopped the Thrift server it started: nothing listens any more.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (listening(port) && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(listening(port)).as("Thrift server still listening on " + port).isFalse();
  }

  /**
   * Queries the server every {@link #POLL_MILLIS} from its own connection, as an auditor would while the nightly
   * jobs run. Each poll is two Delta queries on the server: polled every half second, the server took 190 CPU-s in
   * one clean-clone run (about 5 % of the whole build's CPU), competing with the demo it watches.
   */
  private static final class Poller implements Runnable {
    /** A demo day takes 20 s or more, so the polls still fall between the two days' commits many times over. */
    static final long POLL_MILLIS = 2_500;
    private final Connection connection;
    private volatile boolean stopped;
    final List<Map<String, String>> rewardsSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Map<String, String>> batchesSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile int polls;

    Poller(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      while (!stopped) {
        try {
          rewardsSeen.add(rewardsNow());
          batchesSeen.add(batchesNow());
          polls++;
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        } catch (SQLException e) {
          failures.add(e.toString());
        }
      }
    }

    Map<String, String> rewardsNow() throws SQLException {
      return query("SELECT day, concat(count(*), ' rows, ', sum(amount)) FROM gold.daily_rewards GROUP BY day");
    }

    Map<String, String> batchesNow() throws SQLException {
      return query("SELECT b.day, concat(b.total_amount, ' in ', b.recipients, ', items ', count(i.wallet), ' ', "
          + "sum(i.amount)) FROM settlement.payout_batches b LEFT JOIN settlement.payout_items i ON i.day = b.day "
          + "GROUP BY b.day, b.total_amount, b.recipients");
    }

    private synchronized Map<String, String> query(String sql) throws SQLException {
      Map<String, String> out = new java.util.TreeMap<>();
      try (Statement st = connection.createStatement(); ResultSet r = st.executeQuery(sql)) {
        while (r.next()) {
          out.put(r.getString(1), r.getString(2));
        }
      }
      return out;
    }

    void stop() {
      stopped = true;
    }

    void close() throws SQLException {
      connection.close();
    }
  }

  /** The demo's summary table: day → columns (day, contributors, classes, emitted, root, tx, state). */
  private static Map<String, String[]> summaryRows(String out) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    java.util.regex.Pattern row = java.util.regex.Pattern.compile(
        "^(\\d{4}-\\d\\d-\\d\\d)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+ BCT)\\s+(\\S+)\\s+(\\S+)\\s+(.+)$");
    out.lines().map(row::matcher).filter(java.util.regex.Matcher::matches).forEach(m -> {
      String[] cols = new String[7];
      for (int i = 0; i < 7; i++) {
        cols[i] = m.group(i + 1).trim();
      }
      rows.put(cols[0], cols);
    });
    return rows;
  }

  private static Map<Path, Long> files(Path dir) throws IOException {
    Map<Path, Long> out = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        out.put(dir.relativize(p), Files.getLastModifiedTime(p).toMillis() ^ Files.size(p));
      }
    }
    return out;
  }

  /** The pinned pyspark of the project's Python environment (airflow-dags/.venv): a Spark distribution. */
  private static Path pinnedSparkHome() throws IOException {
    Path lib = Path.of("..", "airflow-dags", ".venv", "lib").toAbsolutePath().normalize();
    try (Stream<Path> s = Files.list(lib)) {
      Path home = s.map(p -> p.resolve("site-packages").resolve("pyspark"))
          .filter(p -> Files.isExecutable(p.resolve("bin").resolve("spark-submit"))).findFirst()
          .orElseThrow(() -> new AssertionError("no pyspark under " + lib + ": run airflow-dags/python-env.sh"));
      return home;
    }
  }

  /** Collects the server's output (it must never block on a full pipe) and counts down once it is ready. */
  private static void readServer(Process server, List<String> log, int port, java.util.concurrent.CountDownLatch ready) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        log.add(line);
        if (line.startsWith("sql-server: ready at jdbc:hive2://127.0.0.1:" + port + "/default")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      log.add("(reading the server's output failed: " + e + ")");
    }
    ready.countDown();
  }

  /** A connection through the Spark distribution's own Hive JDBC driver, in a class loader of its own. */
  private static Connection hiveJdbc(Path sparkHome, String url) throws Exception {
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> s = Files.list(sparkHome.resolve("jars"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(p.toUri().toURL());
      }
    }
    URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    Driver driver = (Driver) Class.forName("org.apache.hive.jdbc.HiveDriver", true, loader)
        .getDeclaredConstructor().newInstance();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      Connection c = driver.connect(url, new Properties());
      if (c == null) {
        throw new SQLException("the Hive driver does not accept " + url);
      }
      return c;
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
