package io.bootcloud.cli.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.io.RewardRuns;
import io.bootcloud.dpp.DppJob;
import io.bootcloud.rewards.RewardsJob;
import io.bootcloud.rewards.transform.RewardInputs;
import io.bootcloud.rules.DayRewards;
import io.bootcloud.rules.EmissionSchedule;
import io.bootcloud.rules.PayoutBatch;
import io.bootcloud.rules.config.Ruleset;
import io.bootcloud.settlement.batch.ExportJob;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bootcloud replay}: recomputes past days' DPP, rewards and payout root from the Delta
 * versions their runs recorded in {@code audit.job_runs} (time travel), under a given ruleset, and
 * compares with what was recorded. It reads only: nothing is written to any table.
 */
public final class Replay {

  private final SparkSession spark;
  private final RulesetHistory rulesets;

  /** Replays each day under the version of {@code rulesets} in force on it (one forced file: that one). */
  public Replay(SparkSession spark, RulesetHistory rulesets) {
    this.spark = spark;
    this.rulesets = rulesets;
  }

  /** What the replay of one day carries to the next: its cumulative emission and, when exported, its leaves. */
  private record Carry(LocalDate day, BigInteger cumulativeEmitted, Map<String, BigInteger> cumulativeByWallet) {}

  /** Replays {@code days} in order; each later day builds on the replayed cumulative amounts of the one before. */
  public List<DayComparison.Day> days(List<LocalDate> days, java.util.function.Consumer<DayComparison.Day> progress) {
    List<DayComparison.Day> out = new ArrayList<>();
    Carry carry = null;
    for (LocalDate day : days) {
      Carry previous = carry != null && carry.day().equals(day.minusDays(1)) ? carry : null;
      DayResult r = day(day, previous);
      carry = r.carry();
      out.add(r.day());
      progress.accept(r.day());
    }
    return out;
  }

  private record DayResult(DayComparison.Day day, Carry carry) {}

