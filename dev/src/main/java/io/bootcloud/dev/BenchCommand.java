package io.bootcloud.dev;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.Lakehouse;
import io.bootcloud.core.spark.SparkSessionFactory;
import io.bootcloud.dev.bench.DuckDbPipeline;
import io.bootcloud.dev.bench.DuckDbReference;
import io.bootcloud.dev.bench.Folders;
import io.bootcloud.dev.bench.PeakMemory;
import io.bootcloud.dev.bench.SparkVsDuckDb;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.ingestion.IngestReport;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.GroundTruth;
import io.bootcloud.testdata.SimulationConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bootcloud bench}: simulates (or reuses) one day of a large fleet, runs ingest, dpp
 * and rewards on a fresh lakehouse, and prints per-stage wall time, events/s and peak RSS.
 * Checks the result against the simulator's ground truth and, unless told not to, against
 * the same computation in DuckDB over the same silver Parquet files, to the base unit.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmark ingest, dpp and rewards on a simulated day and compare with DuckDB.")
final class BenchCommand implements Callable<Integer> {

  /** Shares a contributor's devices submit per day at a share interval of one second (measured on the simulator). */
  private static final double SHARE_SECONDS_PER_CONTRIBUTOR = 106_000;

  @Option(names = "--shares", paramLabel = "N", defaultValue = "10000000",
      description = "About this many share events in the day (default ${DEFAULT-VALUE}; 50000000 for the large day).")
  long shares;

  @Option(names = "--contributors", paramLabel = "N", defaultValue = "100000",
      description = "Contributors (default ${DEFAULT-VALUE}; about 2.5 devices each).")
  int contributors;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Bench folder: reusable landing data and a fresh lakehouse (default var/bench).")
  Path dir;

  @Option(names = "--max-files-per-batch", paramLabel = "N", defaultValue = "64",
      description = "Ingest micro-batch size in files (default ${DEFAULT-VALUE}, as every bench figure in "
          + "docs/benchmarks.md; the ingest command's own default is 512 MiB of files a batch).")
  int maxFiles;

  @Option(names = "--no-duckdb", description = "Skip the DuckDB comparison.")
  boolean noDuckDb;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private record Stage(String name, double seconds, long events, long peakRss) {}

