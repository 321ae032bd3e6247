package io.bootcloud.dev;

import io.bootcloud.cli.GlobalOptions;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.Lakehouse;
import io.bootcloud.dev.chain.DevTreasury;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.ingestion.IngestReport;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.rules.Units;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.audit.ReconcileJob;
import io.bootcloud.settlement.batch.ApproveJob;
import io.bootcloud.settlement.batch.ExportJob;
import io.bootcloud.settlement.batch.ReviewJob;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.ClaimJob;
import io.bootcloud.settlement.chain.Deployment;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import io.bootcloud.settlement.chain.SettleJob;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.SimulationConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bootcloud demo}: the whole nightly pipeline on the embedded default, end to end: a
 * simulated fleet, a local anvil with the contracts, and for each day ingest, dpp, rewards,
 * export, review, two dev treasury approvals, settle (post; the timelock runs out while the next
 * day is computed; accept) and reconcile; then one wallet claims. Everything it writes lives under {@code var/}; the chain's
 * state is kept in {@code var/chain/anvil-state.json}, so a second run finds every day done and
 * sends nothing.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Simulate a small fleet for a few days and run the whole nightly pipeline on a local anvil: "
        + "ingest, dpp, rewards, export, review, dev treasury approvals, settle, reconcile; then claim for one "
        + "wallet and print a summary. Safe to run again.")
