package io.bootcloud.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ingestion of small hand-written landing files into real Delta tables. */
class IngestJobTest {

  private static final LocalDate DAY = LocalDate.of(2036, 1, 1);
  private static SparkSession spark;
  private static RunLedger ledger;

  @BeforeAll
  static void init() {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    ledger = new RunLedger(spark);
  }

  private static String share(String id, String device, String time, long difficulty) {
    return "{\"type\":\"share\",\"event_id\":\"%s\",\"device_id\":\"%s\",\"ts\":\"2036-01-01T%sZ\",\"difficulty\":%d}"
        .formatted(id, device, time, difficulty);
  }

  private static void write(Path root, String relative, String... lines) throws IOException {
    Path f = root.resolve(relative);
    Files.createDirectories(f.getParent());
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    if (relative.endsWith(".gz")) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
        gz.write(bytes);
      }
      bytes = buf.toByteArray();
    }
    Files.write(f, bytes);
  }

  private static Map<String, Long> versions() {
    Map<String, Long> v = new HashMap<>();
    for (TableDef t : List.of(Catalog.TELEMETRY_RAW, Catalog.SHARES, Catalog.HEARTBEATS, Catalog.REGISTRY_EVENTS,
        Catalog.DEVICE_BINDINGS, Catalog.CONTRIBUTOR_WALLETS, Catalog.REJECTED)) {
      v.put(t.fullName(), ledger.currentVersion(t));
    }
    return v;
  }

  private static IngestReport ingest(Path landing, Path checkpoint, long driverHashLimit, long runHashLimit)
      throws Exception {
    return new IngestJob(spark, RulesetLoader.loadDefault(), ledger, new PrintWriter(new StringWriter()),
        driverHashLimit, runHashLimit).run(DAY, new IngestJob.Options(landing.toUri().toString(), checkpoint.toUri().toString(), 2));
  }

  private static void emptyTelemetryTables() {
    for (TableDef t : List.of(Catalog.TELEMETRY_RAW, Catalog.SHARES, Catalog.HEARTBEATS, Catalog.REGISTRY_EVENTS,
        Catalog.DEVICE_BINDINGS, Catalog.CONTRIBUTOR_WALLETS, Catalog.REJECTED)) {
      spark.sql("DROP TABLE IF EXISTS " + t.fullName());
    }
    new CatalogInitializer(spark).initialize(Catalog.ALL);
  }

  private static long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  /**
   * Every way of finding repeats: hashes compared on the driver with the run's earlier batches held
   * there, or (run limit 0) read back from silver, and (driver limit 0) the distributed aggregate.
   */
  static Stream<Arguments> hashLimits() {
    return Stream.of(Arguments.of(IngestJob.DRIVER_HASH_LIMIT, IngestJob.RUN_HASH_LIMIT),
        Arguments.of(IngestJob.DRIVER_HASH_LIMIT, 0L), Arguments.of(0L, 0L));
  }

  @ParameterizedTest(name = "driver hash limit {0}, run hash limit {1}")
  @MethodSource("hashLimits")
  void everyLineEndsInSilverOrQuarantineExactlyOnce(long driverHashLimit, long runHashLimit, @TempDir Path tmp)
      throws Exception {
    emptyTelemetryTables();
    Path landing = tmp.resolve("landing");
    Path checkpoint = tmp.resolve("checkpoint");
    write(landing, "registry/dt=2036-01-01/web-1.ndjson",
        "{\"type\":\"contributor\",\"event_id\":\"r1\",\"ts\":\"2036-01-01T00:00:00Z\",\"contributor_id\":\"alice\","
            + "\"wallet\":\"0x00000000000000000000000000000000000000a1\"}",
        "{\"type\":\"bind\",\"event_id\":\"r2\",\"ts\":\"2036-01-01T00:00:00Z\",\"device_id\":\"dev1\",\"contributor_id\":\"alice\"}",
        "{\"type\":\"bind\",\"event_id\":\"r3\",\"ts\":\"2036-01-01T00:00:00Z\",\"device_id\":\"dev2\",\"contributor_id\":\"bob\"}",
        "{\"type\":\"bind\",\"event_id\":\"r4\",\"ts\":\"2036-01-01T00:00:00Z\",\"device_id\":\"dev2\",\"contributor_id\":\"carol\"}");
    write(landing, "telemetry/dt=2036-01-01/hr=08/gw-1.ndjson",
        share("e1", "dev1", "08:00:00", 10),
        share("e2", "dev2", "08:01:00", 20),
        "{\"type\":\"heartbeat\",\"event_id\":\"h1\",\"device_id\":\"dev1\",\"ts\":\"2036-01-01T08:05:00Z\","
            + "\"interval_s\":300,\"state\":\"computing\",\"reported_rate\":120.5,\"hardware\":\"gpu\"}",
        "{\"type\":\"share\",\"event_id\":",
        "{\"type\":\"share\",\"event_id\":\"e9\",\"device_id\":\"dev1\",\"ts\":\"2036-01-01T08:02:00Z\"}",
        share("e1", "dev1", "08:00:00", 10));
    write(landing, "telemetry/dt=2036-01-01/hr=09/gw-2.ndjson.gz",
        share("e3", "dev1", "09:00:00", 30),
        share("e2", "dev2", "08:01:00", 20));
    byte[] whole = Files.readAllBytes(landing.resolve("telemetry/dt=2036-01-01/hr=09/gw-2.ndjson.gz"));
    Path truncated = landing.resolve("telemetry/dt=2036-01-01/hr=09/gw-3.ndjson.gz");
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
    write(landing, "telemetry/dt=2036-01-01/hr=10/_gw-4.ndjson", share("e4", "dev1", "10:00:00", 40),
        share("e3", "dev1", "09:00:00", 30));
    write(landing, "telemetry/dt=2036-01-01/hr=10/.gw-5.ndjson", share("e5", "dev1", "10:00:00", 50));

    IngestReport first = ingest(landing, checkpoint, driverHashLimit, runHashLimit);
    assertThat(first.files()).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM silver.shares WHERE event_id IN ('e1','e2','e3')")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM silver.shares WHERE event_id IN ('e4','e5')")).isZero();
    assertThat(count("SELECT count(*) FROM silver.heartbeats WHERE event_id = 'h1'")).isEqualTo(1);
    assertThat(spark.sql("SELECT reported_rate FROM silver.heartbeats WHERE event_id = 'h1'").first().getDecimal(0))
        .isEqualByComparingTo("120.5");

    Map<String, Long> reasons = new HashMap<>();
    for (Row r : spark.sql("SELECT reason_code, count(*) FROM quarantine.rejected WHERE dt = DATE'2036-01-01' "
        + "GROUP BY reason_code").collectAsList()) {
      reasons.put(r.getString(0), r.getLong(1));
    }
    assertThat(reasons).containsEntry("MALFORMED_JSON", 1L).containsEntry("MISSING_FIELD", 1L)
        .containsEntry("DUPLICATE_EVENT", 2L).containsEntry("BAD_GZIP", 1L).containsEntry("CONFLICTING_BINDING", 1L);
    Row gz = spark.sql("SELECT line_number, detail FROM quarantine.rejected WHERE reason_code = 'BAD_GZIP'").first();
    assertThat(gz.isNullAt(0)).isTrue();
    assertThat(gz.getString(1)).contains("gzip");
    Row repeat = spark.sql("SELECT raw, detail FROM quarantine.rejected WHERE reason_code = 'DUPLICATE_EVENT' "
        + "AND source_file = 'telemetry/dt=2036-01-01/hr=08/gw-1.ndjson'").first();
    assertThat(repeat.getString(0)).isEqualTo(share("e1", "dev1", "08:00:00", 10));
    assertThat(repeat.getString(1)).isEqualTo("event_id e1 appears earlier in this delivery");

    // Every bronze line is accepted once or quarantined (conflicts are accepted events not applied).
    long bronze = count("SELECT count(*) FROM bronze.telemetry_raw WHERE dt = DATE'2036-01-01'");
    long silver = count("SELECT count(*) FROM silver.shares WHERE day = DATE'2036-01-01'")
        + count("SELECT count(*) FROM silver.heartbeats WHERE day = DATE'2036-01-01'")
        + count("SELECT count(*) FROM silver.registry_events WHERE day = DATE'2036-01-01'");
    long quarantinedLines = count("SELECT count(*) FROM quarantine.rejected WHERE dt = DATE'2036-01-01' "
        + "AND line_number IS NOT NULL AND reason_code <> 'CONFLICTING_BINDING'");
    assertThat(bronze).isEqualTo(4 + 6 + 2); // registry, gw-1, gw-2 (gw-3 is unreadable)
    assertThat(silver + quarantinedLines).isEqualTo(bronze);

    assertThat(spark.sql("SELECT contributor_id FROM silver.device_bindings WHERE device_id = 'dev2'")
        .collectAsList()).extracting(r -> r.getString(0)).containsExactly("bob");
    assertThat(spark.sql("SELECT wallet FROM silver.contributor_wallets WHERE contributor_id = 'alice'").first()
        .getString(0)).isEqualTo("0x00000000000000000000000000000000000000a1");

    Map<String, Long> before = versions();
    IngestReport nothingNew = ingest(landing, checkpoint, driverHashLimit, runHashLimit);
    assertThat(nothingNew.files()).isZero();
    assertThat(versions()).isEqualTo(before);

    assertThat(count("SELECT count(*) FROM silver.shares WHERE event_hash IS NULL "
        + "OR event_hash <> xxhash64(event_id)")).as("every row carries Spark's hash of its id").isZero();
    // Rows written before silver had event_hash (an older release) are compared through their ids.
    spark.sql("UPDATE silver.shares SET event_hash = NULL WHERE event_id = 'e3'");

    Files.move(landing.resolve("telemetry/dt=2036-01-01/hr=10/_gw-4.ndjson"),
        landing.resolve("telemetry/dt=2036-01-01/hr=10/gw-4.ndjson"));
    IngestReport renamed = ingest(landing, checkpoint, driverHashLimit, runHashLimit);
    assertThat(renamed.files()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM silver.shares WHERE event_id = 'e4'")).isEqualTo(1);
    // e3 was accepted by an earlier run: its repeat meets that silver row through the batch's hash filter.
    assertThat(renamed.rejected()).containsExactly(Map.entry("DUPLICATE_EVENT", 1L));
    assertThat(count("SELECT count(*) FROM silver.shares WHERE event_id = 'e3'")).isEqualTo(1);
    Row again = spark.sql("SELECT raw, detail, line_number FROM quarantine.rejected "
        + "WHERE source_file = 'telemetry/dt=2036-01-01/hr=10/gw-4.ndjson'").first();
    assertThat(again.getString(0)).isEqualTo(share("e3", "dev1", "09:00:00", 30));
    assertThat(again.getString(1))
        .isEqualTo("event_id e3 was already accepted from telemetry/dt=2036-01-01/hr=09/gw-2.ndjson.gz line 1");
    assertThat(again.getLong(2)).isEqualTo(2);
  }

  @Test
  void aReplayedBatchWritesOnce() {
    spark.sql("CREATE OR REPLACE TEMP VIEW one_line AS SELECT DATE'2036-02-01' AS dt, 'f' AS source_file, "
        + "7L AS line_number, 'raw' AS raw, 'b' AS ingest_run_id, TIMESTAMP'2036-02-01 00:00:00' AS ingested_at");
    for (int attempt = 0; attempt < 2; attempt++) {
      IngestJob.append(spark.table("one_line"), Catalog.TELEMETRY_RAW, "replay-test", 5);
    }
    assertThat(count("SELECT count(*) FROM bronze.telemetry_raw WHERE dt = DATE'2036-02-01'")).isEqualTo(1);
  }
  @Test
  void poisonFilesAndLinesAreQuarantinedAndTheRestOfTheBatchLands(@TempDir Path tmp) throws Exception {
    emptyTelemetryTables();
    Path landing = tmp.resolve("landing");
    Path checkpoint = tmp.resolve("checkpoint");
    String defaults = new String(IngestJobTest.class.getResourceAsStream(RulesetLoader.DEFAULT_RESOURCE).readAllBytes(),
        StandardCharsets.UTF_8);
    io.bootcloud.rules.config.Ruleset small = RulesetLoader.parse(defaults
        + "\nlimits:\n  max_file_bytes: 65536\n  max_line_bytes: 1024\n", "small-limits.yaml");
    // One file: a byte-order mark, a line with a bad UTF-8 byte, a good line, a line over the limit.
    Path mixed = landing.resolve("telemetry/dt=2036-01-01/hr=08/gw-1.ndjson");
    Files.createDirectories(mixed.getParent());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bytes.write((share("a1", "dev1", "08:00:00", 10) + "\n").getBytes(StandardCharsets.UTF_8));
    bytes.write(share("bad", "dev\u00e9", "08:00:01", 10).replace("\u00e9", "\u0001").getBytes(StandardCharsets.UTF_8));
    byte[] written = bytes.toByteArray();
    written[written.length - 40] = (byte) 0xC3; // a lone lead byte inside the second line
    bytes.reset();
    bytes.write(written);
    bytes.write(("\n" + share("a2", "dev1", "08:00:02", 10) + "\n").getBytes(StandardCharsets.UTF_8));
    bytes.write(("{\"pad\":\"" + "x".repeat(2000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
    Files.write(mixed, bytes.toByteArray());
    // A gzip bomb: 8 MiB of zeros, far over the 64 KiB limit once expanded.
    Path bomb = landing.resolve("telemetry/dt=2036-01-01/hr=08/gw-2.ndjson.gz");
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      byte[] zeros = new byte[1 << 20];
      for (int k = 0; k < 8; k++) {
        gz.write(zeros);
      }
    }
    // A valid file in the same batch, with a repeat of a1 (the batch takes the duplicate path too).
    write(landing, "telemetry/dt=2036-01-01/hr=09/gw-3.ndjson", share("a3", "dev1", "09:00:00", 30),
        share("a1", "dev1", "08:00:00", 10));

    IngestJob job = new IngestJob(spark, small, ledger, new PrintWriter(new StringWriter()),
        IngestJob.DRIVER_HASH_LIMIT, IngestJob.RUN_HASH_LIMIT);
    IngestReport report = job.run(DAY, new IngestJob.Options(landing.toUri().toString(),
        checkpoint.toUri().toString(), 8));
    assertThat(report.files()).isEqualTo(3);
    assertThat(spark.sql("SELECT event_id FROM silver.shares ORDER BY event_id").collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("a1", "a2", "a3");
    Map<String, Long> reasons = new HashMap<>();
    for (Row r : spark.sql("SELECT reason_code, count(*) FROM quarantine.rejected GROUP BY reason_code")
        .collectAsList()) {
      reasons.put(r.getString(0), r.getLong(1));
    }
    assertThat(reasons).containsOnly(Map.entry("BAD_ENCODING", 1L), Map.entry("LINE_TOO_LONG", 1L),
        Map.entry("FILE_TOO_LARGE", 1L), Map.entry("DUPLICATE_EVENT", 1L));
    Row encoding = spark.sql("SELECT line_number, detail FROM quarantine.rejected WHERE reason_code = 'BAD_ENCODING'")
        .first();
    assertThat(encoding.getLong(0)).isEqualTo(2);
    assertThat(encoding.getString(1)).startsWith("not valid UTF-8 at byte ");
    Row tooLong = spark.sql("SELECT line_number, raw, detail FROM quarantine.rejected "
        + "WHERE reason_code = 'LINE_TOO_LONG'").first();
    assertThat(tooLong.getLong(0)).isEqualTo(4);
    assertThat(tooLong.isNullAt(1)).isTrue();
    assertThat(tooLong.getString(2)).startsWith("line is 2010 bytes, over the limit of 1024");
    Row file = spark.sql("SELECT source_file, line_number, detail FROM quarantine.rejected "
        + "WHERE reason_code = 'FILE_TOO_LARGE'").first();
    assertThat(file.getString(0)).isEqualTo("telemetry/dt=2036-01-01/hr=08/gw-2.ndjson.gz");
    assertThat(file.isNullAt(1)).isTrue();
    assertThat(file.getString(2)).contains("sha256 ");
    // Bronze holds the readable lines: gw-1 lines 1 and 3 (the BOM dropped), both lines of gw-3.
    assertThat(spark.sql("SELECT source_file, line_number, raw FROM bronze.telemetry_raw ORDER BY source_file, line_number")
        .collectAsList()).extracting(r -> r.getString(0).substring(r.getString(0).lastIndexOf('/') + 1) + ":" + r.getLong(1))
        .containsExactly("gw-1.ndjson:1", "gw-1.ndjson:3", "gw-3.ndjson:1", "gw-3.ndjson:2");
    assertThat(count("SELECT count(*) FROM bronze.telemetry_raw WHERE raw LIKE '\uFEFF%'")).isZero();

    IngestReport replay = job.run(DAY, new IngestJob.Options(landing.toUri().toString(),
        checkpoint.toUri().toString(), 8));
    assertThat(replay.files()).isZero();
    assertThat(count("SELECT count(*) FROM quarantine.rejected")).isEqualTo(4);
  }
  @Test
  void aByteLimitTakesFilesUpToItsBytesABatchAndTheDefaultTakesASmallDeliveryAtOnce(@TempDir Path tmp)
      throws Exception {
    emptyTelemetryTables();
    Path landing = tmp.resolve("landing");
    // Five files of equal length: a limit of two files' bytes takes two, two, then one.
    for (int i = 0; i < 5; i++) {
      write(landing, "telemetry/dt=2036-01-01/hr=10/gw-" + i + ".ndjson", share("bytes-" + i, "dev1", "10:00:0" + i, 7));
    }
    long length = Files.size(landing.resolve("telemetry/dt=2036-01-01/hr=10/gw-0.ndjson"));
    IngestJob job = new IngestJob(spark, RulesetLoader.loadDefault(), ledger, new PrintWriter(new StringWriter()));
    String checkpoint = tmp.resolve("checkpoint").toUri().toString();
    IngestReport limited = job.run(DAY, new IngestJob.Options(landing.toUri().toString(), checkpoint,
        BatchLimit.bytes(2 * length)));
    assertThat(limited.files()).isEqualTo(5);
    assertThat(limited.batches()).isEqualTo(3);
    // Five more files, under the default limit: one batch.
    for (int i = 5; i < 10; i++) {
      write(landing, "telemetry/dt=2036-01-01/hr=11/gw-" + i + ".ndjson", share("bytes-" + i, "dev1", "11:00:0" + i, 7));
    }
    IngestReport whole = job.run(DAY, new IngestJob.Options(landing.toUri().toString(), checkpoint,
        BatchLimit.DEFAULT));
    assertThat(whole.files()).isEqualTo(5);
    assertThat(whole.batches()).isEqualTo(1);
    assertThat(count("SELECT count(DISTINCT event_id) FROM silver.shares WHERE event_id LIKE 'bytes-%'"))
        .isEqualTo(10);
    assertThatThrownBy(() -> BatchLimit.bytes(0)).hasMessage(
        "a micro-batch of at most 0 bytes takes nothing; the limit must be at least 1");
  }

  @Test
  void eventsAreLateOnlyOnceTheirDayWasExportedNotWhenItWasComputed(@TempDir Path tmp) throws Exception {
    emptyTelemetryTables();
    // 2036-05-01 is computed (its emission ledger exists) but not exported; 2036-05-02 was exported.
    spark.sql("INSERT INTO gold.emission_ledger VALUES (DATE'2036-05-01', 1, 10, 10, 0, 10, 0, 5, 4, 1, 'carry', "
        + "'v', 'r')");
    spark.sql("INSERT INTO settlement.payout_batches VALUES (DATE'2036-05-02', '0xroot', 1, 1, 1, 'EXPORTED', "
        + "map('A', 1BD), map('A', 1L), map('gold.daily_rewards', 1L), 'sha', 'hash', '0xexp', '0xsig', 'v', 'r', "
        + "TIMESTAMP'2036-05-03 03:00:00')");
    Path landing = tmp.resolve("landing");
    write(landing, "telemetry/dt=2036-05-02/hr=23/gw-1.ndjson",
        share("computed", "dev1", "08:00:00", 10).replace("2036-01-01", "2036-05-01"),
        share("exported", "dev1", "08:00:00", 10).replace("2036-01-01", "2036-05-02"));
    ingest(landing, tmp.resolve("checkpoint"), IngestJob.DRIVER_HASH_LIMIT, IngestJob.RUN_HASH_LIMIT);
    assertThat(spark.sql("SELECT event_id, is_late FROM silver.shares WHERE event_id IN ('computed', 'exported') "
        + "ORDER BY event_id").collectAsList()).extracting(r -> r.getString(0) + "=" + r.getBoolean(1))
        .containsExactly("computed=false", "exported=true");
    // A late share records the first day still open when it arrived (where ruleset 2026.2 credits it): the
    // day after the exported 2036-05-02. The same through the Spark path a batch with a repeat takes.
    write(landing, "telemetry/dt=2036-05-03/hr=01/gw-1.ndjson",
        share("exported-again", "dev1", "09:00:00", 10).replace("2036-01-01", "2036-05-02"),
        share("exported-again", "dev1", "09:00:00", 10).replace("2036-01-01", "2036-05-02"));
    ingest(landing, tmp.resolve("checkpoint"), IngestJob.DRIVER_HASH_LIMIT, IngestJob.RUN_HASH_LIMIT);
    assertThat(spark.sql("SELECT event_id, CAST(credit_day AS STRING) FROM silver.shares WHERE event_id IN "
        + "('computed', 'exported', 'exported-again') ORDER BY event_id").collectAsList())
        .extracting(r -> r.getString(0) + "=" + r.getString(1))
        .containsExactly("computed=null", "exported=2036-05-03", "exported-again=2036-05-03");
    spark.sql("DELETE FROM gold.emission_ledger WHERE day = DATE'2036-05-01'");
    spark.sql("DELETE FROM settlement.payout_batches WHERE day = DATE'2036-05-02'");
  }

  /** The factory mode every Spark job of {@code action} ran with (as its SQL settings reached the tasks). */
  private static List<String> factoryModesOfJobs(io.bootcloud.core.spark.SmallQueries.Action<?> action)
      throws Exception {
    List<String> modes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
        modes.add(String.valueOf(e.properties() == null ? null
            : e.properties().getProperty(io.bootcloud.core.spark.SmallQueries.FACTORY_MODE)));
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      action.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return modes;
  }

  @Test
  void aSmallLandingFolderIsIngestedInterpretedALargerOneWithGeneratedCode(@TempDir Path tmp) throws Exception {
    SharedSpark.generatedCode(spark, () -> {
      emptyTelemetryTables();
      Path landing = tmp.resolve("landing");
      write(landing, "telemetry/dt=2036-01-01/hr=00/gw-1.ndjson", share("small-1", "dev1", "00:00:01", 10));
      List<String> small = factoryModesOfJobs(() -> ingest(landing, tmp.resolve("checkpoint"),
          IngestJob.DRIVER_HASH_LIMIT, IngestJob.RUN_HASH_LIMIT));
      assertThat(small).isNotEmpty().allMatch("NO_CODEGEN"::equals);
      assertThat(spark.conf().get(io.bootcloud.core.spark.SmallQueries.FACTORY_MODE)).isEqualToIgnoringCase("FALLBACK");

      // The same folder, one more file, against a threshold it passes: the batch's own jobs generate code
      // (the run ledger's reads and appends stay interpreted on any day).
      write(landing, "telemetry/dt=2036-01-01/hr=01/gw-1.ndjson", share("small-2", "dev1", "01:00:01", 10));
      spark.conf().set(io.bootcloud.core.spark.SmallQueries.SMALL_DAY_BYTES, "1");
      try {
        List<String> large = factoryModesOfJobs(() -> ingest(landing, tmp.resolve("checkpoint"),
            IngestJob.DRIVER_HASH_LIMIT, IngestJob.RUN_HASH_LIMIT));
        assertThat(large).anyMatch(m -> !"NO_CODEGEN".equals(m));
      } finally {
        spark.conf().unset(io.bootcloud.core.spark.SmallQueries.SMALL_DAY_BYTES);
      }
      assertThat(count("SELECT count(*) FROM silver.shares WHERE event_id IN ('small-1', 'small-2')")).isEqualTo(2);
      return null;
    });
  }
}
