package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.CatalogInitializer;
import io.bootcloud.core.config.Ruleset;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.testing.SharedSpark;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.ingestion.IngestJob;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.settlement.ApproveJob;
import io.bootcloud.settlement.ExportJob;
import io.bootcloud.settlement.ReconcileJob;
import io.bootcloud.settlement.SettleJob;
import io.bootcloud.settlement.chain.Anvil;
import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.DevChainKeys;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.time.Duration;
import io.bootcloud.settlement.Keystores;
import io.bootcloud.settlement.domain.PayoutManifest;
import io.bootcloud.settlement.domain.PayoutMerkleTree;
import io.bootcloud.settlement.io.PayoutItemsFile;
import io.bootcloud.testdata.FleetSimulator;
import io.bootcloud.testdata.SimulationConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

/**
 * Two simulated days through rewards, then export: tables, the Parquet items file read back
 * without Spark, the root recomputed from it, the exporter's signature, cumulative amounts
 * across days, idempotent reruns and the refusals.
 */
class ExportJobTest {

  private static final LocalDate LAUNCH = LocalDate.of(2033, 3, 1);

  @Test
  void exportsSignedCumulativeBatches(@TempDir Path tmp) throws Exception {
    SparkSession spark = SharedSpark.session();
    new CatalogInitializer(spark).initialize(Catalog.ALL);
    Ruleset ruleset = DeterminismChild.ruleset(LAUNCH);
    RunLedger ledger = new RunLedger(spark);
    FleetSimulator.simulate(SimulationConfig.clean(15, 2, 3, LAUNCH), tmp.resolve("landing"));
    new IngestJob(spark, ruleset, ledger, new PrintWriter(new StringWriter())).run(LAUNCH,
        new IngestJob.Options(tmp.resolve("landing").toUri().toString(), tmp.resolve("cp").toUri().toString(), 500));
    for (int d = 0; d < 2; d++) {
      new DppJob(spark, ruleset, ledger).run(LAUNCH.plusDays(d));
      new RewardsJob(spark, ruleset, ledger).run(LAUNCH.plusDays(d));
    }

    ECKeyPair pair = Keys.createEcKeyPair();
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    Path keystore = keys.resolve(WalletUtils.generateWalletFile("exporter-pass", pair, keys.toFile(), false));
    Path password = Files.writeString(tmp.resolve("password"), "exporter-pass\n");
    Credentials exporter = Keystores.load(keystore, password);
    assertThatThrownBy(() -> Keystores.load(keystore, Files.writeString(tmp.resolve("wrong"), "nope")))
        .isInstanceOf(UserException.class).hasMessageContaining("wrong password");
    Path exports = tmp.resolve("exports");
    Credentials alice = Credentials.create(Keys.createEcKeyPair());
    Credentials bob = Credentials.create(Keys.createEcKeyPair());
    try (Anvil anvil = Anvil.start(null, 1); ChainClient chain = new ChainClient(anvil.rpcUrl(), Anvil.CHAIN_ID)) {
      List<Credentials> dev = DevChainKeys.forChain(Anvil.CHAIN_ID);
      List<String> signers = new java.util.ArrayList<>(List.of(alice.getAddress(), bob.getAddress()));
      RewardDistributorContract contract = RewardDistributorContract.deploy(chain, dev.get(0),
          Map.of("early_users", dev.get(1).getAddress(), "foundation", dev.get(1).getAddress(), "private_placement",
              dev.get(1).getAddress(), "founding_team", dev.get(1).getAddress()),
          dev.get(0).getAddress(), dev.get(4).getAddress(), signers, 2, 3600);
      exportApproveSettle(spark, ruleset, ledger, exporter, contract, dev.get(5), alice, bob, exports, anvil);
    }
  }

