package io.bootcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.rules.config.Operations;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.rules.DayInvariants;
import io.bootcloud.rules.PayoutMerkleTree;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.audit.ReconcileJob;
import io.bootcloud.settlement.batch.ApprovalSignatures;
import io.bootcloud.settlement.batch.ApproveJob;
import io.bootcloud.settlement.batch.ExportJob;
import io.bootcloud.settlement.batch.PayoutItemsFile;
import io.bootcloud.settlement.batch.PayoutManifest;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.web3j.crypto.Credentials;

/**
 * What an exported batch must satisfy, checked from its files read back without Spark and
 * against the tables: used by {@link SettlementLifecycleTest} on every day it exports.
 */
final class ExportChecks {

  /** The shipped operational settings: a local anvil chain, 2 confirmations, 2-of-3 treasury. */
  static final Operations OPS = RulesetLoader.loadOperations(null);

  private ExportChecks() {}

  /** The items file, its root and proofs, its SHA-256, the manifest text, the exporter's signature, the ledger. */
  static void filesMatchTablesAndLedger(SparkSession spark, ExportJob.Summary s, Credentials exporter)
      throws Exception {
    Path folder = s.folder();
    List<PayoutItemsFile.Row> rows = PayoutItemsFile.read(folder.resolve(PayoutItemsFile.NAME));
    PayoutMerkleTree tree = PayoutMerkleTree.of(rows.stream()
        .map(r -> new PayoutMerkleTree.Leaf(r.wallet(), r.cumulativeAmount())).toList());
    assertThat(tree.root()).isEqualTo(s.manifest().merkleRoot());
    for (PayoutItemsFile.Row r : rows) {
      assertThat(PayoutMerkleTree.verify(s.manifest().merkleRoot(),
          new PayoutMerkleTree.Leaf(r.wallet(), r.cumulativeAmount()), r.proof())).isTrue();
    }
    assertThat(PayoutItemsFile.sha256(folder.resolve(PayoutItemsFile.NAME))).isEqualTo(s.manifest().itemsSha256());
    assertThat(Files.readString(folder.resolve(ExportJob.MANIFEST))).isEqualTo(s.manifest().toJson());
    String sig = Files.readString(folder.resolve(ExportJob.SIGNATURE))
        .replaceAll("(?s).*\"signature\": \"(0x[0-9a-f]+)\".*", "$1");
    assertThat(ApprovalSignatures.recover(s.manifest().approval(), sig)).isEqualTo(exporter.getAddress());
    assertThat(PayoutManifest.SCHEMA).isEqualTo("bootcloud.payout-manifest/1");
    // The day's total equals the emission ledger's; the cumulative total its cumulative.
    Row ledgerRow = spark.sql("SELECT emitted, cumulative_emitted FROM gold.emission_ledger WHERE day = DATE '"
        + s.day() + "'").first();
    assertThat(s.manifest().totalAmount()).isEqualTo(ledgerRow.getDecimal(0).toBigIntegerExact());
    assertThat(s.manifest().cumulativeTotal()).isEqualTo(ledgerRow.getDecimal(1).toBigIntegerExact());
    assertThat(rows.stream().map(PayoutItemsFile.Row::amount).reduce(BigInteger.ZERO, BigInteger::add))
        .isEqualTo(s.manifest().totalAmount());
  }

  /** Cumulative per wallet = the day before's cumulative + today's amount, from the tables. */
  static void cumulativeIsPreviousPlusToday(SparkSession spark, LocalDate day) {
    Map<String, BigInteger> before = amounts(spark, day.minusDays(1), "cumulative_amount");
    Map<String, BigInteger> today = amounts(spark, day, "amount");
    Map<String, BigInteger> cumulative = amounts(spark, day, "cumulative_amount");
    assertThat(cumulative.keySet()).containsAll(before.keySet());
    cumulative.forEach((w, c) -> assertThat(c)
        .isEqualTo(before.getOrDefault(w, BigInteger.ZERO).add(today.getOrDefault(w, BigInteger.ZERO))));
  }

  /** After later days grew the input tables: the first day's export reruns unchanged; changing it is refused. */
  static void rerunsAndRefusals(SparkSession spark, Ruleset ruleset, RunLedger ledger, Credentials exporter,
      String distributor, Path exports, LocalDate first) throws Exception {
    String recorded = spark.sql("SELECT manifest_hash FROM settlement.payout_batches WHERE day = DATE '" + first + "'")
        .first().getString(0);
    long version = ledger.currentVersion(Catalog.PAYOUT_BATCHES);
    ExportJob.Summary again = new ExportJob(spark, ruleset, OPS, ledger, exporter, distributor, exports).run(first);
    assertThat(again.wrote()).isFalse();
    assertThat(again.manifest().hash()).isEqualTo(recorded);
    assertThat(ledger.currentVersion(Catalog.PAYOUT_BATCHES)).isEqualTo(version);
    assertThatThrownBy(() -> new RewardsJob(spark, ruleset, ledger).run(first)).isInstanceOf(UserException.class);
    // Another distributor would change the signed manifest of an exported day: refused.
    assertThatThrownBy(() -> new ExportJob(spark, ruleset, OPS, ledger, exporter, "0x" + "9".repeat(40), exports)
        .run(first)).hasMessageContaining("immutable");
  }

