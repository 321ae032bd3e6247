package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.ingestion.IngestReport;
import io.bootcloud.rules.config.Ruleset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written golden edge day in {@code test-data/golden/edge-day}: every number asserted
 * here is worked out by hand in its EXPECTED.md, not taken from the code. It runs in the
 * production metastore mode: the Hive metastore (and the job leases) in a private PostgreSQL 15
 * cluster, with a second process reading the same catalog through the environment variables.
 */
class GoldenEdgeDayTest {

  private static final Path FIXTURE = Path.of("..", "test-data", "golden", "edge-day", "landing");

  @Test
  void edgeDayEndsExactlyWhereWorkedOutByHand(@TempDir Path tmp) throws Exception {
    try (io.bootcloud.core.testing.PrivatePostgres pg = io.bootcloud.core.testing.PrivatePostgres.start()) {
      // This JVM through Spark configuration (system properties), the child process below through the environment.
      io.bootcloud.core.spark.SparkSessionFactory.metastoreFromEnvironment(pg.environment())
          .forEach(System::setProperty);
      edgeDay(tmp);
      secondProcessSeesTheSameCatalogInPostgres(pg);
    }
  }

  private static void edgeDay(Path tmp) throws Exception {
    SparkSession spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    Ruleset ruleset = RulesetLoader.loadDefault();
    RunLedger ledger = new RunLedger(spark);
    Path landing = copy(FIXTURE, tmp.resolve("landing"));
    LocalDate day = LocalDate.of(2026, 3, 1);

    IngestReport report = new IngestJob(spark, ruleset, ledger, new PrintWriter(new StringWriter()))
        .run(day, new IngestJob.Options(landing.toUri().toString(), tmp.resolve("cp").toUri().toString(), 10));
    assertThat(report.files()).isEqualTo(3);
    assertThat(report.lines()).isEqualTo(35);
    assertThat(report.accepted()).containsEntry("share", 10L).containsEntry("heartbeat", 3L)
        .containsEntry("contributor", 2L).containsEntry("bind", 5L).containsEntry("unbind", 2L);

    Map<String, Long> reasons = new TreeMap<>();
    for (Row r : spark.sql("SELECT reason_code, count(*) FROM quarantine.rejected "
        + "WHERE dt = DATE '2026-03-01' AND source_file LIKE '%dt=2026-03-01%' GROUP BY reason_code").collectAsList()) {
      reasons.put(r.getString(0), r.getLong(1));
    }
    assertThat(reasons).isEqualTo(new TreeMap<>(Map.ofEntries(
        Map.entry("DUPLICATE_EVENT", 2L), Map.entry("BAD_VALUE", 3L), Map.entry("BAD_ADDRESS", 1L),
        Map.entry("MALFORMED_JSON", 1L), Map.entry("MISSING_FIELD", 1L), Map.entry("BAD_FIELD_TYPE", 1L),
        Map.entry("BAD_TIMESTAMP", 1L), Map.entry("FUTURE_TIMESTAMP", 1L), Map.entry("UNKNOWN_TYPE", 1L),
        Map.entry("NOT_AN_OBJECT", 1L), Map.entry("BAD_GZIP", 1L), Map.entry("CONFLICTING_BINDING", 1L))));
    // The hijacking bind of line 11 is refused: g-d1 stays with alice.
    assertThat(spark.sql("SELECT line_number FROM quarantine.rejected WHERE reason_code = 'CONFLICTING_BINDING' "
        + "AND source_file LIKE 'registry/dt=2026-03-01/%'").first().getLong(0)).isEqualTo(11);
    assertThat(spark.sql("SELECT contributor_id FROM silver.device_bindings WHERE device_id = 'g-d1'").collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("g-alice");
    // The audit view tells the same story per landing day and reason.
    Map<String, Long> viewed = new TreeMap<>();
    for (Row r : spark.sql("SELECT reason_code, refused FROM audit.quarantine_summary WHERE dt = DATE '2026-03-01'")
        .collectAsList()) {
      viewed.put(r.getString(0), r.getLong(1));
    }
    assertThat(viewed).isEqualTo(new TreeMap<>(spark.sql("SELECT reason_code, count(*) FROM quarantine.rejected "
        + "WHERE dt = DATE '2026-03-01' GROUP BY reason_code").collectAsList().stream()
        .collect(java.util.stream.Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)))));
    assertThat(viewed).containsAllEntriesOf(reasons);
    assertThat(spark.sql("SELECT whole_files FROM audit.quarantine_summary WHERE reason_code = 'BAD_GZIP'").first()
        .getLong(0)).isEqualTo(1);
    assertThat(spark.sql("SELECT line_number FROM quarantine.rejected WHERE reason_code = 'BAD_ADDRESS' "
        + "AND source_file LIKE 'registry/dt=2026-03-01/%'").first().getLong(0)).isEqualTo(3);
    assertThat(spark.sql("SELECT count(*) FROM silver.shares WHERE event_id LIKE 'g-tmp%'").first().getLong(0))
        .isZero();

