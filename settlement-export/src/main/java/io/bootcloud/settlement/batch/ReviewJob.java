package io.bootcloud.settlement.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.rules.BatchReview;
import io.bootcloud.rules.DayInvariants.Check;
import io.bootcloud.rules.DayInvariants;
import io.bootcloud.rules.EmissionSchedule;
import io.bootcloud.rules.RootApproval;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.Ruleset;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bootcloud review}: what treasury needs before approving a day's batch, read from the
 * tables and the export folder (nothing is written): totals against the schedule and the
 * emission ledger, class counts and pool budgets, the largest recipients, new wallets, changes
 * against the day before and the trailing 7 exported days with anomaly flags (thresholds in the
 * operations' {@code review} section), the integrity checks of {@link BatchVerifier}, and how many
 * valid approvals the batch already has.
 */
public final class ReviewJob {

  /** A check of the review: integrity of the files, or agreement with the ledger and schedule. */

  public record Recipient(String wallet, BigInteger amount, BigInteger cumulativeAmount, boolean isNew) {}

  public record Report(
      LocalDate day,
      String merkleRoot,
      String manifestHash,
      String exporter,
      BigInteger scheduled,
      BigInteger emittable,
      BigInteger emitted,
      BigInteger notEmitted,
      BigInteger cumulativeEmitted,
      BigInteger capRemaining,
      BigInteger batchTotal,
      BigInteger batchCumulative,
      long recipients,
      Map<String, Long> countsByClass,
      Map<String, BigInteger> totalsByClass,
      Map<String, BigInteger> poolBudgets,
      List<Recipient> top,
      long newWallets,
      BatchReview.DayFigures previous,
      List<BatchReview.DayFigures> trailing,
      BatchReview.Change totalDayOverDay,
      BatchReview.Change recipientsDayOverDay,
      BatchReview.Change totalVsTrailing,
      BatchReview.Change recipientsVsTrailing,
      List<Check> checks,
      List<String> approvers,
      int approvalsNeeded,
      List<BatchReview.Flag> flags) {

    public boolean checksPassed() {
      return checks.stream().allMatch(Check::passed);
    }
  }

  private final SparkSession spark;
  private final Operations ops;
  private final Path exportRoot;
  private final EmissionSchedule schedule;

  public ReviewJob(SparkSession spark, Ruleset ruleset, Operations ops, Path exportRoot) {
    this.spark = spark;
    this.ops = ops;
    this.exportRoot = exportRoot;
    this.schedule = EmissionSchedule.of(ruleset);
  }

  public Report review(LocalDate day) throws IOException {
    List<Row> batches = DayPartitions.read(spark, Catalog.PAYOUT_BATCHES, day).collectAsList();
    if (batches.isEmpty()) {
      throw new UserException("review --date " + day + ": no exported batch for the day; run 'bootcloud export --date "
          + day + "' first");
    }
    Row b = batches.get(0);
    String manifestHash = b.getAs("manifest_hash");
    String exporter = b.getAs("exporter");
    BigInteger batchTotal = money(b, "total_amount");
    BigInteger batchCumulative = money(b, "cumulative_total");
    long recipients = b.<Long>getAs("recipients");
    Map<String, Long> counts = new TreeMap<>(b.getJavaMap(b.fieldIndex("counts_by_class")));
    Map<String, BigInteger> totals = new TreeMap<>();
    b.<String, java.math.BigDecimal>getJavaMap(b.fieldIndex("totals_by_class"))
        .forEach((k, v) -> totals.put(k, v.toBigIntegerExact()));

    List<Check> checks = new ArrayList<>();
    Path folder = exportRoot.resolve(day.toString());
    RootApproval approval = null;
    if (Files.isDirectory(folder)) {
      BatchVerifier.Result v = BatchVerifier.verify(folder, day, manifestHash, exporter);
      checks.addAll(v.checks());
      approval = v.approval();
    } else {
      checks.add(Check.of("export_folder", false, folder + " is missing"));
    }

    Row l = DayPartitions.read(spark, Catalog.EMISSION_LEDGER, day).first();
    BigInteger emitted = money(l, "emitted");
    BigInteger notEmitted = money(l, "not_emitted");
    BigInteger cumulative = money(l, "cumulative_emitted");
    BigInteger dayEmittable = schedule.emittable(day, cumulative.subtract(emitted));
    checks.add(Check.of("ledger_total", batchTotal.equals(emitted), "batch " + batchTotal + ", ledger " + emitted));
    checks.add(Check.of("ledger_cumulative", batchCumulative.equals(cumulative),
        "batch " + batchCumulative + ", ledger " + cumulative));
    checks.addAll(DayInvariants.ledger(day, schedule, new DayInvariants.Ledger(money(l, "scheduled"), emitted,
        notEmitted, cumulative)));
    Map<String, BigInteger> budgets = new TreeMap<>(Map.of("A", money(l, "pool_a_budget"), "BC",
        money(l, "pool_bc_budget"), "D", money(l, "pool_d_budget")));

    int top = ops.review().topRecipients();
    List<Recipient> largest = new ArrayList<>();
    for (Row r : DayPartitions.read(spark, Catalog.PAYOUT_ITEMS, day).where(col("amount").gt(lit(0)))
        .orderBy(col("amount").desc(), col("wallet")).limit(top).collectAsList()) {
      largest.add(new Recipient(r.getAs("wallet"), money(r, "amount"), money(r, "cumulative_amount"),
          money(r, "amount").equals(money(r, "cumulative_amount"))));
    }
    long newWallets = DayPartitions.read(spark, Catalog.PAYOUT_ITEMS, day)
        .where(col("amount").gt(lit(0)).and(col("amount").equalTo(col("cumulative_amount")))).count();

    List<BatchReview.DayFigures> trailing = new ArrayList<>();
    for (Row r : spark.table(Catalog.PAYOUT_BATCHES.fullName())
        .where(col("day").lt(lit(Date.valueOf(day))).and(col("day").geq(lit(Date.valueOf(day.minusDays(7))))))
        .select("day", "total_amount", "recipients").orderBy(col("day").desc()).collectAsList()) {
      trailing.add(new BatchReview.DayFigures(r.getDate(0).toLocalDate(), r.getDecimal(1).toBigIntegerExact(),
          r.getLong(2)));
    }
    boolean firstBatch = spark.table(Catalog.PAYOUT_BATCHES.fullName()).where(col("day").lt(lit(Date.valueOf(day))))
        .isEmpty();
    BatchReview.DayFigures today = new BatchReview.DayFigures(day, batchTotal, recipients);
    BatchReview.DayFigures previous = trailing.stream().filter(f -> f.day().equals(day.minusDays(1))).findFirst()
        .orElse(null);
    BigInteger topAmount = largest.isEmpty() ? BigInteger.ZERO : largest.get(0).amount();
    List<BatchReview.Flag> flags = new ArrayList<>(BatchReview.flags(ops.review(), today, previous, trailing,
        topAmount, newWallets, firstBatch));
    for (Check c : checks) {
      if (!c.passed()) {
        flags.add(0, new BatchReview.Flag("CHECK_FAILED", c.name() + ": " + c.detail()));
      }
    }

    TreeSet<String> approvers = new TreeSet<>();
    if (approval != null) {
      for (Row r : DayPartitions.read(spark, Catalog.APPROVALS, day).where(col("manifest_hash").equalTo(manifestHash))
          .select("signature").collectAsList()) {
        try {
          approvers.add(ApprovalSignatures.recover(approval, r.getString(0)));
        } catch (IllegalArgumentException unverifiable) {
          flags.add(new BatchReview.Flag("BAD_APPROVAL", "an approval of " + day + " does not verify"));
        }
      }
    }
    return new Report(day, b.getAs("merkle_root"), manifestHash, exporter, money(l, "scheduled"), dayEmittable, emitted,
        notEmitted, cumulative, money(l, "cap_remaining"), batchTotal, batchCumulative, recipients, counts, totals,
        budgets, largest, newWallets, previous, trailing,
        previous == null ? null : BatchReview.change(new java.math.BigDecimal(batchTotal),
            new java.math.BigDecimal(previous.total())),
        previous == null ? null : BatchReview.change(java.math.BigDecimal.valueOf(recipients),
            java.math.BigDecimal.valueOf(previous.recipients())),
        trailing.isEmpty() ? null : BatchReview.change(new java.math.BigDecimal(batchTotal),
            BatchReview.meanTotal(trailing)),
        trailing.isEmpty() ? null : BatchReview.change(java.math.BigDecimal.valueOf(recipients),
            BatchReview.meanRecipients(trailing)),
        checks, new ArrayList<>(approvers), ops.chain().treasuryThreshold(), flags);
  }

  private static BigInteger money(Row r, String column) {
    return r.<java.math.BigDecimal>getAs(column).toBigIntegerExact();
  }
}