  @Override
  public Integer call() throws Exception {
    if (shares < 1 || contributors < 1) {
      throw new UserException("bench: --shares and --contributors must be positive", UserException.EXIT_USAGE);
    }
    PrintWriter out = spec.commandLine().getOut();
    Ruleset ruleset = RulesetLoader.loadDefault();
    LocalDate day = ruleset.launchDay();
    Path base = dir != null ? dir.toAbsolutePath() : Lakehouse.resolve(null).root().resolveSibling("bench");
    Path landing = base.resolve("landing-c%d-s%d-seed%d".formatted(contributors, shares, seed));
    int shareInterval = (int) Math.max(1, Math.round(SHARE_SECONDS_PER_CONTRIBUTOR * contributors / shares));
    List<Stage> stages = new ArrayList<>();

    GroundTruth truth;
    if (Files.isRegularFile(landing.resolve("ground-truth.json")) && Files.isRegularFile(landing.resolve("ok"))) {
      out.println("bench: reusing " + landing);
      truth = null;
    } else {
      Folders.deleteTree(landing);
      out.printf("bench: simulating %,d contributors, ~%,d shares (share interval %d s) into %s%n", contributors,
          shares, shareInterval, landing);
      out.flush();
      SimulationConfig config = new SimulationConfig(contributors, 1, seed, day, shareInterval, 300, false,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      PeakMemory.reset();
      long t0 = System.nanoTime();
      truth = FleetSimulator.simulate(config, landing, System.err);
      stages.add(new Stage("simulate", seconds(t0), truth.validShares() + truth.validHeartbeats(),
          PeakMemory.peakBytes()));
      Files.writeString(landing.resolve("ok"), "complete\n");
    }
    Map<String, Long> verified = readVerified(landing, day, truth);

    Path lakehousePath = base.resolve("lakehouse");
    Folders.deleteTree(lakehousePath);
    SparkSession spark = SparkSessionFactory.open("bootcloud bench", new Lakehouse(lakehousePath));
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    RunLedger ledger = new RunLedger(spark);
    out.printf("bench: Spark %s, master %s, %d shuffle partitions, max heap %,d MiB, %d cores%n", spark.version(),
        spark.sparkContext().master(), Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")),
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    out.flush();

    PeakMemory.reset();
    long t0 = System.nanoTime();
    IngestReport ingest = new IngestJob(spark, ruleset, ledger, spec.commandLine().getErr())
        .run(day, new IngestJob.Options(landing.toUri().toString(), lakehousePath.resolve("checkpoints/ingest").toUri()
            .toString(), maxFiles));
    stages.add(new Stage("ingest", seconds(t0), ingest.lines(), PeakMemory.peakBytes()));
    long shareRows = ingest.accepted().getOrDefault("share", 0L);

    PeakMemory.reset();
    t0 = System.nanoTime();
    new DppJob(spark, ruleset, ledger).run(day);
    stages.add(new Stage("dpp", seconds(t0), shareRows, PeakMemory.peakBytes()));

    PeakMemory.reset();
    t0 = System.nanoTime();
    new RewardsJob(spark, ruleset, ledger).run(day);
    stages.add(new Stage("rewards", seconds(t0), shareRows, PeakMemory.peakBytes()));

    Map<String, Row> rewards = new HashMap<>();
    for (Row r : spark.sql("SELECT contributor_id, dpp, class, CAST(amount AS STRING) FROM gold.daily_rewards "
        + "WHERE day = DATE '" + day + "'").collectAsList()) {
      rewards.put(r.getString(0), r);
    }
    long truthMismatches = verified.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .filter(e -> !rewards.containsKey(e.getKey()) || rewards.get(e.getKey()).getLong(1) != e.getValue())
        .count() + rewards.keySet().stream().filter(k -> !verified.containsKey(k)).count();
    out.printf("bench: ground truth: %,d contributors with work, %,d rewarded, %d mismatches%n",
        verified.values().stream().filter(v -> v > 0).count(), rewards.size(), truthMismatches);

    double duckSeconds = -1;
    long duckMismatches = 0;
    if (!noDuckDb) {
      DuckDbReference.Inputs inputs = SparkVsDuckDb.inputs(spark, ruleset, day,
          Runtime.getRuntime().availableProcessors());
      PeakMemory.reset();
      t0 = System.nanoTime();
      Map<String, DuckDbReference.Row> duck = DuckDbReference.compute(inputs);
      duckSeconds = seconds(t0);
      stages.add(new Stage("duckdb dpp+rewards", duckSeconds, shareRows, PeakMemory.peakBytes()));
      List<String> differences = SparkVsDuckDb.differences(SparkVsDuckDb.sparkRows(spark, day), duck);
      duckMismatches = differences.size();
      out.printf("bench: DuckDB reference: %,d contributors, %d differ from Spark (any gold.daily_dpp column, "
          + "class or amount)%n", duck.size(), duckMismatches);
      differences.stream().limit(5).forEach(d -> out.println("  " + d));

      // The whole day again by DuckDB alone, from the same landing files, in a JVM of its own.
      if (!ruleset.timeZone().getId().equals("UTC") && !ruleset.timeZone().getId().equals("Z")) {
        throw new UserException("bench: the DuckDB pipeline computes UTC days; this ruleset's days are in "
            + ruleset.timeZone());
      }
      out.println("bench: the DuckDB pipeline (bronze, parse and validate, dedupe, silver, gold) in its own JVM...");
      out.flush();
      DuckDbPipeline.Result pipeline = DuckDbPipeline.inChildJvm(landing, base.resolve("duckdb-pipeline"), inputs,
          ruleset.limits(), java.time.Duration.ofHours(2));
      stages.add(new Stage("duckdb whole day", pipeline.seconds(), ingest.lines(), pipeline.peakRssBytes()));
      List<String> pipelineDifferences = new ArrayList<>(SparkVsDuckDb.differences(SparkVsDuckDb.sparkRows(spark, day),
          pipeline.gold()));
      Row silver = spark.sql("SELECT (SELECT count(*) FROM " + Catalog.SHARES.fullName() + " WHERE day = DATE '" + day
          + "'), (SELECT count(*) FROM " + Catalog.HEARTBEATS.fullName() + " WHERE day = DATE '" + day + "')").first();
      if (silver.getLong(0) != pipeline.shares() || silver.getLong(1) != pipeline.heartbeats()) {
        pipelineDifferences.add("silver rows of " + day + ": Spark " + silver.getLong(0) + " shares, " + silver.getLong(1)
            + " heartbeats; DuckDB " + pipeline.shares() + ", " + pipeline.heartbeats());
      }
      Map<String, Long> quarantined = new java.util.TreeMap<>();
      for (Row r : spark.sql("SELECT reason_code, count(*) FROM " + Catalog.REJECTED.fullName() + " GROUP BY ALL")
          .collectAsList()) {
        quarantined.put(r.getString(0), r.getLong(1));
      }
      if (!quarantined.equals(pipeline.rejected()) || pipeline.lines() != ingest.lines()) {
        pipelineDifferences.add("lines and quarantine: Spark " + ingest.lines() + " lines, " + quarantined + "; DuckDB "
            + pipeline.lines() + " lines, " + pipeline.rejected());
      }
      duckMismatches += pipelineDifferences.size();
      out.printf("bench: DuckDB pipeline: %,d lines, %,d shares, %,d heartbeats, %,d bindings, quarantine %s; "
          + "%d differ from Spark (silver counts, quarantine by reason, any gold column, class or amount)%n",
          pipeline.lines(), pipeline.shares(), pipeline.heartbeats(), pipeline.bindings(), pipeline.rejected(),
          pipelineDifferences.size());
      pipelineDifferences.stream().limit(5).forEach(d -> out.println("  " + d));
    }

    // The jobs' fixed cost: the same two jobs on the next day, which the one-day fleet leaves empty, in
    // the same JVM. What they spend there (guards, run ledger, Delta snapshots and commits, planning)
    // does not depend on the day's size.
    LocalDate next = day.plusDays(1);
    long nextShares = DayPartitions.read(spark, Catalog.SHARES, next).count();
    PeakMemory.reset();
    t0 = System.nanoTime();
    long nextContributors = new DppJob(spark, ruleset, ledger).run(next).contributors();
    stages.add(new Stage("dpp, empty day", seconds(t0), nextShares, PeakMemory.peakBytes()));
    PeakMemory.reset();
    t0 = System.nanoTime();
    new RewardsJob(spark, ruleset, ledger).run(next);
    stages.add(new Stage("rewards, empty day", seconds(t0), nextShares, PeakMemory.peakBytes()));

    out.println();
    out.printf("%-20s %10s %14s %12s %14s%n", "stage", "seconds", "events", "events/s", "peak RSS MiB");
    for (Stage s : stages) {
      out.printf("%-20s %10.1f %,14d %,12.0f %,14d%n", s.name(), s.seconds(), s.events(), s.events() / s.seconds(),
          s.peakRss() < 0 ? -1 : s.peakRss() >> 20);
    }
    double sparkDppRewards = stages.stream().filter(s -> s.name().equals("dpp") || s.name().equals("rewards"))
        .mapToDouble(Stage::seconds).sum();
    if (duckSeconds > 0) {
      out.printf("dpp + rewards: Spark %.1f s, DuckDB %.1f s, ratio %.2f%n", sparkDppRewards, duckSeconds,
          sparkDppRewards / duckSeconds);
    }
    java.util.Optional<Stage> duckDay = stages.stream().filter(s -> s.name().equals("duckdb whole day")).findFirst();
    if (duckDay.isPresent()) {
      List<Stage> sparkDay = stages.stream().filter(s -> List.of("ingest", "dpp", "rewards").contains(s.name()))
          .toList();
      double sparkSeconds = sparkDay.stream().mapToDouble(Stage::seconds).sum();
      long sparkPeak = sparkDay.stream().mapToLong(Stage::peakRss).max().orElse(-1);
      out.printf("whole day (ingest + dpp + rewards): Spark %.1f s, DuckDB pipeline %.1f s, DuckDB/Spark %.2f; "
          + "peak RSS Spark %,d MiB, DuckDB %,d MiB%n", sparkSeconds, duckDay.get().seconds(),
          duckDay.get().seconds() / sparkSeconds, sparkPeak < 0 ? -1 : sparkPeak >> 20,
          duckDay.get().peakRss() < 0 ? -1 : duckDay.get().peakRss() >> 20);
    }
    double fixed = stages.stream().filter(s -> s.name().endsWith(", empty day")).mapToDouble(Stage::seconds).sum();
    out.printf("dpp + rewards on the empty day %s (%,d contributors; the jobs' fixed cost): %.1f s%s%n", next,
        nextContributors, fixed, duckSeconds > 0 ? ", %.2fx DuckDB's whole day".formatted(fixed / duckSeconds) : "");
    out.printf("ingest: %,d lines (%s accepted), %,.0f events/s%n", ingest.lines(), ingest.accepted(),
        ingest.lines() / stages.stream().filter(s -> s.name().equals("ingest")).findFirst().orElseThrow().seconds());
    out.flush();
    return truthMismatches == 0 && duckMismatches == 0 ? 0 : UserException.EXIT_FAILED;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Verified DPP per contributor for the day, from the run's truth or the reused folder's ground-truth.json. */
  private static Map<String, Long> readVerified(Path landing, LocalDate day, GroundTruth truth) throws IOException {
    if (truth != null) {
      return truth.verifiedDpp().getOrDefault(day, Map.of());
    }
    com.fasterxml.jackson.databind.JsonNode days = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(landing.resolve("ground-truth.json").toFile()).path("days").path(day.toString());
    Map<String, Long> out = new HashMap<>();
    days.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("verified_dpp").asLong()));
    return out;
  }

}
