package io.bootcloud.settlement.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.io.RewardRuns;
import io.bootcloud.core.ledger.DayJob;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rules.DayInvariants;
import io.bootcloud.rules.EmissionSchedule;
import io.bootcloud.rules.PayoutBatch;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.InvariantInputs;
import io.bootcloud.settlement.batch.PayoutItemsFile;
import io.bootcloud.settlement.batch.PayoutManifest;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.web3j.crypto.Credentials;

/**
 * {@code bootcloud export}: gold.daily_rewards of a day → settlement.payout_items and
 * settlement.payout_batches, plus an export folder with the items file (Parquet), the canonical
 * manifest and the exporter's EIP-712 signature. Exporting a day again with the same content
 * changes nothing; different content for an exported day is refused.
 */
public final class ExportJob extends DayJob<ExportJob.Summary> {

  public static final String JOB = "export";
  public static final String MANIFEST = "manifest.json";
  public static final String SIGNATURE = "manifest.sig";

  /** What a run did. */
  public record Summary(LocalDate day, PayoutManifest manifest, Path folder, String exporter, boolean wrote) {}

  private final Credentials exporter;
  private final String distributor;
  private final Path exportRoot;

  /** The chain the batch is signed for (the operations' chain.chain_id). */
  private final long chainId;

  public ExportJob(org.apache.spark.sql.SparkSession spark, Ruleset ruleset, Operations ops, RunLedger ledger,
      Credentials exporter, String distributor, Path exportRoot) {
    super(JOB, spark, ruleset, ledger);
    this.chainId = ops.chain().chainId();
    this.exporter = exporter;
    this.distributor = distributor;
    this.exportRoot = exportRoot;
  }

  /** The day's rewards: its payouts are as many rows. */
  @Override
  protected List<TableDef> dayInputs() {
    return List.of(Catalog.DAILY_REWARDS);
  }