  private DayResult day(LocalDate day, Carry previous) {
    Ruleset ruleset = rulesets.forDay(day);
    EmissionSchedule schedule = EmissionSchedule.of(ruleset);
    List<Row> batch = DayPartitions.read(spark, Catalog.PAYOUT_BATCHES, day)
        .select("merkle_root", "input_versions").collectAsList();
    String recordedRoot = batch.isEmpty() ? null : batch.get(0).getString(0);
    Map<String, Long> batchVersions = batch.isEmpty() ? Map.of() : batch.get(0).getJavaMap(1);
    Long rewardsVersion = batchVersions.get(Catalog.DAILY_REWARDS.fullName());

    // The rewards run the batch was built from (the rows of the day at the version it read), else the complete run.
    Dataset<Row> recordedRewards = rewardsVersion != null
        ? DayPartitions.readAt(spark, Catalog.DAILY_REWARDS, day, rewardsVersion)
        : DayPartitions.read(spark, Catalog.DAILY_REWARDS, day);
    String rewardsRun = rewardsVersion != null ? onlyRun(recordedRewards, day, Catalog.DAILY_REWARDS)
        : RewardRuns.complete(spark, day).orElseThrow(() -> new UserException("replay: " + day
            + " has no complete rewards run to compare with (audit.reward_runs); run 'bootcloud rewards --date " + day
            + "' first, or leave the day out of the range"));
    Map<String, Long> rewardsInputs = inputsOf(rewardsRun, "rewards", day);
    long dppVersion = required(rewardsInputs, Catalog.DAILY_DPP, rewardsRun);
    long walletsVersion = required(rewardsInputs, Catalog.CONTRIBUTOR_WALLETS, rewardsRun);
    long ledgerVersion = required(rewardsInputs, Catalog.EMISSION_LEDGER, rewardsRun);

    Dataset<Row> recordedDpp = DayPartitions.readAt(spark, Catalog.DAILY_DPP, day, dppVersion);
    String dppRun = onlyRun(recordedDpp, day, Catalog.DAILY_DPP);
    Map<String, Long> dppInputs = inputsOf(dppRun, "dpp", day);
    Map<String, Long> versions = new TreeMap<>(dppInputs);
    versions.putAll(rewardsInputs);

    // Recorded side.
    Map<String, long[]> recordedDppRows = dppRows(recordedDpp);
    Map<String, DayComparison.Outcome> recordedRewardRows = new HashMap<>();
    for (Row r : recordedRewards.where(col("run_id").equalTo(lit(rewardsRun)))
        .select("contributor_id", "class", "wallet", "amount").collectAsList()) {
      recordedRewardRows.put(r.getString(0), new DayComparison.Outcome(null, null, r.getString(1), r.getString(2),
          r.getDecimal(3).toBigIntegerExact()));
    }
    Row recordedLedger = onlyRow(DayPartitions.read(spark, Catalog.EMISSION_LEDGER, day)
        .where(col("run_id").equalTo(lit(rewardsRun))).select("emitted", "ruleset_version"), day,
        Catalog.EMISSION_LEDGER);

    // Replayed side: dpp from the silver versions the dpp run read, rewards from the wallets it read.
    DppJob.Inputs dayInputs = DppJob.Inputs.at(spark, ruleset, day, required(dppInputs, Catalog.SHARES, dppRun),
        required(dppInputs, Catalog.HEARTBEATS, dppRun), required(dppInputs, Catalog.DEVICE_BINDINGS, dppRun));
    Dataset<Row> replayedDpp = DppJob.daily(ruleset, DppJob.attributed(ruleset, day, dayInputs), dayInputs).cache();
    Map<String, long[]> replayedDppRows;
    List<DayRewards.Input> inputs;
    try {
      replayedDppRows = dppRows(replayedDpp);
      inputs = RewardsJob.inputs(replayedDpp, ruleset);
    } finally {
      replayedDpp.unpersist();
    }
    BigInteger before = previous != null ? previous.cumulativeEmitted()
        : cumulativeBefore(day, ledgerVersion, ruleset.launchDay());
    DayRewards.Result result = DayRewards.compute(inputs, schedule.emittable(day, before), ruleset.pools(),
        ruleset.emptyPoolPolicy());
    Map<String, String> wallets = new HashMap<>();
    for (Row r : RewardInputs.walletsAt(DayPartitions.tableAt(spark, Catalog.CONTRIBUTOR_WALLETS, walletsVersion),
        Timestamp.from(ruleset.dayEnd(day))).collectAsList()) {
      wallets.put(r.getString(0), r.getString(1));
    }
    Map<String, DayComparison.Outcome> replayedRewardRows = new HashMap<>();
    List<PayoutBatch.Reward> payouts = new ArrayList<>();
    for (DayRewards.Reward r : result.rewards()) {
      String wallet = wallets.get(r.contributorId());
      replayedRewardRows.put(r.contributorId(), new DayComparison.Outcome(null, null, r.rewardClass().name(), wallet,
          r.amount()));
      payouts.add(new PayoutBatch.Reward(r.contributorId(), wallet, r.rewardClass().name(), r.amount()));
    }
    BigInteger emitted = result.budgets().emitted();
    BigInteger cumulative = before.add(emitted);

    // The batch rebuilt from the replayed amounts on top of the cumulative leaves before it.
    String replayedRoot = null;
    String rootNote = "";
    Map<String, BigInteger> leaves = null;
    if (recordedRoot != null) {
      Map<String, BigInteger> previousLeaves = previous != null && previous.cumulativeByWallet() != null
          ? previous.cumulativeByWallet() : ExportJob.cumulativeLeaves(spark, ExportJob.previousExport(spark, day));
      try {
        PayoutBatch.Batch rebuilt = PayoutBatch.build(day, payouts, previousLeaves, emitted, cumulative);
        replayedRoot = rebuilt.tree().root();
        leaves = new TreeMap<>();
        for (PayoutBatch.Item i : rebuilt.items()) {
          leaves.put(i.wallet(), i.cumulativeAmount());
        }
      } catch (IllegalArgumentException e) {
        rootNote = "no batch can be built from the replayed amounts: " + e.getMessage();
      }
    }
    Map<String, DayComparison.Outcome> recordedSide = DayComparison.outcomes(recordedDppRows, recordedRewardRows);
    Map<String, DayComparison.Outcome> replayedSide = DayComparison.outcomes(replayedDppRows, replayedRewardRows);
    DayComparison.Day compared = new DayComparison.Day(day, recordedLedger.getString(1), ruleset.rulesetVersion(),
        rewardsRun, dppRun, versions, replayedSide.size(), DayComparison.differences(recordedSide, replayedSide),
        recordedLedger.getDecimal(0).toBigIntegerExact(), emitted, recordedRoot, replayedRoot, rootNote);
    return new DayResult(compared, new Carry(day, cumulative, leaves));
  }