final class DemoCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(names = "--contributors", defaultValue = "40", description = "Simulated contributors (default ${DEFAULT-VALUE}).")
  int contributors;

  @Option(names = "--days", defaultValue = "3", description = "Days from the launch day (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--timelock", defaultValue = "4", paramLabel = "SECONDS",
      description = "Timelock of the demo distributor, so the demo can wait it out (default ${DEFAULT-VALUE}; "
          + "the operations' chain.timelock_seconds is for real deployments).")
  long timelock;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private PrintWriter err;
  private int step;
  private int steps;
  private final long started = System.nanoTime();

  @Override
  public Integer call() throws Exception {
    err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Ruleset ruleset = RulesetLoader.loadDefault();
    Operations ops = RulesetLoader.loadOperations(null);
    Lakehouse lakehouse = global.resolveLakehouse();
    Path var = lakehouse.root().toAbsolutePath().getParent();
    Path landing = var.resolve("demo-landing");
    Path chainDir = var.resolve("chain");
    Path exports = var.resolve("exports");
    LocalDate launch = ruleset.launchDay();
    steps = 5 + days;

    // The fleet's files and the chain do not need Spark: they are made while the session opens and the
    // lakehouse is initialised (the fleet) and while ingest runs (anvil and the contracts).
    boolean reuseLanding = Files.exists(landing.resolve("ground-truth.json"));
    Background<Void> fleet = Background.start("demo-fleet", () -> {
      if (!reuseLanding) {
        FleetSimulator.simulate(SimulationConfig.faulty(contributors, days, seed, launch), landing);
      }
      return null;
    });
    Files.createDirectories(chainDir);
    Background<LocalChain> chainSetup = Background.start("demo-chain",
        () -> LocalChain.start(chainDir, ruleset, ops, timelock));
    List<String[]> summary = new ArrayList<>();
    String claimLine;
    SparkSession spark;
    RunLedger ledger;
    LocalChain local;
    try {
      progress("lakehouse " + lakehouse.root());
      spark = global.openSpark("demo");
      new CatalogInitializer(spark).initialize(Catalog.ALL);
      ledger = new RunLedger(spark);
      // The rows around the demo's days are read once and carried from job to job and day to day.
      ledger.days(launch.datesUntil(launch.plusDays(days)).toList());

      progress("fleet: " + contributors + " contributors, " + days + " days from " + launch + " (seed " + seed + ")");
      if (reuseLanding) {
        err.println("       " + landing + " exists: reusing it");
      }
      fleet.join();

      progress("ingest " + landing);
      // The demo's few hundred small files: one micro-batch under ingest's default limit.
      IngestReport ingest = new IngestJob(spark, ruleset, ledger, err).run(launch,
          new IngestJob.Options(landing.toUri().toString(), lakehouse.root().resolve("checkpoints").resolve("demo-ingest")
              .toAbsolutePath().toUri().toString(), io.bootcloud.ingestion.BatchLimit.DEFAULT));
      err.printf("       %d new files, accepted %s, rejected %s%n", ingest.files(), ingest.accepted(), ingest.rejected());
      err.flush();

      progress("anvil (state in " + chainDir.resolve("anvil-state.json") + "; started while ingest ran)");
      local = chainSetup.join();
    } catch (Exception | Error e) {
      chainSetup.closeWhenDone();
      throw e;
    }
    try (LocalChain closing = local) {
      ChainClient chain = local.chain();
      DevTreasury.Keys keys = local.keys();
      Deployment deployment = local.deployment();
      local.lines().forEach(line -> err.println("       " + line));
      RewardDistributorContract contract = RewardDistributorContract.at(chain, deployment.distributor());
      Credentials exporter = keys.load(keys.exporter());
      Credentials settler = keys.load(keys.settler());

      Pending pending = null;
      for (int d = 0; d < days; d++) {
        LocalDate day = launch.plusDays(d);
        progress("day " + day);
        long t0 = System.nanoTime();
        boolean exported = io.bootcloud.core.io.DayGuards.exported(spark, day);
        if (exported) {
          err.println("       already exported: dpp and rewards stay as they are");
        } else {
          new DppJob(spark, ruleset, ledger).run(day);
          RewardsJob.Summary r = new RewardsJob(spark, ruleset, ledger).run(day);
          err.printf("       dpp and rewards: %d contributors, emitted %s (%s)%n", r.contributors(),
              Units.format(r.emitted()), since(t0));
          t0 = System.nanoTime();
        }
        ExportJob.Summary e = new ExportJob(spark, ruleset, ops, ledger, exporter, contract.address(), exports)
            .run(day);
        ReviewJob.Report review = new ReviewJob(spark, ruleset, ops, exports).review(day);
        err.printf("       export: root %s, %d wallets; review: checks %s, flags %s (%s)%n", e.manifest().merkleRoot(),
            e.manifest().recipients(), review.checksPassed() ? "ok" : "FAILED",
            review.flags().stream().map(f -> f.code()).toList(), since(t0));
        t0 = System.nanoTime();
        for (Path t : keys.treasury().subList(0, ops.chain().treasuryThreshold())) {
          new ApproveJob(spark, ruleset, ledger, keys.load(t), exports).run(day);
        }
        err.printf("       %d treasury approvals (%s)%n", ops.chain().treasuryThreshold(), since(t0));
        // The previous day's root has waited out its timelock while this day was computed: accept it
        // (days are accepted in order) before this day's root is posted.
        if (pending != null) {
          summary.add(accept(pending, spark, ruleset, ledger, contract));
        }
        String d0 = day.toString();
        SettleJob settle = new SettleJob(spark, ruleset, ops, ledger, settler, contract, exports, Duration.ofSeconds(60),
            (action, s, tx) -> {
              if (s.equals("confirmed")) {
                err.printf("       %s %s %s %s%n", d0, action, s, tx);
                err.flush();
              }
            });
        pending = new Pending(day, settle, settle.run(day), e);
      }
      if (pending != null) {
        summary.add(accept(pending, spark, ruleset, ledger, contract));
      }

      progress("claim");
      String wallet = spark.sql("SELECT wallet FROM settlement.payout_items WHERE day = DATE '"
          + launch.plusDays(days - 1) + "' ORDER BY cumulative_amount DESC, wallet LIMIT 1").first().getString(0);
      ClaimJob claims = new ClaimJob(spark, contract);
      ClaimJob.Status status = claims.status(wallet);
      if (status.claimable().signum() > 0) {
        ClaimJob.Claimed c = claims.claim(settler, wallet, Duration.ofSeconds(60));
        claimLine = "claimed " + Units.format(c.received()) + " for " + wallet + " (tx " + c.txHash() + ", gas "
            + c.gasUsed() + "); balance " + Units.format(contract.tokenBalance(wallet));
      } else {
        claimLine = wallet + " has nothing left to claim (claimed " + Units.format(status.claimed())
            + " earlier); balance " + Units.format(contract.tokenBalance(wallet));
      }
    }

    out.println();
    out.printf("%-10s %12s %-11s %-22s %-66s %-66s %s%n", "day", "contributors", "A/B/C/D", "emitted", "root",
        "postRoot tx", "state");
    for (String[] row : summary) {
      out.printf("%-10s %12s %-11s %-22s %-66s %-66s %s%n", (Object[]) row);
    }
    out.println();
    out.println(claimLine);
    out.println();
    String at = global.lakehouse == null ? "" : " --lakehouse " + global.lakehouse;
    out.println("Where to look next:");
    out.println("  ./bootcloud sql" + at + " -e \"SELECT * FROM gold.daily_rewards WHERE day = DATE '" + launch
        + "' ORDER BY amount DESC LIMIT 10\"");
    out.println("  ./bootcloud review" + at + " --date " + launch + "        (what treasury saw)");
    out.println("  ./bootcloud sql" + at + " -e \"SELECT * FROM audit.reconciliation ORDER BY checked_at DESC LIMIT 20\"");
    out.println("  export files:   " + exports);
    out.println("  chain record:   " + chainDir.resolve(Deployment.FILE) + " (anvil stopped; its state is kept)");
    out.println("  notebooks:      notebooks/README.md");
    out.flush();
    return 0;
  }

  /** A day whose root was posted and may still wait out its timelock. */
  private record Pending(LocalDate day, SettleJob settle, SettleJob.Summary posted, ExportJob.Summary export) {}

  /** Accepts {@code p}'s root once its timelock has passed, reconciles the day, and returns its summary row. */
  private String[] accept(Pending p, SparkSession spark, Ruleset ruleset, RunLedger ledger,
      RewardDistributorContract contract) throws Exception {
    LocalDate day = p.day();
    SettleJob.Summary posted = p.posted();
    if (posted.state() == SettleJob.State.POSTED_PENDING) {
      long wait = Math.max(0, Duration.between(Instant.now(), posted.acceptableAt()).toMillis() + 1500);
      if (wait > 0) {
        err.printf("       %s root pending; waiting %.1f s more for the timelock%n", day, wait / 1000.0);
        err.flush();
        Thread.sleep(wait);
      }
      posted = p.settle().run(day);
    }
    long t0 = System.nanoTime();
    ReconcileJob.Summary rec = new ReconcileJob(spark, ruleset, ledger, contract).run(day);
    err.printf("       %s reconcile: %s (%s)%n", day, rec.passed() ? "every check holds" : "a check FAILED", since(t0));
    String tx = spark.sql("SELECT tx_hash FROM settlement.chain_receipts WHERE day = DATE '" + day
        + "' AND action = 'postRoot' AND status = 'CONFIRMED' ORDER BY recorded_at LIMIT 1").collectAsList()
        .stream().map(r -> r.getString(0)).findFirst().orElse("-");
    Row classes = spark.sql("SELECT count_if(class = 'A'), count_if(class = 'B'), count_if(class = 'C'), "
        + "count_if(class = 'D'), count(*) FROM gold.daily_rewards WHERE day = DATE '" + day + "'").first();
    return new String[] {day.toString(), Long.toString(classes.getLong(4)),
        classes.getLong(0) + "/" + classes.getLong(1) + "/" + classes.getLong(2) + "/" + classes.getLong(3),
        Units.format(p.export().manifest().totalAmount()), p.export().manifest().merkleRoot(), tx,
        posted.state() + (rec.passed() ? ", reconcile ok" : ", reconcile FAILED")};
  }

  private static String since(long startNanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }

  private void progress(String what) {
    err.printf("demo [%d/%d] %s (at %.0f s)%n", ++step, steps, what, (System.nanoTime() - started) / 1e9);
    err.flush();
  }

}