    List<Row> wallets = spark.sql("SELECT contributor_id, wallet FROM silver.contributor_wallets "
        + "WHERE contributor_id LIKE 'g-%' ORDER BY contributor_id").collectAsList();
    assertThat(wallets).hasSize(2);
    assertThat(wallets.get(0).getString(1)).isEqualTo("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359");
    assertThat(wallets.get(1).getString(1)).isEqualTo("0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb");
    assertThat(spark.sql("SELECT day FROM silver.shares WHERE event_id = 'g-s10'").first().getDate(0).toString())
        .isEqualTo("2026-03-02");

    new DppJob(spark, ruleset, ledger).run(day);
    new DppJob(spark, ruleset, ledger).run(day.plusDays(1));
    Map<String, List<Long>> dpp = new TreeMap<>();
    for (Row r : spark.sql("SELECT contributor_id, dpp, dpp_reported, devices, shares FROM gold.daily_dpp "
        + "WHERE day = DATE '2026-03-01' AND contributor_id LIKE 'g-%'").collectAsList()) {
      dpp.put(r.getString(0), List.of(r.getLong(1), r.getLong(2), (long) r.getInt(3), r.getLong(4)));
    }
    assertThat(dpp).isEqualTo(Map.of("g-alice", List.of(160L, 150L, 2L, 4L), "g-bob", List.of(29L, 4L, 2L, 3L)));
    Row next = spark.sql("SELECT contributor_id, dpp FROM gold.daily_dpp WHERE day = DATE '2026-03-02' "
        + "AND contributor_id LIKE 'g-%'").first();
    assertThat(next.getString(0)).isEqualTo("g-alice");
    assertThat(next.getLong(1)).isEqualTo(40_000L);
  }

  private static void secondProcessSeesTheSameCatalogInPostgres(io.bootcloud.core.testing.PrivatePostgres pg)
      throws Exception {
    Path lakehouse = SharedSpark.lakehouse().root();
    ProcessBuilder pb = io.bootcloud.core.testing.ChildJvm.builder(lakehouse, "sql", "--format", "csv", "-e",
        "SELECT contributor_id, dpp FROM gold.daily_dpp WHERE day = DATE '2026-03-01' AND contributor_id LIKE 'g-%' "
            + "ORDER BY contributor_id; SHOW TABLES IN settlement; SELECT * FROM gold.no_such_table");
    pb.environment().putAll(pg.environment());
    Path out = Files.createTempFile("golden-sql", ".txt");
    Path err = Files.createTempFile("golden-sql", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(io.bootcloud.core.testing.ChildJvm.DEFAULT_TIMEOUT.toMinutes(), java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    String printed = Files.readString(out);
    String errors = Files.readString(err);
    Files.delete(out);
    Files.delete(err);
    // The statements before the bad one print their results; the bad query is one line on stderr, exit 1.
    assertThat(p.exitValue()).as(errors).isEqualTo(1);
    assertThat(errors.strip().lines().filter(l -> l.startsWith("bootcloud sql: error:")).count()).as(errors)
        .isEqualTo(1);
    assertThat(errors).contains("no_such_table").doesNotContain("\tat ");
    assertThat(printed).contains("contributor_id,dpp\ng-alice,160\ng-bob,29\n");
    // Tables by name in a new process, from the catalog in PostgreSQL.
    assertThat(printed).contains("settlement,payout_batches,false").contains("settlement,chain_receipts,false");
    // No Derby anywhere: the metastore and the leases are PostgreSQL's.
    assertThat(SharedSpark.lakehouse().metastore()).doesNotExist();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(),
        io.bootcloud.core.testing.PrivatePostgres.USER, io.bootcloud.core.testing.PrivatePostgres.PASSWORD);
         java.sql.Statement st = c.createStatement()) {
      String tbls;
      try (java.sql.ResultSet r = st.executeQuery("SELECT table_name FROM information_schema.tables "
          + "WHERE lower(table_name) = 'tbls'")) {
        assertThat(r.next()).as("the Hive metastore's TBLS table in PostgreSQL").isTrue();
        tbls = r.getString(1);
      }
      try (java.sql.ResultSet r = st.executeQuery("SELECT count(*) FROM \"" + tbls + "\"")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getInt(1)).as("the catalog's tables, registered in PostgreSQL")
            .isGreaterThanOrEqualTo(io.bootcloud.core.catalog.Catalog.ALL.size());
      }
      try (java.sql.ResultSet r = st.executeQuery("SELECT count(*) FROM bootcloud_job_lease")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getInt(1)).as("every run released its lease").isZero();
      }
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