  /** Cumulative emission before {@code day} as the ledger of day − 1 held it at the version the rewards run read. */
  private BigInteger cumulativeBefore(LocalDate day, long ledgerVersion, LocalDate launchDay) {
    if (!day.isAfter(launchDay)) {
      return BigInteger.ZERO;
    }
    List<Row> rows = DayPartitions.readAt(spark, Catalog.EMISSION_LEDGER, day.minusDays(1), ledgerVersion)
        .select("cumulative_emitted").collectAsList();
    if (rows.size() != 1) {
      throw new UserException("replay " + day + ": gold.emission_ledger version " + ledgerVersion + " holds "
          + rows.size() + " rows for " + day.minusDays(1) + ", expected 1 (the cumulative emission the day built on)");
    }
    return rows.get(0).getDecimal(0).toBigIntegerExact();
  }

  private static Map<String, long[]> dppRows(Dataset<Row> daily) {
    Map<String, long[]> rows = new HashMap<>();
    for (Row r : daily.select("contributor_id", "dpp", "dpp_reported").collectAsList()) {
      rows.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    return rows;
  }

  /** The Delta versions a succeeded run of {@code job} recorded as its inputs. */
  private Map<String, Long> inputsOf(String runId, String job, LocalDate day) {
    List<Row> rows = spark.table(Catalog.JOB_RUNS.fullName())
        .where(col("run_id").equalTo(lit(runId)).and(col("status").equalTo(lit("SUCCEEDED")))).select("inputs")
        .collectAsList();
    if (rows.isEmpty()) {
      throw new UserException("replay " + day + ": audit.job_runs has no succeeded " + job + " run " + runId
          + ", whose rows the day holds; its inputs are unknown, so the day cannot be replayed");
    }
    return rows.get(0).getJavaMap(0);
  }

  private static long required(Map<String, Long> inputs, TableDef table, String runId) {
    Long v = inputs.get(table.fullName());
    if (v == null) {
      throw new UserException("replay: run " + runId + " recorded no version of " + table.fullName()
          + " among its inputs " + inputs.keySet() + "; it predates input recording and cannot be replayed");
    }
    return v;
  }

  private static String onlyRun(Dataset<Row> rowsOfDay, LocalDate day, TableDef table) {
    List<Row> runs = rowsOfDay.select("run_id").distinct().collectAsList();
    if (runs.size() != 1) {
      throw new UserException("replay " + day + ": " + table.fullName() + " holds rows of " + runs.size()
          + " runs for the day at the version its reader recorded, expected 1");
    }
    return runs.get(0).getString(0);
  }

  private static Row onlyRow(Dataset<Row> rows, LocalDate day, TableDef table) {
    List<Row> list = rows.collectAsList();
    if (list.size() != 1) {
      throw new UserException("replay " + day + ": " + table.fullName() + " has " + list.size()
          + " rows of the day's rewards run, expected 1");
    }
    return list.get(0);
  }
}