  static void approvalsRecoverToTheirSigners(SparkSession spark, LocalDate day, ExportJob.Summary s) {
    List<Row> approvals = spark.sql("SELECT signer, signature FROM settlement.approvals WHERE day = DATE '" + day
        + "' ORDER BY signer").collectAsList();
    assertThat(approvals).hasSize(2);
    for (Row r : approvals) {
      assertThat(ApprovalSignatures.recover(s.manifest().approval(), r.getString(1))).isEqualTo(r.getString(0));
    }
  }

  /** A schedule one unit off fails exactly the two checks that depend on it, recorded in audit.reconciliation. */
  static void reconcileCatchesAWrongSchedule(SparkSession spark, Ruleset ruleset, RunLedger ledger,
      RewardDistributorContract contract, LocalDate day) throws Exception {
    // The same rules but for a daily emission one BCT larger: reconcile's schedule is the ruleset's.
    Ruleset wrongRules;
    try (java.io.InputStream in = io.bootcloud.core.config.RulesetLoader.class.getResourceAsStream(
        io.bootcloud.core.config.RulesetLoader.DEFAULT_RESOURCE)) {
      wrongRules = io.bootcloud.core.config.RulesetLoader.parse(new String(in.readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8).replace("initial_daily_bct: 100000", "initial_daily_bct: 100001"),
          "wrong schedule").withLaunchDay(ruleset.launchDay());
    }
    ReconcileJob.Summary wrong = new ReconcileJob(spark, wrongRules, ledger, contract).run(day);
    assertThat(wrong.checks()).filteredOn(c -> !c.passed()).extracting(DayInvariants.Check::name)
        .containsExactlyInAnyOrder("schedule", "emitted_plus_not_emitted");
    assertThat(spark.sql("SELECT count(*) FROM audit.reconciliation WHERE day = DATE '" + day + "' AND NOT passed")
        .first().getLong(0)).isEqualTo(2);
  }

  /**
   * A flipped byte in the items file, or a manifest edited by hand: approval is refused, naming
   * the check; items rewritten with one amount changed: a re-export refuses.
   */
  static void tamperedFilesAreRefused(SparkSession spark, Ruleset ruleset, RunLedger ledger, Credentials member,
      Credentials exporter, String distributor, Path exports, LocalDate day) throws Exception {
    Path items = exports.resolve(day.toString()).resolve(PayoutItemsFile.NAME);
    byte[] original = Files.readAllBytes(items);
    byte[] bytes = original.clone();
    bytes[bytes.length / 2] ^= 1;
    Files.write(items, bytes);
    assertThatThrownBy(() -> new ApproveJob(spark, ruleset, ledger, member, exports).run(day))
        .isInstanceOf(UserException.class).hasMessageContaining("items_sha256");
    Files.write(items, original);
    // Items rewritten with one amount changed (a valid file): a re-export refuses.
    List<PayoutItemsFile.Row> rows = PayoutItemsFile.read(items);
    Path edited = items.resolveSibling("edited.parquet");
    PayoutItemsFile.Row first = rows.get(0);
    List<io.bootcloud.rules.PayoutBatch.Item> changed = new java.util.ArrayList<>();
    for (PayoutItemsFile.Row r : rows) {
      changed.add(new io.bootcloud.rules.PayoutBatch.Item(r.wallet(),
          r == first ? r.amount().add(BigInteger.ONE) : r.amount(), r.cumulativeAmount()));
    }
    PayoutItemsFile.write(edited, changed, PayoutMerkleTree.of(changed.stream()
        .map(i -> new PayoutMerkleTree.Leaf(i.wallet(), i.cumulativeAmount())).toList()));
    Files.move(edited, items, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> new ExportJob(spark, ruleset, OPS, ledger, exporter, distributor, exports).run(day))
        .isInstanceOf(UserException.class).hasMessageContaining("no longer holds the items");
    Files.write(items, original);
    Path manifest = exports.resolve(day.toString()).resolve(ExportJob.MANIFEST);
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.replace("\"recipients\": ", "\"recipients\":  "));
    assertThatThrownBy(() -> new ApproveJob(spark, ruleset, ledger, member, exports).run(day))
        .hasMessageContaining("manifest_hash");
    Files.writeString(manifest, text);
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
