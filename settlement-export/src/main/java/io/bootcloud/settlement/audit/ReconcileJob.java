package io.bootcloud.settlement.audit;

import static org.apache.spark.sql.functions.col;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.ledger.DayJob;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.rules.DayInvariants.Check;
import io.bootcloud.rules.DayInvariants;
import io.bootcloud.rules.EmissionSchedule;
import io.bootcloud.rules.PayoutMerkleTree;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.InvariantInputs;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bootcloud reconcile}: checks a day's DESIGN.md invariants across the gold, settlement
 * and chain state and appends one row per check to audit.reconciliation. The reward invariants
 * are the rules module's {@link DayInvariants} (the schedule and the cap from the ruleset); the
 * batch, chain and §7 allocation checks follow.
 */
public final class ReconcileJob extends DayJob<ReconcileJob.Summary> {

  public static final String JOB = "reconcile";

  public record Summary(LocalDate day, List<Check> checks) {
    public boolean passed() {
      return checks.stream().allMatch(Check::passed);
    }
  }

  private final RewardDistributorContract chain;
  private final EmissionSchedule schedule;

  /** {@code chain} may be null when the day has no batch yet; the schedule is the ruleset's (§4.4.4). */
  public ReconcileJob(SparkSession spark, Ruleset ruleset, RunLedger ledger, RewardDistributorContract chain) {
    super(JOB, spark, ruleset, ledger);
    this.chain = chain;
    this.schedule = EmissionSchedule.of(ruleset);
  }

  /** The day's rewards: its payouts are as many rows. */
  @Override
  protected List<TableDef> dayInputs() {
    return List.of(Catalog.DAILY_REWARDS);
  }

  @Override
  protected Summary compute(JobRun run, LocalDate day) throws Exception {
    for (var t : List.of(Catalog.DAILY_REWARDS, Catalog.EMISSION_LEDGER, Catalog.POPULATION_STATS,
        Catalog.PAYOUT_BATCHES, Catalog.PAYOUT_ITEMS, Catalog.CHAIN_RECEIPTS)) {
      ledger.recordInput(run, t);
    }
    List<Row> ledgerRows = DayPartitions.read(spark, Catalog.EMISSION_LEDGER, day)
        .selectExpr(InvariantInputs.LEDGER_COLUMNS).collectAsList();
    if (ledgerRows.isEmpty()) {
      throw new UserException("reconcile --date " + day + ": no emission ledger for the day; run rewards first");
    }
    DayInvariants.Ledger l = InvariantInputs.ledger(ledgerRows.get(0));
    BigInteger cumulative = l.cumulative();
    List<Row> rewards = DayPartitions.read(spark, Catalog.DAILY_REWARDS, day).select("pool", "pool_budget", "amount")
        .collectAsList();
    List<Check> checks = new ArrayList<>(DayInvariants.of(day, schedule, l,
        InvariantInputs.rewards(spark, day, rewards)));

    List<Row> batch = DayPartitions.read(spark, Catalog.PAYOUT_BATCHES, day)
        .select("merkle_root", "cumulative_total", "total_amount").collectAsList();
    if (!batch.isEmpty()) {
      String root = batch.get(0).getString(0);
      List<PayoutMerkleTree.Leaf> leaves = new ArrayList<>();
      for (Row r : DayPartitions.read(spark, Catalog.PAYOUT_ITEMS, day).select("wallet", "cumulative_amount")
          .collectAsList()) {
        leaves.add(new PayoutMerkleTree.Leaf(r.getString(0), big(r, 1)));
      }
      String recomputed = leaves.isEmpty() ? "(no items)" : PayoutMerkleTree.of(leaves).root();
      checks.add(new Check("root_from_items", recomputed.equals(root), root, recomputed,
          "the Merkle root recomputed from settlement.payout_items equals the batch's"));
      checks.add(Check.equal("batch_cumulative_is_ledger", cumulative, big(batch.get(0), 1),
          "the batch's cumulative total equals the ledger's cumulative emitted"));
      long posts = DayPartitions.read(spark, Catalog.CHAIN_RECEIPTS, day)
          .where(col("action").equalTo("postRoot").and(col("status").equalTo("CONFIRMED")))
          .select("tx_hash").distinct().count();
      checks.add(new Check("posted_at_most_once", posts <= 1, "<= 1", Long.toString(posts),
          "confirmed postRoot transactions for the day"));
      if (chain == null) {
        checks.add(new Check("chain_root", false, root, "(no chain given)", "pass --distributor to compare"));
      } else {
        RewardDistributorContract.Root current = chain.current();
        RewardDistributorContract.Root pending = chain.pending();
        long epochDay = day.toEpochDay();
        if (current.day() == epochDay && !current.isEmpty()) {
          checks.add(new Check("chain_root", current.root().equals(root), root, current.root(),
              "the accepted on-chain root for the day"));
          checks.add(Check.equal("chain_cumulative", big(batch.get(0), 1), current.cumulativeTotal(),
              "the accepted on-chain cumulative total"));
        } else if (pending.postedAt() != 0 && pending.day() == epochDay) {
          checks.add(new Check("chain_root", pending.root().equals(root), root, pending.root(),
              "the pending on-chain root for the day (timelock running)"));
        } else if (!current.isEmpty() && current.day() > epochDay) {
          checks.add(new Check("chain_root", true, root, "(superseded)",
              "a later day " + LocalDate.ofEpochDay(current.day()) + " is accepted; its cumulative root covers this day"));
        } else {
          checks.add(new Check("chain_root", false, root, "(not on chain)", "the day's root is neither pending nor accepted"));
        }
      }
    }

    if (chain != null) {
      checks.addAll(AllocationChecks.of(chain, ruleset.dayStart(ruleset.launchDay()).getEpochSecond(),
          ruleset.miningCapUnits()));
    }

    Timestamp now = Timestamp.from(run.startedAt());
    List<Row> out = new ArrayList<>();
    for (Check c : checks) {
      out.add(RowFactory.create(Date.valueOf(day), c.name(), c.passed(), c.expected(), c.actual(), c.detail(),
          run.runId(), now));
    }
    spark.createDataFrame(out, TableSchemas.structOf(Catalog.RECONCILIATION)).write().format("delta").mode("append")
        .saveAsTable(Catalog.RECONCILIATION.fullName());
    ledger.recordOutput(run, Catalog.RECONCILIATION);
    long failed = checks.stream().filter(c -> !c.passed()).count();
    run.count("checks", checks.size());
    run.count("failed", failed);
    run.message(failed == 0 ? "all " + checks.size() + " checks passed" : failed + " of " + checks.size() + " failed");
    return new Summary(day, checks);
  }

  private static BigInteger big(Row r, int i) {
    return r.getDecimal(i).toBigIntegerExact();
  }
}