  private void exportApproveSettle(SparkSession spark, Ruleset ruleset, RunLedger ledger, Credentials exporter,
      RewardDistributorContract contract, Credentials sender, Credentials alice, Credentials bob, Path exports,
      Anvil anvil) throws Exception {
    String DISTRIBUTOR = contract.address();

    assertThatThrownBy(() -> new ExportJob(spark, ruleset, ledger, exporter, DISTRIBUTOR, exports)
        .run(LAUNCH.plusDays(1))).hasMessageContaining(LAUNCH + " has rewards but no exported batch");

    ExportJob.Summary first = new ExportJob(spark, ruleset, ledger, exporter, DISTRIBUTOR, exports).run(LAUNCH);
    assertThat(first.wrote()).isTrue();
    ExportJob.Summary second = new ExportJob(spark, ruleset, ledger, exporter, DISTRIBUTOR, exports)
        .run(LAUNCH.plusDays(1));

    for (ExportJob.Summary s : List.of(first, second)) {
      Path folder = exports.resolve(s.day().toString());
      List<PayoutItemsFile.Row> rows = PayoutItemsFile.read(folder.resolve(PayoutItemsFile.NAME));
      PayoutMerkleTree tree = PayoutMerkleTree.of(rows.stream()
          .map(r -> new PayoutMerkleTree.Leaf(r.wallet(), r.cumulativeAmount())).toList());
      assertThat(tree.root()).isEqualTo(s.manifest().merkleRoot());
      for (PayoutItemsFile.Row r : rows) {
        assertThat(PayoutMerkleTree.verify(s.manifest().merkleRoot(),
            new PayoutMerkleTree.Leaf(r.wallet(), r.cumulativeAmount()), r.proof())).isTrue();
      }
      assertThat(PayoutItemsFile.sha256(folder.resolve(PayoutItemsFile.NAME))).isEqualTo(s.manifest().itemsSha256());
      String manifestText = Files.readString(folder.resolve(ExportJob.MANIFEST));
      assertThat(manifestText).isEqualTo(s.manifest().toJson());
      String sig = Files.readString(folder.resolve(ExportJob.SIGNATURE)).replaceAll("(?s).*\"signature\": \"(0x[0-9a-f]+)\".*", "$1");
      assertThat(s.manifest().approval().recover(sig)).isEqualTo(exporter.getAddress());

      // The day's total equals the emission ledger's; the cumulative total its cumulative.
      Row ledgerRow = spark.sql("SELECT emitted, cumulative_emitted FROM gold.emission_ledger WHERE day = DATE '"
          + s.day() + "'").first();
      assertThat(s.manifest().totalAmount()).isEqualTo(ledgerRow.getDecimal(0).toBigIntegerExact());
      assertThat(s.manifest().cumulativeTotal()).isEqualTo(ledgerRow.getDecimal(1).toBigIntegerExact());
      assertThat(rows.stream().map(PayoutItemsFile.Row::amount).reduce(BigInteger.ZERO, BigInteger::add))
          .isEqualTo(s.manifest().totalAmount());
    }
    // Cumulative per wallet = day 1 + day 2 amounts, from the tables.
    Map<String, BigInteger> day1 = amounts(spark, LAUNCH, "cumulative_amount");
    Map<String, BigInteger> day2Amount = amounts(spark, LAUNCH.plusDays(1), "amount");
    Map<String, BigInteger> day2Cumulative = amounts(spark, LAUNCH.plusDays(1), "cumulative_amount");
    assertThat(day2Cumulative.keySet()).containsAll(day1.keySet());
    day2Cumulative.forEach((w, c) -> assertThat(c)
        .isEqualTo(day1.getOrDefault(w, BigInteger.ZERO).add(day2Amount.getOrDefault(w, BigInteger.ZERO))));

    // Rerun, after the input tables have grown by a later (empty) day: nothing changes; rewards of an
    // exported day are refused.
    new DppJob(spark, ruleset, ledger).run(LAUNCH.plusDays(2));
    new RewardsJob(spark, ruleset, ledger).run(LAUNCH.plusDays(2));
    long version = ledger.currentVersion(Catalog.PAYOUT_BATCHES);
    ExportJob.Summary again = new ExportJob(spark, ruleset, ledger, exporter, DISTRIBUTOR, exports).run(LAUNCH);
    assertThat(again.wrote()).isFalse();
    assertThat(again.manifest().hash()).isEqualTo(first.manifest().hash());
    assertThat(ledger.currentVersion(Catalog.PAYOUT_BATCHES)).isEqualTo(version);
    assertThatThrownBy(() -> new RewardsJob(spark, ruleset, ledger).run(LAUNCH)).isInstanceOf(UserException.class);
    // Another distributor would change the signed manifest of an exported day: refused.
    assertThatThrownBy(() -> new ExportJob(spark, ruleset, ledger, exporter, "0x" + "9".repeat(40), exports)
        .run(LAUNCH)).hasMessageContaining("immutable");
    assertThat(PayoutManifest.SCHEMA).isEqualTo("bootcloud.payout-manifest/1");

    // Treasury approvals: two members approve; the same member twice records nothing new.
    SettleJob settle = new SettleJob(spark, ruleset, ledger, sender, contract, exports, Duration.ofSeconds(60));
    assertThat(new ApproveJob(spark, ruleset, ledger, alice, exports).run(LAUNCH).wrote()).isTrue();
    assertThatThrownBy(() -> settle.run(LAUNCH)).hasMessageContaining("1 valid treasury approval(s)");
    ApproveJob.Summary twice = new ApproveJob(spark, ruleset, ledger, alice, exports).run(LAUNCH);
    assertThat(twice.wrote()).isFalse();
    assertThat(new ApproveJob(spark, ruleset, ledger, bob, exports).run(LAUNCH).approvals()).isEqualTo(2);
    List<Row> approvals = spark.sql("SELECT signer, signature FROM settlement.approvals WHERE day = DATE '" + LAUNCH
        + "' ORDER BY signer").collectAsList();
    assertThat(approvals).hasSize(2);
    for (Row r : approvals) {
      assertThat(first.manifest().approval().recover(r.getString(1))).isEqualTo(r.getString(0));
    }

    // Settle: posted and pending; a rerun sends nothing; after the timelock it is accepted, once.
    SettleJob.Summary posted = settle.run(LAUNCH);
    assertThat(posted.state()).isEqualTo(SettleJob.State.POSTED_PENDING);
    assertThat(posted.transactions()).hasSize(1);
    assertThat(settle.run(LAUNCH).transactions()).isEmpty();
    assertThat(contract.pending().root()).isEqualTo(first.manifest().merkleRoot());
    org.web3j.protocol.http.HttpService http = new org.web3j.protocol.http.HttpService(anvil.rpcUrl());
    new org.web3j.protocol.core.Request<>("evm_increaseTime", List.of(3600), http,
        org.web3j.protocol.core.Response.class).send();
    new org.web3j.protocol.core.Request<>("evm_mine", List.of(), http, org.web3j.protocol.core.Response.class).send();
    SettleJob.Summary accepted = settle.run(LAUNCH);
    assertThat(accepted.state()).isEqualTo(SettleJob.State.ACCEPTED);
    assertThat(accepted.transactions()).hasSize(1);
    assertThat(settle.run(LAUNCH).transactions()).isEmpty();
    assertThat(contract.current().root()).isEqualTo(first.manifest().merkleRoot());
    assertThat(contract.current().cumulativeTotal()).isEqualTo(first.manifest().cumulativeTotal());
    assertThat(spark.sql("SELECT count(DISTINCT tx_hash) FROM settlement.chain_receipts WHERE day = DATE '" + LAUNCH
        + "' AND status = 'CONFIRMED'").first().getLong(0)).isEqualTo(2);
    // One wallet claims its cumulative amount with the proof from the table.
    Row item = spark.sql("SELECT wallet, cumulative_amount, proof FROM settlement.payout_items WHERE day = DATE '"
        + LAUNCH + "' ORDER BY wallet LIMIT 1").first();
    contract.send(sender, RewardDistributorContract.claimData(item.getString(0), item.getDecimal(1).toBigIntegerExact(),
        item.getList(2)));
    assertThat(contract.tokenBalance(item.getString(0))).isEqualTo(item.getDecimal(1).toBigIntegerExact());

    // Reconcile: every invariant of the settled day holds; a wrong schedule is caught.
    io.bootcloud.rewards.domain.EmissionSchedule schedule = io.bootcloud.rewards.domain.EmissionSchedule.of(ruleset);
    ReconcileJob.Summary ok = new ReconcileJob(spark, ruleset, ledger, contract, schedule::scheduled,
        schedule::emittable, schedule.cap()).run(LAUNCH);
    assertThat(ok.checks()).extracting(ReconcileJob.Check::name).contains("pool_A_exact", "pool_BC_exact",
        "day_total_is_emitted", "emitted_plus_not_emitted", "schedule", "cap", "one_class_each", "root_from_items",
        "batch_cumulative_is_ledger", "posted_at_most_once", "chain_root", "chain_cumulative");
    assertThat(ok.checks()).allMatch(ReconcileJob.Check::passed, "every check passes");
    ReconcileJob.Summary wrong = new ReconcileJob(spark, ruleset, ledger, contract,
        d -> schedule.scheduled(d).add(BigInteger.ONE), (d, before) -> schedule.emittable(d, before).add(BigInteger.ONE),
        schedule.cap()).run(LAUNCH);
    assertThat(wrong.checks()).filteredOn(c -> !c.passed()).extracting(ReconcileJob.Check::name)
        .containsExactlyInAnyOrder("schedule", "emitted_plus_not_emitted");
    assertThat(spark.sql("SELECT count(*) FROM audit.reconciliation WHERE day = DATE '" + LAUNCH + "' AND NOT passed")
        .first().getLong(0)).isEqualTo(2);

    // A tampered items file: the batch no longer verifies and approval is refused, naming the check.
    Path items = exports.resolve(LAUNCH.plusDays(1).toString()).resolve(PayoutItemsFile.NAME);
    byte[] bytes = Files.readAllBytes(items);
    bytes[bytes.length / 2] ^= 1;
    Files.write(items, bytes);
    assertThatThrownBy(() -> new ApproveJob(spark, ruleset, ledger, alice, exports).run(LAUNCH.plusDays(1)))
        .isInstanceOf(UserException.class).hasMessageContaining("items_sha256");
    // A manifest edited by hand no longer matches the hash the table recorded.
    Path manifest = exports.resolve(LAUNCH.toString()).resolve(ExportJob.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replace("\"recipients\": ", "\"recipients\":  "));
    assertThatThrownBy(() -> new ApproveJob(spark, ruleset, ledger, bob, exports).run(LAUNCH))
        .hasMessageContaining("manifest_hash");
  }

  private static Map<String, BigInteger> amounts(SparkSession spark, LocalDate day, String column) {
    Map<String, BigInteger> m = new java.util.TreeMap<>();
    for (Row r : spark.sql("SELECT wallet, " + column + " FROM settlement.payout_items WHERE day = DATE '" + day + "'")
        .collectAsList()) {
      m.put(r.getString(0), r.getDecimal(1).toBigIntegerExact());
    }
    return m;
  }
}