  @Override
  protected Summary compute(JobRun run, LocalDate day) throws IOException {
    String rewardsRun = java.util.Optional.ofNullable(RewardRuns.complete(spark, run, List.of(day)).get(day))
        .orElseThrow(() -> new UserException("export --date " + day
        + " needs the complete rewards of " + day + " (every rewards table on one succeeded run, audit.reward_runs); "
        + (run.succeededBefore("rewards") ? "a later rewards run was interrupted; " : "")
        + "run 'bootcloud rewards --date " + day + "' first"));
    Map<String, Long> inputs = new TreeMap<>();
    inputs.put(Catalog.DAILY_REWARDS.fullName(), ledger.recordInput(run, Catalog.DAILY_REWARDS));
    inputs.put(Catalog.EMISSION_LEDGER.fullName(), ledger.recordInput(run, Catalog.EMISSION_LEDGER));

    List<Row> ledgerRows = DayPartitions.read(spark, Catalog.EMISSION_LEDGER, day)
        .where(col("run_id").equalTo(lit(rewardsRun))).selectExpr(InvariantInputs.LEDGER_COLUMNS).collectAsList();
    if (ledgerRows.size() != 1) {
      throw new UserException("export --date " + day + ": gold.emission_ledger has " + ledgerRows.size()
          + " rows for the day, expected 1");
    }
    DayInvariants.Ledger dayLedger = InvariantInputs.ledger(ledgerRows.get(0));
    List<Row> rewardRows = DayPartitions.read(spark, Catalog.DAILY_REWARDS, day)
        .where(col("run_id").equalTo(lit(rewardsRun)))
        .select("contributor_id", "wallet", "class", "amount", "pool", "pool_budget").collectAsList();
    List<String> failing = DayInvariants.failing(DayInvariants.of(day, EmissionSchedule.of(ruleset), dayLedger,
        InvariantInputs.rewards(spark, day, rewardRows)));
    if (!failing.isEmpty()) {
      throw new UserException("export --date " + day + " refused: the day's reward invariants do not hold ("
          + String.join(", ", failing) + " fail; 'bootcloud reconcile --date " + day + "' shows each with its "
          + "values); nothing is exported until they do");
    }
    LocalDate previousDay = previousExport(spark, day);
    if (previousDay == null && !day.equals(ruleset.launchDay())) {
      LocalDate before = day.minusDays(1);
      if (!DayPartitions.read(spark, Catalog.EMISSION_LEDGER, before).isEmpty()) {
        throw new UserException("export --date " + day + " refused: " + before + " has rewards but no exported "
            + "batch; export the days in order (cumulative amounts build on the previous batch)");
      }
    } else if (previousDay != null && !previousDay.equals(day.minusDays(1))
        && !DayPartitions.read(spark, Catalog.EMISSION_LEDGER, day.minusDays(1)).isEmpty()) {
      throw new UserException("export --date " + day + " refused: the last exported day is " + previousDay
          + "; export " + day.minusDays(1) + " first");
    }
    Map<String, BigInteger> previous = cumulativeLeaves(spark, previousDay);
    List<PayoutBatch.Reward> rewards = new ArrayList<>();
    for (Row r : rewardRows) {
      rewards.add(new PayoutBatch.Reward(r.getString(0), r.getString(1), r.getString(2),
          r.getDecimal(3).toBigIntegerExact()));
    }
    PayoutBatch.Batch batch;
    try {
      batch = PayoutBatch.build(day, rewards, previous, dayLedger.emitted(),
          dayLedger.cumulative());
    } catch (IllegalArgumentException e) {
      throw new UserException("export --date " + day + " refused: " + e.getMessage());
    }

    Path folder = exportRoot.resolve(day.toString());
    Path itemsFile = folder.resolve(PayoutItemsFile.NAME);
    String itemsSha = PayoutItemsFile.write(folder.resolve("_" + PayoutItemsFile.NAME + ".new"), batch.items(),
        batch.tree());
    PayoutManifest manifest = manifest(day, batch, inputs, itemsSha);

    List<Row> existing = DayPartitions.read(spark, Catalog.PAYOUT_BATCHES, day)
        .select("manifest_hash", "exporter", "input_versions").collectAsList();
    if (!existing.isEmpty()) {
      Files.deleteIfExists(folder.resolve("_" + PayoutItemsFile.NAME + ".new"));
      // The input tables may have grown since (later days): the same content read at the versions
      // the batch recorded is the same batch.
      // The items are compared as rows, not as file bytes.
      Map<String, Long> recorded = new TreeMap<>(existing.get(0).getJavaMap(2));
      if (Files.exists(itemsFile) && !sameRows(PayoutItemsFile.read(itemsFile), batch)) {
        throw new UserException("export --date " + day + " refused: " + itemsFile + " no longer holds the items of "
            + "the exported batch (altered after export); approve and settle refuse it too. Investigate, then "
            + "restore it from a backup of the export folder");
      }
      String existingSha = Files.exists(itemsFile) ? PayoutItemsFile.sha256(itemsFile) : itemsSha;
      manifest = manifest(day, batch, recorded, existingSha);
      if (existing.get(0).getString(0).equals(manifest.hash())) {
        run.message("day " + day + " already exported with manifest " + manifest.hash() + "; unchanged");
        return new Summary(day, manifest, folder, existing.get(0).getString(1), false);
      }
      throw new UserException("export --date " + day + " refused: the day was exported with manifest "
          + existing.get(0).getString(0) + " and an exported day is immutable; the rewards now give "
          + manifest.hash() + changedFields(folder.resolve(MANIFEST), manifest));
    }
    Files.move(folder.resolve("_" + PayoutItemsFile.NAME + ".new"), itemsFile, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    String signature = ApprovalSignatures.sign(manifest.approval(), exporter);
    writeAtomically(folder.resolve(MANIFEST), manifest.toJson());
    writeAtomically(folder.resolve(SIGNATURE), "{\n  \"signer\": \"" + exporter.getAddress() + "\",\n  \"role\": "
        + "\"exporter\",\n  \"manifest_hash\": \"" + manifest.hash() + "\",\n  \"signature\": \"" + signature
        + "\"\n}\n");

    Date sqlDay = Date.valueOf(day);
    List<Row> items = new ArrayList<>();
    for (PayoutBatch.Item i : batch.items()) {
      items.add(RowFactory.create(sqlDay, i.wallet(), new BigDecimal(i.amount()), new BigDecimal(i.cumulativeAmount()),
          scala.jdk.javaapi.CollectionConverters.asScala(batch.tree().proof(i.wallet())).toSeq(), run.runId()));
    }
    Dataset<Row> itemRows = spark.createDataFrame(items, TableSchemas.structOf(Catalog.PAYOUT_ITEMS));
    Map<String, BigDecimal> totals = new TreeMap<>();
    batch.totalsByClass().forEach((k, v) -> totals.put(k, new BigDecimal(v)));
    Row batchRow = RowFactory.create(sqlDay, manifest.merkleRoot(), new BigDecimal(batch.totalAmount()),
        new BigDecimal(batch.cumulativeTotal()), (long) batch.items().size(), "EXPORTED",
        scala.jdk.javaapi.CollectionConverters.asScala(totals), scala.jdk.javaapi.CollectionConverters.asScala(
            batch.countsByClass()), scala.jdk.javaapi.CollectionConverters.asScala(inputs), itemsSha, manifest.hash(),
        exporter.getAddress(), signature, ruleset.rulesetVersion(), run.runId(), Timestamp.from(run.startedAt()));
    Dataset<Row> batchRows = spark.createDataFrame(List.of(batchRow), TableSchemas.structOf(Catalog.PAYOUT_BATCHES));
    DayPartitions.replaceDay(spark, Catalog.PAYOUT_ITEMS, day, itemRows);
    DayPartitions.replaceDay(spark, Catalog.PAYOUT_BATCHES, day, batchRows);
    ledger.recordOutput(run, Catalog.PAYOUT_ITEMS);
    ledger.recordOutput(run, Catalog.PAYOUT_BATCHES);
    run.count("recipients", batch.items().size());
    run.message("exported " + day + ": root " + manifest.merkleRoot() + ", " + batch.items().size()
        + " wallets, total " + batch.totalAmount() + ", manifest " + manifest.hash());
    return new Summary(day, manifest, folder, exporter.getAddress(), true);
  }

  /** The last day before {@code day} with an exported batch, or null. */
  public static LocalDate previousExport(org.apache.spark.sql.SparkSession spark, LocalDate day) {
    Row r = spark.table(Catalog.PAYOUT_BATCHES.fullName()).where(col("day").lt(lit(Date.valueOf(day))))
        .agg(org.apache.spark.sql.functions.max("day")).first();
    return r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
  }

  /**
   * Each wallet's cumulative amount in the batch of {@code exportedDay} (empty when null): the
   * leaves the next day's batch builds on.
   */
  public static Map<String, BigInteger> cumulativeLeaves(org.apache.spark.sql.SparkSession spark,
      LocalDate exportedDay) {
    Map<String, BigInteger> leaves = new java.util.TreeMap<>();
    if (exportedDay != null) {
      for (Row r : DayPartitions.read(spark, Catalog.PAYOUT_ITEMS, exportedDay)
          .select(col("wallet"), col("cumulative_amount")).collectAsList()) {
        leaves.put(r.getString(0), r.getDecimal(1).toBigIntegerExact());
      }
    }
    return leaves;
  }

  private PayoutManifest manifest(LocalDate day, PayoutBatch.Batch batch, Map<String, Long> versions, String sha) {
    return new PayoutManifest(day, chainId, distributor.toLowerCase(), batch.tree().root(),
        batch.totalAmount(), batch.cumulativeTotal(), batch.items().size(), batch.totalsByClass(),
        batch.countsByClass(), versions, ruleset.rulesetVersion(), PayoutItemsFile.NAME, sha);
  }

  private static boolean sameRows(List<PayoutItemsFile.Row> rows, PayoutBatch.Batch batch) {
    if (rows.size() != batch.items().size()) {
      return false;
    }
    for (int i = 0; i < rows.size(); i++) {
      PayoutItemsFile.Row r = rows.get(i);
      PayoutBatch.Item item = batch.items().get(i);
      if (!r.wallet().equals(item.wallet()) || !r.amount().equals(item.amount())
          || !r.cumulativeAmount().equals(item.cumulativeAmount()) || !r.proof().equals(batch.tree().proof(item.wallet()))) {
        return false;
      }
    }
    return true;
  }

  /** "; changed: field (was X, now Y), ..." against the manifest file on disk, or "" when it cannot be read. */
  private static String changedFields(Path file, PayoutManifest now) {
    try {
      com.fasterxml.jackson.databind.JsonNode was = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(Files.readString(file));
      com.fasterxml.jackson.databind.JsonNode is = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(now.toJson());
      List<String> changed = new ArrayList<>();
      is.fieldNames().forEachRemaining(f -> {
        if (!is.get(f).equals(was.get(f))) {
          changed.add(f + " (was " + was.get(f) + ", now " + is.get(f) + ")");
        }
      });
      return changed.isEmpty() ? "" : "; changed: " + String.join(", ", changed);
    } catch (IOException | RuntimeException unreadable) {
      return "";
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path temp = file.resolveSibling("_" + file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
