package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.spark.SmallQueries;
import io.bootcloud.core.testing.ChildJvm;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dev.bench.DuckDbReference;
import io.bootcloud.dev.bench.SparkVsDuckDb;
import io.bootcloud.dev.chain.DevTreasury;
import io.bootcloud.dev.cluster.S3Server;
import io.bootcloud.dev.cluster.StandaloneCluster;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.settlement.batch.ExportJob;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One simulated fleet with every fault kind, through ingest, dpp, rewards and export on real Delta
 * tables, twice:
 * <ul>
 *   <li>in this JVM on local[2] with generated code (as production evaluates a day larger than
 *       {@code spark.bootcloud.smallDayBytes}; every other Spark of the tests evaluates interpreted),
 *       ingested in micro-batches of 100 files (two): each fault ends
 *       where it should with exactly the simulator's count, every contributor's DPP equals the
 *       ground truth, and DuckDB, recomputing each day from the same silver files
 *       ({@link DuckDbReference}), agrees with every gold.daily_dpp column, class and amount;</li>
 *   <li>through spark-submit of the shaded production jar on a Spark standalone cluster started
 *       from the pinned pyspark ({@link StandaloneCluster}: two workers of two cores, each
 *       application on one core of each), with 3 shuffle partitions (this JVM has 2) and ingested in
 *       one batch, twice at once: on local files, one command per job as the DAG runs them, and with
 *       the warehouse, the landing files and the ingest checkpoint on an S3-compatible server
 *       ({@link S3Server}, moto) through S3A, ingest, dpp and rewards in one {@code backfill} as a
 *       backfill runs them. Every silver, gold, quarantine and settlement table's
 *       content hash and every day's Merkle root must equal the first run's (1 vs 64 partitions for
 *       the rewards job is RewardsJobTest's).</li>
 * </ul>
 * The cluster's two pipelines run while this JVM computes its own (they share only the landing files):
 * the test takes about as long as the cluster part alone.
 */
class DeterminismTest {

  private static final int DAYS = 2;
  /** Another partitioning than this JVM's. */
  private static final String CLUSTER_PARTITIONS = "3";
  private static final String DISTRIBUTOR = "0x00000000000000000000000000000000000000d1";
  /**
   * The pipeline on local files: ingest, dpp, rewards, export, one application each on the cluster, as the DAG
   * submits them. {@code init}, which the DAG never runs, creates each lakehouse's tables through the same
   * spark-submit and jar in local mode: on the cluster it cost two more drivers and four executor JVMs for no
   * computation.
   */
  private static final int JOBS_ON_FILES = 4;
  /**
   * The pipeline on s3a://: {@code backfill} (ingest, then dpp and rewards day by day, in one application, as a
   * backfill runs) and export. Two drivers and four executor JVMs fewer than one application a job.
   */
  private static final int JOBS_ON_S3 = 2;

  @Test
  void matchesGroundTruthAndLocalAndStandaloneClusterWriteIdenticalTables(@TempDir Path tmp) throws Exception {
    Path landing = tmp.resolve("landing");
    GroundTruth truth = FleetSimulator.simulate(SimulationConfig.faulty(16, DAYS, 11, DeterminismRun.LAUNCH), landing);
    for (String fault : new String[] {"duplicates", "malformed_json", "corrupt_files", "conflicting_bindings",
        "rebinds", "fraud_devices", "unbound_shares", "clock_skewed_devices", "bad_value", "late_deliveries"}) {
      assertThat(truth.fault(fault)).as(fault + " injected").isPositive();
    }
    Path config = Files.writeString(tmp.resolve("ruleset.yaml"), DeterminismRun.rulesetYaml(DeterminismRun.LAUNCH));
    DevTreasury.Keys keys = DevTreasury.ensure(tmp.resolve("keys"));
    LocalDate last = DeterminismRun.LAUNCH.plusDays(DAYS - 1);
    String[] range = {"--from", DeterminismRun.LAUNCH.toString(), "--to", last.toString(), "--config",
        config.toString()};
    Map<String, String> local;

    // The same days through the shaded jar on a standalone cluster, one spark-submit per job: on local
    // files, and with the warehouse, the landing files and the ingest checkpoint on s3a://. They start
    // first and run while this JVM computes the days itself (they read only the landing files).
    Path home = Path.of("..").toAbsolutePath().normalize();
    Path sparkHome = StandaloneCluster.pinnedSparkHome(home);
    Path jar = SparkSubmit.productionJar();
    assertThat(jar).as("the cli module's shaded jar").isRegularFile();
    List<Path> s3aJars;
    try (Stream<Path> jars = Files.list(home.resolve("dev/target/launcher/s3a"))) {
      s3aJars = jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList();
    }
    assertThat(s3aJars).as("dev/target/launcher/s3a")
        .anyMatch(j -> j.getFileName().toString().startsWith("hadoop-aws-"));
    // Two workers of two cores: the two storages' pipelines run at once, each application on one core
    // of each worker (two one-core executors), so each still spans two worker JVMs.
    try (StandaloneCluster cluster = StandaloneCluster.start(sparkHome, tmp.resolve("cluster"), 0, 2, 2, "2g");
        S3Server s3 = S3Server.start(home, 0, tmp.resolve("s3.log"))) {
      Map<String, String> settings = new LinkedHashMap<>(ChildJvm.sparkSettings());
      settings.put("spark.sql.shuffle.partitions", CLUSTER_PARTITIONS);
      settings.put("spark.cores.max", "2");
      settings.put("spark.executor.cores", "1");
      settings.put("spark.executor.memory", "1g");
      // Short-lived JVMs on tiny days: the client compiler alone, as for every child JVM of the tests
      // (measured here: the four jobs of a 20-contributor day took 105 s instead of 161 s on this cluster).
      // The serial collector too, as for the test children: no parallel GC threads competing on two cores.
      settings.put("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
      settings.put("spark.executor.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

      s3.createBucket("lake");
      try (Stream<Path> walk = Files.walk(landing)) {
        assertThat(s3.upload(landing, "lake", "landing")).isEqualTo(walk.filter(Files::isRegularFile).count());
      }
      Map<String, String> onS3 = new LinkedHashMap<>(settings);
      onS3.putAll(s3.sparkSettings());
      onS3.put("spark.sql.warehouse.dir", "s3a://lake/warehouse");
      Path files = tmp.resolve("cluster-files");
      Path objects = tmp.resolve("cluster-s3");
      ExecutorService both = Executors.newFixedThreadPool(2);
      try {
        Future<?> onFiles = both.submit(() -> runOnCluster(cluster, new SparkSubmit(sparkHome, cluster.confDir(), jar,
            settings, List.of(), files.resolve("logs")), files, landing.toString(), null, range, config, keys, false));
        Future<?> onObjects = both.submit(() -> runOnCluster(cluster, new SparkSubmit(sparkHome, cluster.confDir(),
            jar, onS3, s3aJars, objects.resolve("logs")), objects, "s3a://lake/landing",
            "s3a://lake/checkpoints/ingest", range, config, keys, true));

        // Meanwhile, here: local[2], ingested in micro-batches of 100 files.
        SparkSession spark = SharedSpark.session();
        new CatalogInitializer(spark).initialize(Catalog.ALL);
        // With generated code, as production evaluates a day above spark.bootcloud.smallDayBytes (every
        // other Spark of the tests, the cluster's included, evaluates interpreted: SharedSpark.evaluation).
        spark.conf().set(SmallQueries.SMALL_DAY_BYTES, "0");
        DeterminismRun.Result here;
        try {
          here = SharedSpark.generatedCode(spark, () -> {
            assertThat(spark.conf().get(SmallQueries.FACTORY_MODE)).isEqualTo("FALLBACK");
            return DeterminismRun.run(spark, landing, tmp.resolve("cp"), DAYS, 100);
          });
        } finally {
          spark.conf().unset(SmallQueries.SMALL_DAY_BYTES);
        }
        assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isNotEqualTo(CLUSTER_PARTITIONS);
        assertGroundTruth(spark, truth, here);
        for (int d = 0; d < DAYS; d++) {
          LocalDate day = DeterminismRun.LAUNCH.plusDays(d);
          Map<String, DuckDbReference.Row> duck =
              DuckDbReference.compute(SparkVsDuckDb.inputs(spark, DeterminismRun.ruleset(), day, 2));
          assertThat(duck).as("DuckDB rows on " + day).isNotEmpty();
          assertThat(SparkVsDuckDb.differences(SparkVsDuckDb.sparkRows(spark, day), duck))
              .as("Spark vs DuckDB on " + day).isEmpty();
        }
        CommandLineRun export = CommandLineRun.of(cat(cat("export", range), "--lakehouse",
            SharedSpark.lakehouse().root().toString(), "--exports", tmp.resolve("exports").toString(), "--distributor",
            DISTRIBUTOR, "--keystore", keys.exporter().toString(), "--password-file", keys.passwordFile().toString()));
        assertThat(export.exit()).as(export.out() + export.err()).isZero();
        local = DeterminismRun.hashes(spark, DAYS, name -> name);
        local.putAll(roots(tmp.resolve("exports")));
        assertThat(local.get("gold.daily_rewards")).doesNotStartWith("0:");
        assertThat(local.get("settlement.payout_items")).doesNotStartWith("0:");
        assertThat(local).containsKey("root " + last);

        onFiles.get();
        onObjects.get();
      } finally {
        both.shutdownNow();
      }
      SparkSession spark = SharedSpark.session();
      Map<String, String> filesHashes = DeterminismRun.hashes(spark, DAYS,
          name -> "delta.`" + files.resolve("lakehouse/warehouse").resolve(name.replace(".", ".db/")) + "`");
      filesHashes.putAll(roots(files.resolve("exports")));
      assertThat(filesHashes).as("standalone cluster, local files").isEqualTo(local);

      assertThat(objects.resolve("lakehouse/warehouse")).as("nothing in the local warehouse folder")
          .satisfiesAnyOf(w -> assertThat(w).doesNotExist(), w -> assertThat(w).isEmptyDirectory());
      assertThat(cluster.completedApplications()).as("one application per job").hasSize(JOBS_ON_FILES + JOBS_ON_S3);
      // Read back here through S3A as well.
      s3.sparkSettings().forEach((k, v) -> spark.sparkContext().hadoopConfiguration().set(
          k.substring("spark.hadoop.".length()), v));
      Map<String, String> there = DeterminismRun.hashes(spark, DAYS,
          name -> "delta.`s3a://lake/warehouse/" + name.replace(".", ".db/") + "`");
      there.putAll(roots(objects.resolve("exports")));
      assertThat(there).as("standalone cluster, s3a://").isEqualTo(local);
    }
  }

  /**
   * Init (in local mode), then ingest, dpp, rewards and export of the test's days through {@code submit}, one
   * application each on the cluster ({@code backfill}: ingest, dpp and rewards in one), with the lakehouse
   * (metastore, and the warehouse unless the settings move it) and the exports under {@code dir}; {@code
   * checkpoint} null for the lakehouse's own.
   */
  private static Void runOnCluster(StandaloneCluster cluster, SparkSubmit submit, Path dir, String landing,
      String checkpoint, String[] range, Path config, DevTreasury.Keys keys, boolean backfill) throws Exception {
    String lakehouse = dir.resolve("lakehouse").toString();
    ChildJvm.Exec init = submit.withLocalMaster().run(Duration.ofMinutes(20), "init", "--lakehouse", lakehouse);
    assertThat(init.exit()).as("init\n" + init.out() + tail(init.err())).isZero();
    assertThat(init.err()).as("init ran in local mode").doesNotContain("Granted executor");
    String[] ingestOptions = {"--landing", landing, "--max-files-per-batch", "500", "--lakehouse", lakehouse};
    if (checkpoint != null) {
      ingestOptions = cat(ingestOptions, "--checkpoint", checkpoint);
    }
    String[] export = cat(cat("export", range), "--lakehouse", lakehouse, "--exports", dir.resolve("exports").toString(),
        "--distributor", DISTRIBUTOR, "--keystore", keys.exporter().toString(), "--password-file",
        keys.passwordFile().toString());
    List<String[]> jobs = backfill
        ? List.of(cat(cat("backfill", range), ingestOptions), export)
        : List.of(cat(new String[] {"ingest", "--date", range[3], "--config", config.toString()}, ingestOptions),
            cat(cat("dpp", range), "--lakehouse", lakehouse),
            cat(cat("rewards", range), "--lakehouse", lakehouse),
            export);
    assertThat(jobs).hasSize(backfill ? JOBS_ON_S3 : JOBS_ON_FILES);
    for (String[] job : jobs) {
      // backfill is ingest, dpp and rewards in one application: the three jobs' time.
      ChildJvm.Exec run = submit.run(Duration.ofMinutes(job[0].equals("backfill") ? 45 : 20), job);
      assertThat(run.exit()).as(String.join(" ", job) + "\n" + run.out() + tail(run.err())).isZero();
      assertThat(run.err()).as(job[0] + " ran on the cluster's executors").contains(cluster.masterUrl());
      java.util.regex.Matcher granted = java.util.regex.Pattern.compile("Granted executor ID \\S+ on hostPort (\\S+)")
          .matcher(run.err());
      Set<String> workers = new TreeSet<>();
      while (granted.find()) {
        workers.add(granted.group(1));
      }
      assertThat(workers).as(job[0] + "'s executors, one on each worker").hasSize(2);
    }
    return null;
  }

  /** Each day's Merkle root as its manifest file states it. */
  private static Map<String, String> roots(Path exports) throws Exception {
    Map<String, String> roots = new TreeMap<>();
    for (int d = 0; d < DAYS; d++) {
      LocalDate day = DeterminismRun.LAUNCH.plusDays(d);
      JsonNode manifest = new ObjectMapper().readTree(exports.resolve(day.toString()).resolve(ExportJob.MANIFEST)
          .toFile());
      roots.put("root " + day, manifest.path("merkle_root").asText());
    }
    return roots;
  }

  private static String[] cat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String[] cat(String first, String[] rest) {
    return cat(new String[] {first}, rest);
  }

  private static String tail(String text) {
    return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
  }

  private static void assertGroundTruth(SparkSession spark, GroundTruth truth, DeterminismRun.Result run) {
    Map<String, Long> reasons = new HashMap<>();
    for (Row r : spark.sql("SELECT reason_code, count(*) FROM quarantine.rejected GROUP BY reason_code").collectAsList()) {
      reasons.put(r.getString(0), r.getLong(1));
    }
    assertThat(reasons.getOrDefault("DUPLICATE_EVENT", 0L)).isEqualTo(truth.fault("duplicates"));
    assertThat(reasons.getOrDefault("MALFORMED_JSON", 0L)).isEqualTo(truth.fault("malformed_json"));
    assertThat(reasons.getOrDefault("MISSING_FIELD", 0L)).isEqualTo(truth.fault("missing_field"));
    assertThat(reasons.getOrDefault("BAD_VALUE", 0L)).isEqualTo(truth.fault("bad_value"));
    assertThat(reasons.getOrDefault("BAD_FIELD_TYPE", 0L)).isEqualTo(truth.fault("bad_field_type"));
    assertThat(reasons.getOrDefault("FUTURE_TIMESTAMP", 0L)).isEqualTo(truth.fault("future_timestamps"));
    assertThat(reasons.getOrDefault("BAD_GZIP", 0L)).isEqualTo(truth.fault("corrupt_files"));
    assertThat(reasons.getOrDefault("CONFLICTING_BINDING", 0L)).isEqualTo(truth.fault("conflicting_bindings"));
    assertThat(spark.sql("SELECT count(*) FROM silver.shares").first().getLong(0)).isEqualTo(truth.validShares());
    assertThat(spark.sql("SELECT count(*) FROM silver.heartbeats").first().getLong(0)).isEqualTo(truth.validHeartbeats());

    for (int d = 0; d < DAYS; d++) {
      LocalDate day = DeterminismRun.LAUNCH.plusDays(d);
      DppJob.Summary dpp = run.dpp().get(d);
      assertThat(dpp.unboundShares()).as("unbound shares on " + day)
          .isEqualTo(truth.unboundSharesByDay().getOrDefault(day, 0L));
      Map<String, Long> verified = truth.verifiedDpp().getOrDefault(day, Map.of());
      Map<String, Long> reported = truth.reportedDpp().getOrDefault(day, Map.of());
      Map<String, long[]> got = new HashMap<>();
      for (Row r : spark.sql("SELECT contributor_id, dpp, dpp_reported FROM gold.daily_dpp WHERE day = DATE'" + day + "'")
          .collectAsList()) {
        got.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
      }
      assertThat(got.keySet()).as("contributors on " + day).isEqualTo(union(verified, reported));
      verified.forEach((c, v) -> assertThat(got.get(c)[0]).as(c + " dpp on " + day).isEqualTo(v));
      reported.forEach((c, v) -> assertThat(got.get(c)[1]).as(c + " dpp_reported on " + day).isEqualTo(v));
      RewardsJob.Summary rewards = run.rewards().get(d);
      assertThat(rewards.contributors()).isEqualTo(verified.values().stream().filter(v -> v > 0).count());
      // Year 1 schedules 100,000 BCT a day: whatever is not emitted is recorded as not emitted.
      assertThat(rewards.emitted().add(rewards.notEmitted())).isEqualTo(new BigInteger("100000000000000000000000"));
    }
  }

  private static Set<String> union(Map<String, Long> a, Map<String, Long> b) {
    Set<String> s = new TreeSet<>(a.keySet());
    b.forEach((k, v) -> {
      if (v > 0) {
        s.add(k);
      }
    });
    return s;
  }
}
