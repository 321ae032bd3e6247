package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dev.chain.Anvil;
import io.bootcloud.dev.chain.DevTreasury;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.rules.DayInvariants;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.audit.ReconcileJob;
import io.bootcloud.settlement.batch.ApproveJob;
import io.bootcloud.settlement.batch.ExportJob;
import io.bootcloud.settlement.batch.PayoutItemsFile;
import io.bootcloud.settlement.batch.ReviewJob;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.ClaimJob;
import io.bootcloud.settlement.chain.Deployment;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import io.bootcloud.settlement.chain.SettleJob;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.SimulationConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Three consecutive simulated days exported, reviewed, approved by two of three dev treasury
 * members, settled on a real anvil and claimed, with a fault on each day's settlement:
 * <ul>
 *   <li>day 1: the settle run dies right after each of its durable steps in turn (signed and
 *       recorded, broadcast, mined, confirmed), for the post and for the accept; every rerun
 *       continues from the table and the chain, and exactly one postRoot and one acceptRoot
 *       are ever sent;</li>
 *   <li>day 2: mining is paused, the postRoot gets no receipt and is replaced at its nonce with
 *       a fee bump; exactly one of the two is mined;</li>
 *   <li>day 3: an {@code anvil_reorg} drops the postRoot's block before its confirmations: the
 *       day is not marked settled, and the rerun resubmits the same signed bytes.</li>
 * </ul>
 * One wallet claims after day 1 and again after day 3 and receives exactly the difference. No
 * private key appears in any table, export file or progress line. {@code bootcloud replay} of the
 * three settled days reproduces them and a changed pool split gives the expected differences
 * ({@link ReplayChecks}).
 *
 * <p>One scenario on one chain, in order: each day is a test named for the fault it survives, and
 * what holds over the three settled days (audit views, replay, gas, no key written) is a test each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettlementLifecycleTest {

  private static final LocalDate LAUNCH = LocalDate.of(2034, 6, 1);

  /** Stands for the process dying at a step: nothing after it runs, nothing in memory survives. */
  static final class Killed extends Error {
    Killed(String step) {
      super("killed after " + step);
    }
  }

  private static SparkSession spark;
  private static Ruleset ruleset;
  private static RunLedger ledger;
  @TempDir
  static Path tmp;
  private static DevTreasury.Keys keys;
  private static Credentials exporter;
  private static Credentials settler;
  private static List<Credentials> treasury;
  private static Path exports;
  private static Anvil anvil;
  private static ChainClient chain;
  private static RewardDistributorContract contract;
  private static HttpService http;
  /** Every settle progress line of the scenario (checked for private keys at the end). */
  private static final List<String> progress = new ArrayList<>();
  private static final Map<String, Long> gas = new TreeMap<>();
  private static String claimant;
  private static BigInteger claimedAfterDay1;

  /** Two days computed, dev keystores, a fresh anvil with the contracts deployed (2-of-3 treasury, 1 h timelock). */
  @BeforeAll
  static void twoComputedDaysAndADeployedChain() throws Exception {
    spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    ruleset = DeterminismRun.ruleset(LAUNCH);
    ledger = new RunLedger(spark);
    FleetSimulator.simulate(SimulationConfig.clean(10, 3, 21, LAUNCH), tmp.resolve("landing"));
    new IngestJob(spark, ruleset, ledger, new PrintWriter(new StringWriter())).run(LAUNCH,
        new IngestJob.Options(tmp.resolve("landing").toUri().toString(), tmp.resolve("cp").toUri().toString(), 500));
    for (int d = 0; d < 2; d++) {
      new DppJob(spark, ruleset, ledger).run(LAUNCH.plusDays(d));
      new RewardsJob(spark, ruleset, ledger).run(LAUNCH.plusDays(d));
    }
    keys = DevTreasury.ensure(tmp.resolve("keys"));
    exporter = keys.load(keys.exporter());
    settler = keys.load(keys.settler());
    treasury = keys.treasury().stream().map(keys::load).toList();
    exports = tmp.resolve("exports");
    anvil = Anvil.start(null, Duration.ofMillis(250));
    chain = new ChainClient(anvil.rpcUrl(), Anvil.CHAIN_ID);
    Deployment deployment = DevTreasury.deploy(chain, anvil.rpcUrl(), keys, 2, 3600,
        ruleset.dayStart(LAUNCH).getEpochSecond(), ruleset.miningCapUnits());
    assertThat(deployment.signers()).hasSize(3);
    contract = RewardDistributorContract.at(chain, deployment.distributor());
    http = new HttpService(anvil.rpcUrl());
  }

  @AfterAll
  static void stopTheChain() throws Exception {
    if (chain != null) {
      chain.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  @Order(1)
  void aKeystoreRefusesAWrongPassword() {
    assertThatThrownBy(() -> io.bootcloud.settlement.chain.Keystores.load(keys.exporter(),
        Files.writeString(tmp.resolve("wrong"), "nope"))).isInstanceOf(UserException.class)
        .hasMessageContaining("wrong password");
  }

  @Test
  @Order(2)
  void exportRefusesADayWhoseDayBeforeHasNoBatch() {
    assertThatThrownBy(() -> new ExportJob(spark, ruleset, ExportChecks.OPS, ledger, exporter, contract.address(), exports)
        .run(LAUNCH.plusDays(1))).hasMessageContaining(LAUNCH + " has rewards but no exported batch");
  }

  /** Day 1: settle dies after each durable step in turn, for the post and for the accept; a wallet claims. */
  @Test
  @Order(3)
  void day1SettleKilledAfterEveryDurableStepSendsOnePostAndOneAccept() throws Exception {
    settleTheDay(0);
  }

  /** Day 2: the postRoot gets no receipt and is replaced at its nonce; the accept is killed as kill -9. */
  @Test
  @Order(4)
  void day2AStuckPostIsReplacedAtItsNonceAndExactlyOneIsMined() throws Exception {
    settleTheDay(1);
  }

  /** Day 3: a reorg drops the postRoot before its confirmations; the rerun resubmits; the wallet claims the rest. */
  @Test
  @Order(5)
  void day3AReorgBeforeConfirmationsLeavesTheDayUnsettledUntilTheRerun() throws Exception {
    settleTheDay(2);
  }

  @Test
  @Order(6)
  void theAuditViewsTellTheSameStoryAsTheTablesAndFiles() throws Exception {
    auditViewsTellTheSameStory(spark, claimant, exports);
  }

  @Test
  @Order(7)
  void replayWithTheSameRulesReproducesEverySettledDay() throws Exception {
    ReplayChecks.sameRulesReproduceEverySettledDay(spark, tmp, LAUNCH, 3);
  }

  @Test
  @Order(8)
  void replayWithAChangedPoolSplitGivesTheExpectedDifferences() throws Exception {
    ReplayChecks.aChangedPoolSplitGivesTheExpectedDifferences(spark, tmp, LAUNCH, 3);
  }

  @Test
  @Order(9)
  void everyChainCallRecordsItsGas() {
    System.out.println("GAS " + gas);
    assertThat(gas).containsKeys("postRoot day 1", "acceptRoot day 3", "claim first", "claim later");
    assertThat(gas.values()).allMatch(g -> g > 21_000);
  }

  @Test
  @Order(10)
  void noPrivateKeyAppearsInAnyTableExportFileKeystoreOrProgressLine() throws Exception {
    List<String> secrets = new ArrayList<>();
    for (Credentials c : List.of(exporter, settler, treasury.get(0), treasury.get(1), treasury.get(2))) {
      secrets.add(Numeric.toHexStringNoPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64));
    }
    StringBuilder written = new StringBuilder(String.join("\n", progress));
    for (TableDef t : Catalog.ALL) {
      for (Row r : spark.sql("SELECT * FROM " + t.fullName()).collectAsList()) {
        written.append(r.mkString("|")).append('\n');
      }
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(tmp.resolve("landing"))).toList()) {
        written.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    String all = written.toString().toLowerCase();
    for (String s : secrets) {
      assertThat(all.contains(s)).as("a private key appears in what the jobs wrote").isFalse();
    }
  }

  /**
   * One day through every stage (export, review, approve, settle with the day's fault, accept,
   * reconcile, claim), with the day's lifecycle state asserted after each.
   */
  private static void settleTheDay(int d) throws Exception {
    LocalDate day = LAUNCH.plusDays(d);
    if (d == 2) {
      new DppJob(spark, ruleset, ledger).run(day);
      new RewardsJob(spark, ruleset, ledger).run(day);
    }
    assertThat(lifecycle(spark, day)).isEqualTo("COMPUTED");
    ExportJob.Summary exported = new ExportJob(spark, ruleset, ExportChecks.OPS, ledger, exporter, contract.address(), exports)
        .run(day);
    assertThat(exported.wrote()).isTrue();
    assertThat(lifecycle(spark, day)).isEqualTo("EXPORTED");
    ExportChecks.filesMatchTablesAndLedger(spark, exported, exporter);
    if (d > 0) {
      ExportChecks.cumulativeIsPreviousPlusToday(spark, day);
    }
    if (d == 2) {
      ExportChecks.rerunsAndRefusals(spark, ruleset, ledger, exporter, contract.address(), exports, LAUNCH);
    }
    ReviewJob.Report before = new ReviewJob(spark, ruleset, ExportChecks.OPS, exports).review(day);
    assertThat(before.checksPassed()).as(before.checks().toString()).isTrue();
    assertThat(before.approvers()).isEmpty();
    assertThat(before.batchTotal()).isEqualTo(before.emitted()).isEqualTo(exported.manifest().totalAmount());
    assertThat(before.recipients()).isEqualTo(exported.manifest().recipients());
    assertThat(before.previous() == null).isEqualTo(d == 0);
    assertThat(before.flags()).extracting(f -> f.code()).doesNotContain("CHECK_FAILED");
    // New wallets, counted independently: paid today, absent from the day before's batch.
    long newWallets = d == 0 ? before.recipients() : spark.sql("SELECT count(*) FROM settlement.payout_items "
        + "WHERE day = DATE '" + day + "' AND amount > 0 AND wallet NOT IN (SELECT wallet FROM "
        + "settlement.payout_items WHERE day = DATE '" + day.minusDays(1) + "')").first().getLong(0);
    assertThat(before.newWallets()).isEqualTo(newWallets);

    // Two of the three treasury members approve (a different pair each day); one approval is not enough,
    // and the same member approving twice records nothing new.
    assertThat(new ApproveJob(spark, ruleset, ledger, treasury.get(d % 3), exports).run(day).wrote()).isTrue();
    if (d == 0) {
      assertThatThrownBy(() -> settle(spark, ruleset, ledger, settler, contract, exports, day, progress))
          .hasMessageContaining("1 valid treasury approval(s)");
      assertThat(new ApproveJob(spark, ruleset, ledger, treasury.get(0), exports).run(day).wrote()).isFalse();
    }
    assertThat(new ApproveJob(spark, ruleset, ledger, treasury.get((d + 1) % 3), exports).run(day).approvals())
        .isEqualTo(2);
    assertThat(lifecycle(spark, day)).isEqualTo("APPROVED");
    ExportChecks.approvalsRecoverToTheirSigners(spark, day, exported);
    JsonNode review = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ReviewCommand.toJson(
        new ReviewJob(spark, ruleset, ExportChecks.OPS, exports).review(day)).toString());
    assertThat(review.path("approvals").path("signers")).hasSize(2);
    assertThat(review.path("totals").path("batch_total").asText())
        .isEqualTo(exported.manifest().totalAmount().toString());
    assertThat(review.path("checks_passed").asBoolean()).isTrue();
    if (d == 1) {
      // The terminal form, through the command line, in this JVM (same session and lakehouse).
      StringWriter text = new StringWriter();
      picocli.CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(text));
      Path rulesetFile = tmp.resolve("ruleset.yaml");
      try (java.io.InputStream in = io.bootcloud.core.config.RulesetLoader.class.getResourceAsStream(
          io.bootcloud.core.config.RulesetLoader.DEFAULT_RESOURCE)) {
        Files.writeString(rulesetFile, new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .replace("launch_day: \"2026-01-01\"", "launch_day: \"" + LAUNCH + "\""));
      }
      int exit = cl.execute("review", "--date", day.toString(), "--config", rulesetFile.toString(), "--lakehouse",
          SharedSpark.lakehouse().root().toString(), "--exports", exports.toString());
      assertThat(exit).as(text.toString()).isZero();
      assertThat(text.toString()).contains("Payout batch " + day, "Approvals: 2 of 2 needed", "ok   merkle_root",
          "ok   exporter_signature", "total vs day before", "new wallets: " + before.newWallets() + " of ");
    }

    long nonceBefore = nonce(chain, settler);
    // The read-only state the DAG's timelock wait polls, at each stage (it never sends: the nonces below).
    SettleJob reader = new SettleJob(spark, ruleset, ExportChecks.OPS, ledger, null, contract, exports, Duration.ofSeconds(30));
    assertThat(reader.status(day).state()).isEqualTo("NOT_POSTED");
    switch (d) {
      case 0 -> killAfterEveryStep(spark, ruleset, ledger, settler, contract, exports, day, progress);
      case 1 -> stuckThenReplaced(spark, ruleset, ledger, settler, contract, exports, day, http, progress);
      default -> reorgedBeforeConfirmations(spark, ruleset, ledger, settler, contract, exports, day, http,
          progress);
    }
    assertThat(contract.pending().root()).isEqualTo(exported.manifest().merkleRoot());
    assertThat(nonce(chain, settler)).as("one postRoot sent for " + day).isEqualTo(nonceBefore + 1);
    SettleJob.Status pending = reader.status(day);
    assertThat(pending.state()).isEqualTo("PENDING");
    assertThat(pending.root()).isEqualTo(exported.manifest().merkleRoot());
    assertThat(pending.acceptableAt()).isAfter(pending.chainTime());
    assertThat(lifecycle(spark, day)).isEqualTo("POSTED");
    rpc(http, "evm_increaseTime", 3600);
    rpc(http, "evm_mine");
    assertThat(reader.status(day).state()).isEqualTo("ACCEPTABLE");
    if (d == 0) {
      killAfterEveryStep(spark, ruleset, ledger, settler, contract, exports, day, progress);
    } else if (d == 1) {
      SettleKillChecks.killedAcceptConverges(spark, tmp, LAUNCH, day, contract, anvil.rpcUrl(), keys, exports,
          exported.manifest().merkleRoot(), () -> {
            try {
              return nonce(chain, settler);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }, () -> settle(spark, ruleset, ledger, settler, contract, exports, day, progress));
    } else {
      assertThat(settle(spark, ruleset, ledger, settler, contract, exports, day, progress).state())
          .isEqualTo(SettleJob.State.ACCEPTED);
    }
    assertThat(nonce(chain, settler)).as("one acceptRoot sent for " + day).isEqualTo(nonceBefore + 2);
    assertThat(contract.current().root()).isEqualTo(exported.manifest().merkleRoot());
    assertThat(contract.current().cumulativeTotal()).isEqualTo(exported.manifest().cumulativeTotal());
    assertThat(reader.status(day).state()).isEqualTo("ACCEPTED");
    assertThat(lifecycle(spark, day)).isEqualTo("ACCEPTED");
    // Rerun after acceptance: nothing sent.
    assertThat(settle(spark, ruleset, ledger, settler, contract, exports, day, progress).transactions()).isEmpty();
    assertThat(confirmed(spark, day, "postRoot")).isEqualTo(1);
    assertThat(confirmed(spark, day, "acceptRoot")).isEqualTo(1);
    gas.put("postRoot day " + (d + 1), gasUsed(spark, day, "postRoot"));
    gas.put("acceptRoot day " + (d + 1), gasUsed(spark, day, "acceptRoot"));

    ReconcileJob.Summary rec = new ReconcileJob(spark, ruleset, ledger, contract).run(day);
    assertThat(rec.checks()).extracting(DayInvariants.Check::name).contains("pool_A_exact", "pool_BC_exact",
        "day_total_is_emitted", "emitted_plus_not_emitted", "schedule", "cap", "one_class_each", "root_from_items",
        "batch_cumulative_is_ledger", "posted_at_most_once", "chain_root", "chain_cumulative", "allocation_mining",
        "allocation_founding_team", "founding_team_vesting", "allocation_total", "mining_line_funds_distributor");
    assertThat(rec.checks()).allMatch(DayInvariants.Check::passed, "every reconcile check passes");
    assertThat(lifecycle(spark, day)).isEqualTo("RECONCILED");
    if (d == 2) {
      ExportChecks.reconcileCatchesAWrongSchedule(spark, ruleset, ledger, contract, day);
      assertThat(lifecycle(spark, day)).as("its latest reconcile failed").isEqualTo("ACCEPTED");
      ExportChecks.tamperedFilesAreRefused(spark, ruleset, ledger, treasury.get(0), exporter, contract.address(),
          exports, day);
    }

    ClaimJob claims = new ClaimJob(spark, contract);
    if (d == 0) {
      // The wallet with the largest amount on day 1 (it earns on later days too).
      claimant = spark.sql("SELECT wallet FROM settlement.payout_items WHERE day = DATE '" + day
          + "' ORDER BY amount DESC, wallet LIMIT 1").first().getString(0);
      ClaimJob.Claimed first = claims.claim(settler, claimant, Duration.ofSeconds(30));
      claimedAfterDay1 = first.before().cumulativeAmount();
      assertThat(first.received()).isEqualTo(claimedAfterDay1).isPositive();
      assertThat(claims.status(claimant).claimable()).isZero();
      assertThatThrownBy(() -> claims.claim(settler, claimant(spark, day), Duration.ofSeconds(30)))
          .isInstanceOf(UserException.class).hasMessageContaining("nothing to claim");
      gas.put("claim first", first.gasUsed());
    }
    if (d == 2) {
      ClaimJob.Status status = claims.status(claimant);
      BigInteger cumulative3 = amount(spark, day, claimant, "cumulative_amount");
      assertThat(status.cumulativeAmount()).isEqualTo(cumulative3);
      assertThat(status.claimable()).isEqualTo(cumulative3.subtract(claimedAfterDay1)).isPositive();
      ClaimJob.Claimed later = claims.claim(settler, claimant, Duration.ofSeconds(30));
      assertThat(later.received()).isEqualTo(cumulative3.subtract(claimedAfterDay1));
      assertThat(contract.tokenBalance(claimant)).isEqualTo(cumulative3);
      gas.put("claim later", later.gasUsed());
    }
  }

  /** The checked-in audit views over the three settled days, against the tables and the export files. */
  private static void auditViewsTellTheSameStory(SparkSession spark, String claimant, Path exports) throws IOException {
    List<Row> invariants = spark.sql("SELECT day, all_hold, contributors FROM audit.daily_invariants WHERE day "
        + "BETWEEN DATE '" + LAUNCH + "' AND DATE '" + LAUNCH.plusDays(2) + "' ORDER BY day").collectAsList();
    assertThat(invariants).hasSize(3).allMatch(r -> r.getBoolean(1));
    for (Row r : invariants) {
      assertThat(r.getLong(2)).isEqualTo(spark.sql("SELECT count(*) FROM gold.daily_rewards WHERE day = DATE '"
          + r.getDate(0) + "'").first().getLong(0));
    }
    assertThat(spark.sql("SELECT count(*) FROM audit.emission_schedule WHERE day BETWEEN DATE '" + LAUNCH
        + "' AND DATE '" + LAUNCH.plusDays(2) + "' AND export_matches_ledger AND scheduled = "
        + "100000000000000000000000").first().getLong(0)).isEqualTo(3);
    LocalDate last = LAUNCH.plusDays(2);
    Row statement = spark.sql("SELECT amount, cumulative_amount, merkle_root, pro_rata_display, pool_budget, class "
        + "FROM audit.contributor_statement WHERE day = DATE '" + last + "' AND wallet = '" + claimant + "'").first();
    assertThat(statement.getDecimal(0).toBigIntegerExact()).isEqualTo(amount(spark, last, claimant, "amount"));
    assertThat(statement.getDecimal(1).toBigIntegerExact()).isEqualTo(amount(spark, last, claimant, "cumulative_amount"));
    assertThat(Files.readString(exports.resolve(last.toString()).resolve(ExportJob.MANIFEST)))
        .contains("\"merkle_root\": \"" + statement.getString(2) + "\"");
    // The amount is the pro-rata share rounded down, plus at most one unit.
    assertThat(Math.abs(statement.getDecimal(0).doubleValue() - statement.getDouble(3)))
        .isLessThanOrEqualTo(1.0 + statement.getDouble(3) * 1e-12);
    // Reconciliation: the latest result per check; on the last day the deliberately wrong schedule ran last.
    assertThat(spark.sql("SELECT count(*) FROM audit.settlement_reconciliation WHERE day < DATE '" + last
        + "' AND day >= DATE '" + LAUNCH + "' AND NOT passed").first().getLong(0)).isZero();
    assertThat(spark.sql("SELECT check_name FROM audit.settlement_reconciliation WHERE day = DATE '" + last
        + "' AND NOT passed ORDER BY check_name").collectAsList().stream().map(r -> r.getString(0)).toList())
        .containsExactly("emitted_plus_not_emitted", "schedule");
  }

  /** Day 1: a run dies after each durable step once; reruns finish the job without sending anything twice. */
  private static void killAfterEveryStep(SparkSession spark, Ruleset ruleset, RunLedger ledger, Credentials settler,
      RewardDistributorContract contract, Path exports, LocalDate day, List<String> progress) throws Exception {
    Set<String> killedAt = new HashSet<>();
    SettleJob.Summary done = null;
    for (int run = 0; run < 20 && done == null; run++) {
      SettleJob job = new SettleJob(spark, ruleset, ExportChecks.OPS, ledger, settler, contract, exports, Duration.ofSeconds(30),
          (action, step, tx) -> {
            progress.add(action + " " + step + " " + tx);
            if (killedAt.add(action + " " + step)) {
              throw new Killed(action + " " + step);
            }
          });
      try {
        done = job.run(day);
      } catch (Killed expected) {
        // the next run starts from what the table and the chain hold
      }
    }
    assertThat(done).as("settle finished within 20 runs").isNotNull();
    String action = done.state() == SettleJob.State.ACCEPTED ? "acceptRoot" : "postRoot";
    assertThat(killedAt).contains(action + " signed", action + " rebroadcast", action + " confirmed");
  }

  /** Day 2: no block is mined; the postRoot is replaced at its nonce with higher fees; only one is mined. */
  private static void stuckThenReplaced(SparkSession spark, Ruleset ruleset, RunLedger ledger, Credentials settler,
      RewardDistributorContract contract, Path exports, LocalDate day, HttpService http, List<String> progress)
      throws Exception {
    rpc(http, "evm_setIntervalMining", 0);
    rpc(http, "evm_setAutomine", false);
    List<String> hashes = new ArrayList<>();
    SettleJob.Summary s = new SettleJob(spark, ruleset, ExportChecks.OPS, ledger, settler, contract, exports, Duration.ofSeconds(3),
        (action, step, tx) -> {
          progress.add(action + " " + step + " " + tx);
          if (step.equals("broadcast") || step.equals("broadcast replacement")) {
            hashes.add(tx);
          }
          if (step.equals("broadcast replacement")) {
            try {
              rpc(http, "evm_setIntervalMining", 1);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
        }).run(day);
    assertThat(s.state()).isEqualTo(SettleJob.State.POSTED_PENDING);
    assertThat(hashes).hasSize(2).doesNotHaveDuplicates();
    ChainClient chain = contract.chain();
    assertThat(chain.receipt(hashes.get(0))).as("the stuck transaction is never mined").isEmpty();
    assertThat(chain.receipt(hashes.get(1))).isPresent();
    assertThat(s.transactions()).containsExactly(hashes.get(1));
    assertThat(spark.sql("SELECT count(*) FROM settlement.chain_receipts WHERE day = DATE '" + day
        + "' AND tx_hash = '" + hashes.get(0) + "' AND status = 'REPLACED'").first().getLong(0)).isEqualTo(1);
  }

  /** Day 3: the postRoot's block is reorganised away before 2 confirmations: not settled; the rerun resubmits. */
  private static void reorgedBeforeConfirmations(SparkSession spark, Ruleset ruleset, RunLedger ledger,
      Credentials settler, RewardDistributorContract contract, Path exports, LocalDate day, HttpService http,
      List<String> progress) throws Exception {
    // A tampered items file first: settle refuses before touching the chain.
    Path items = exports.resolve(day.toString()).resolve(PayoutItemsFile.NAME);
    byte[] original = Files.readAllBytes(items);
    byte[] tampered = original.clone();
    tampered[tampered.length / 2] ^= 1;
    Files.write(items, tampered);
    assertThatThrownBy(() -> settle(spark, ruleset, ledger, settler, contract, exports, day, progress))
        .isInstanceOf(UserException.class).hasMessageContaining("items_sha256");
    Files.write(items, original);

    List<String> mined = new ArrayList<>();
    assertThatThrownBy(() -> new SettleJob(spark, ruleset, ExportChecks.OPS, ledger, settler, contract, exports, Duration.ofSeconds(30),
        (action, step, tx) -> {
          progress.add(action + " " + step + " " + tx);
          if (step.equals("mined")) {
            mined.add(tx);
            try {
              // Blocks keep coming (every 250 ms): reorganise from the tx's block to the head, plus one.
              long minedIn = contract.chain().receipt(tx).orElseThrow().getBlockNumber().longValueExact();
              long head = contract.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
              rpc(http, "anvil_reorg", head - minedIn + 2, List.of());
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
        }).run(day)).isInstanceOf(UserException.class).hasMessageContaining("reorganised away");
    assertThat(mined).hasSize(1);
    assertThat(contract.chain().receipt(mined.get(0))).isEmpty();
    assertThat(contract.pending().postedAt()).as("the root is gone with the block").isZero();
    assertThat(confirmed(spark, day, "postRoot")).as("not marked settled").isZero();
    SettleJob.Summary rerun = settle(spark, ruleset, ledger, settler, contract, exports, day, progress);
    assertThat(rerun.state()).isEqualTo(SettleJob.State.POSTED_PENDING);
    assertThat(rerun.transactions()).containsExactly(mined.get(0));
  }

  private static SettleJob.Summary settle(SparkSession spark, Ruleset ruleset, RunLedger ledger, Credentials settler,
      RewardDistributorContract contract, Path exports, LocalDate day, List<String> progress) throws Exception {
    return new SettleJob(spark, ruleset, ExportChecks.OPS, ledger, settler, contract, exports, Duration.ofSeconds(30),
        (action, step, tx) -> progress.add(action + " " + step + " " + tx)).run(day);
  }

  /** The day's state in audit.day_lifecycle. */
  private static String lifecycle(SparkSession spark, LocalDate day) {
    return spark.sql("SELECT state FROM audit.day_lifecycle WHERE day = DATE '" + day + "'").first().getString(0);
  }

  private static long confirmed(SparkSession spark, LocalDate day, String action) {
    return spark.sql("SELECT count(DISTINCT tx_hash) FROM settlement.chain_receipts WHERE day = DATE '" + day
        + "' AND action = '" + action + "' AND status = 'CONFIRMED'").first().getLong(0);
  }

  private static long gasUsed(SparkSession spark, LocalDate day, String action) {
    return spark.sql("SELECT max(gas_used) FROM settlement.chain_receipts WHERE day = DATE '" + day
        + "' AND action = '" + action + "' AND status = 'CONFIRMED'").first().getLong(0);
  }

  private static BigInteger amount(SparkSession spark, LocalDate day, String wallet, String column) {
    return spark.sql("SELECT " + column + " FROM settlement.payout_items WHERE day = DATE '" + day + "' AND wallet = '"
        + wallet + "'").first().getDecimal(0).toBigIntegerExact();
  }

  private static String claimant(SparkSession spark, LocalDate day) {
    return spark.sql("SELECT wallet FROM settlement.payout_items WHERE day = DATE '" + day
        + "' ORDER BY amount DESC, wallet LIMIT 1").first().getString(0);
  }

  private static long nonce(ChainClient chain, Credentials c) throws IOException {
    return chain.web3j().ethGetTransactionCount(c.getAddress(), DefaultBlockParameterName.LATEST).send()
        .getTransactionCount().longValueExact();
  }

  private static void rpc(HttpService http, String method, Object... params) throws IOException {
    Response<?> r = new Request<>(method, List.of(params), http, Response.class).send();
    if (r.hasError()) {
      throw new IOException(method + ": " + r.getError().getMessage());
    }
  }
}
