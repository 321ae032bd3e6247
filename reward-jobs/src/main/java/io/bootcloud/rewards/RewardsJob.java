package io.bootcloud.rewards;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bootcloud.core.UserException;
import io.bootcloud.core.catalog.Catalog;
import io.bootcloud.core.catalog.TableDef;
import io.bootcloud.core.catalog.TableSchemas;
import io.bootcloud.core.io.DayGuards;
import io.bootcloud.core.io.DayPartitions;
import io.bootcloud.core.io.RewardRuns;
import io.bootcloud.core.ledger.CarriedRead;
import io.bootcloud.core.ledger.DayJob;
import io.bootcloud.core.ledger.DayValues;
import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.SideBySide;
import io.bootcloud.core.spark.SmallQueries;
import io.bootcloud.rewards.domain.ShapeStatistics;
import io.bootcloud.rewards.transform.DistributedRewards;
import io.bootcloud.rewards.transform.RewardInputs;
import io.bootcloud.rules.DayRewards;
import io.bootcloud.rules.EmissionSchedule;
import io.bootcloud.rules.PoolBudgets;
import io.bootcloud.rules.Population;
import io.bootcloud.rules.RewardClass;
import io.bootcloud.rules.config.Ruleset;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bootcloud rewards --date D}: {@code gold.daily_dpp} of D → population statistics,
 * classes, pool budgets and amounts ({@code gold.daily_population_stats},
 * {@code gold.daily_rewards}, {@code gold.emission_ledger}). The rules are the pure
 * {@link DayRewards} and {@link EmissionSchedule}; this class only reads, checks the order of
 * days, and writes. A day of up to {@link #MAX_ON_DRIVER} active contributors is collected to the
 * driver and computed by {@link DayRewards}; a larger one by {@link DistributedRewards} on the
 * executors, with the same result to the unit. Neither depends on partitioning.
 */
public final class RewardsJob extends DayJob<RewardsJob.Summary> {

  public static final String JOB = "rewards";

  /**
   * Spark setting: the most active contributors a day may have to be computed on the driver;
   * larger days are computed on the executors. 100,000 contributors take about 50 MB of driver heap.
   */
  public static final String MAX_ON_DRIVER = "spark.bootcloud.rewards.maxOnDriver";
  static final String DEFAULT_MAX_ON_DRIVER = "100000";

  /** What a run did, for the command line; {@code onDriver} false when the executors computed the day. */
  public record Summary(LocalDate day, long contributors, BigInteger emitted, BigInteger notEmitted,
      long[] classCounts, boolean wrote, boolean onDriver) {}

  public RewardsJob(SparkSession spark, Ruleset ruleset, RunLedger ledger) {
    super(JOB, spark, ruleset, ledger);
  }

  /** The day's gold.daily_dpp. */
  @Override
  protected List<TableDef> dayInputs() {
    return List.of(Catalog.DAILY_DPP);
  }

  @Override
  protected Summary compute(JobRun run, LocalDate day) {
    EmissionSchedule schedule = EmissionSchedule.of(ruleset);
    if (day.isBefore(ruleset.launchDay())) {
      throw new UserException("rewards --date " + day + " refused: the launch day is " + ruleset.launchDay());
    }
    // Three small reads side by side, each of the rows around the day, read once for a whole backfill
    // and carried from day to day while nobody else writes (RunLedger#carried): the guard, the emission
    // ledger of the day before, the day and the day after, and which run every rewards table's rows of
    // the day before and the day carry.
    List<Object> reads = SmallQueries.interpreted(spark, () -> SideBySide.run(spark, List.<Callable<Object>>of(
        () -> {
          DayGuards.refuseIfExported(spark, ledger, JOB, day);
          return Boolean.TRUE;
        },
        () -> ledgerRows(day),
        () -> dayRuns(day))));
    if (!run.succeededBefore("dpp")) {
      throw new UserException("rewards --date " + day + " needs gold.daily_dpp of " + day
          + ", which no dpp run has produced; run 'bootcloud dpp --date " + day + "' first");
    }
    @SuppressWarnings("unchecked")
    LedgerAround around = LedgerAround.of(day, (List<LedgerRow>) reads.get(1),
        RewardRuns.complete(run, (Map<LocalDate, String>) reads.get(2)));
    BigInteger emittedBefore = cumulativeBefore(day, around);

    long dppVersion = ledger.recordInput(run, Catalog.DAILY_DPP);
    long walletsVersion = ledger.recordInput(run, Catalog.CONTRIBUTOR_WALLETS);
    ledger.recordInput(run, Catalog.EMISSION_LEDGER);
    BigInteger emittable = schedule.emittable(day, emittedBefore);
    Date sqlDay = Date.valueOf(day);
    String version = ruleset.rulesetVersion();
    Dataset<Row> active = RewardInputs.filterActive(DayPartitions.readAt(spark, Catalog.DAILY_DPP, day, dppVersion),
        ruleset.dppSource());
    Day result = onDriverOrExecutors(active, emittable, sqlDay, version, run.runId());

    Timestamp endOfDay = Timestamp.from(ruleset.dayEnd(day));
    Dataset<Row> wallets = RewardInputs.walletsAt(DayPartitions.tableAt(spark, Catalog.CONTRIBUTOR_WALLETS,
        walletsVersion), endOfDay);
    // Column order is restored by DayPartitions.replaceDay.
    // Cached: a day already written is compared with these rows before they are written.
    Dataset<Row> withWallets = result.rewards().drop("wallet").join(wallets, new String[] {"contributor_id"}, "left")
        .cache();

    Dataset<Row> stats = statsRow(result, sqlDay, version, run.runId());
    BigInteger cumulative = emittedBefore.add(result.budgets().emitted());
    Dataset<Row> ledgerRow = ledgerRow(day, schedule, result.budgets(), cumulative, version, run.runId());

    refuseIfLaterDaysWouldChange(day, around, ledgerRow);
    boolean wrote;
    try {
      Map<TableDef, Dataset<Row>> outputs = new LinkedHashMap<>();
      outputs.put(Catalog.POPULATION_STATS, stats);
      outputs.put(Catalog.DAILY_REWARDS, withWallets);
      outputs.put(Catalog.EMISSION_LEDGER, ledgerRow);
      // All three tables or none: readers see the day only once every table shows this run (RewardRuns).
      wrote = DayPartitions.replaceDaysTogether(spark, ledger, day, outputs, around.dayComplete());
    } finally {
      withWallets.unpersist();
    }
    if (wrote) {
      // One commit to each table: carried into this command's next day (dropped if anyone else wrote).
      LedgerRow written = new LedgerRow(day, cumulative, run.runId());
      ledgerCarried().wrote(Catalog.EMISSION_LEDGER, held -> held.with(day, written));
      CarriedRead<DayValues<String>> runs = runsCarried();
      runs.wrote(Catalog.EMISSION_LEDGER, held -> held.with(day, run.runId()));
      runs.wrote(Catalog.POPULATION_STATS, held -> held);
      runs.wrote(Catalog.DAILY_REWARDS, held -> held);
    }
    ledger.recordOutput(run, Catalog.POPULATION_STATS);
    ledger.recordOutput(run, Catalog.DAILY_REWARDS);
    ledger.recordOutput(run, Catalog.EMISSION_LEDGER);

    long[] counts = new long[4];
    for (RewardClass c : RewardClass.values()) {
      counts[c.ordinal()] = result.classCounts().get(c);
      run.count("class_" + c.name().toLowerCase(Locale.ROOT), counts[c.ordinal()]);
    }
    long n = result.population().n();
    run.count("gold.daily_rewards", n);
    run.message((wrote ? "wrote " : "unchanged, ") + n + " rewards" + (result.onDriver() ? "" : " (on the executors)")
        + ", emitted " + result.budgets().emitted() + ", not emitted " + result.budgets().notEmitted());
    return new Summary(day, n, result.budgets().emitted(), result.budgets().notEmitted(), counts, wrote,
        result.onDriver());
  }

  /**
   * The day's active contributors of {@code dailyDpp} (rows of gold.daily_dpp) with the DPP the
   * ruleset pays on, collected (for replay, which holds a day on the driver).
   */
  public static List<DayRewards.Input> inputs(Dataset<Row> dailyDpp, Ruleset ruleset) {
    return inputs(RewardInputs.filterActive(dailyDpp, ruleset.dppSource()).collectAsList());
  }

  private static List<DayRewards.Input> inputs(List<Row> active) {
    List<DayRewards.Input> inputs = new ArrayList<>(active.size());
    for (Row r : active) {
      inputs.add(new DayRewards.Input(r.getString(0), r.getLong(1)));
    }
    return inputs;
  }

  /** The computed day, whichever way: population, budgets, class counts, shape, and its reward rows. */
  private record Day(Population population, PoolBudgets budgets, Map<RewardClass, Long> classCounts,
      ShapeStatistics shape, Dataset<Row> rewards, boolean onDriver) {}

  /**
   * The day's rewards of {@code active}: on the driver ({@link DayRewards}) when the day has at
   * most {@link #MAX_ON_DRIVER} contributors, else on the executors ({@link DistributedRewards},
   * nothing per contributor on the driver). Both give the same rows to the unit.
   */
  private Day onDriverOrExecutors(Dataset<Row> active, BigInteger emittable, Date day, String version,
      String runId) {
    String setting = spark.conf().get(MAX_ON_DRIVER, DEFAULT_MAX_ON_DRIVER).strip();
    int limit;
    try {
      limit = Integer.parseInt(setting);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 0) {
      throw new UserException(MAX_ON_DRIVER + " must be a whole number of contributors from 0 to "
          + Integer.MAX_VALUE + ", got '" + setting + "'");
    }
    List<Row> few = active.limit(limit == Integer.MAX_VALUE ? limit : limit + 1).collectAsList();
    if (few.size() <= limit) {
      List<DayRewards.Input> inputs = inputs(few);
      long[] dpps = inputs.stream().mapToLong(DayRewards.Input::dpp).toArray();
      DayRewards.Result result = DayRewards.compute(inputs, emittable, ruleset.pools(), ruleset.emptyPoolPolicy());
      return new Day(result.population(), result.budgets(), result.classCounts(), ShapeStatistics.of(dpps),
          rewardsRows(result, day, version, runId), true);
    }
    DistributedRewards.Outcome o = DistributedRewards.compute(active, emittable, ruleset.pools(),
        ruleset.emptyPoolPolicy());
    Dataset<Row> rows = o.rewards().select(lit(day).as("day"), col("contributor_id"), col("dpp"), col("z_score"),
        col("class"), col("pool"), col("pool_budget"), col("pool_dpp"), col("amount"),
        lit(version).as("ruleset_version"), lit(runId).as("run_id"));
    return new Day(o.sums().population(), o.budgets(), o.classes().counts(), ShapeStatistics.of(o.sums(),
        o.ksStatistic()), rows, false);
  }

  /**
   * What the emission ledger holds around {@code day}: the cumulative emission of the complete run
   * of day − 1 (null when it has none), whether the day's stored rows are one complete run's
   * (audit.reward_runs), and the first ledger day after it, if any.
   */
  private record LedgerAround(BigInteger previousCumulative, boolean dayComplete, LocalDate later) {

    /** From the ledger rows of day − 1, day and day + 1 and the complete runs of day − 1 and day. */
    static LedgerAround of(LocalDate day, List<LedgerRow> ledgerRows, Map<LocalDate, String> completeRuns) {
      BigInteger previous = null;
      LocalDate later = null;
      for (LedgerRow r : ledgerRows) {
        LocalDate d = r.day();
        if (d.isAfter(day)) {
          later = d;
        } else if (d.isBefore(day) && r.runId().equals(completeRuns.get(d))) {
          previous = r.cumulative();
        }
      }
      return new LedgerAround(previous, completeRuns.containsKey(day), later);
    }
  }

  /** The name of the carried read of the emission ledger's rows around the days ({@link RunLedger#carried}). */
  static final String LEDGER_READ = "gold.emission_ledger around the days";

  /** A row of the emission ledger as this job reads it. */
  private record LedgerRow(LocalDate day, BigInteger cumulative, String runId) {}

  private CarriedRead<DayValues<LedgerRow>> ledgerCarried() {
    return ledger.carried(LEDGER_READ, Catalog.EMISSION_LEDGER);
  }

  private CarriedRead<DayValues<String>> runsCarried() {
    return ledger.carried(RewardRuns.DAY_RUNS_VIEW + " around the days", Catalog.EMISSION_LEDGER,
        Catalog.POPULATION_STATS, Catalog.DAILY_REWARDS);
  }

  /** The emission ledger's rows of day − 1, day and day + 1 (one a day: it is overwritten by day). */
  private List<LedgerRow> ledgerRows(LocalDate day) {
    RunLedger.Span needed = new RunLedger.Span(day.minusDays(1), day.plusDays(1));
    RunLedger.Span window = ledger.around(day, 1, 1);
    return List.copyOf(ledgerCarried().get(held -> held.covers(needed), () -> new DayValues<>(window,
        spark.table(Catalog.EMISSION_LEDGER.fullName()).where(window.on(col("day")))
            .select("day", "cumulative_emitted", "run_id").collectAsList().stream()
            .map(r -> new LedgerRow(r.getDate(0).toLocalDate(), r.getDecimal(1).toBigIntegerExact(), r.getString(2)))
            .collect(java.util.stream.Collectors.toMap(LedgerRow::day, r -> r, (a, b) -> {
              throw new UserException(Catalog.EMISSION_LEDGER.fullName() + " holds two rows of " + a.day()
                  + " (runs " + a.runId() + " and " + b.runId() + "); a day has one");
            })))).within(needed).values());
  }

  /** Of day − 1 and day: the run every rewards table's rows of the day carry, where they agree. */
  private Map<LocalDate, String> dayRuns(LocalDate day) {
    RunLedger.Span needed = new RunLedger.Span(day.minusDays(1), day);
    RunLedger.Span window = ledger.around(day, 1, 0);
    return runsCarried().get(held -> held.covers(needed),
        () -> new DayValues<>(window, RewardRuns.dayRuns(spark, window))).within(needed);
  }

  /**
   * Cumulative emission before {@code day}: 0 on the launch day, else the ledger of day − 1 as its
   * complete rewards run wrote it.
   */
  private BigInteger cumulativeBefore(LocalDate day, LedgerAround around) {
    if (day.equals(ruleset.launchDay())) {
      return BigInteger.ZERO;
    }
    LocalDate previous = day.minusDays(1);
    if (around.previousCumulative() == null) {
      throw new UserException("rewards --date " + day + " needs the complete rewards of " + previous
          + " (days run in order from the launch day " + ruleset.launchDay() + "); run 'bootcloud rewards --date "
          + previous + "' first");
    }
    return around.previousCumulative();
  }

  private void refuseIfLaterDaysWouldChange(LocalDate day, LedgerAround around, Dataset<Row> ledgerRow) {
    // Day D + 1 is computed from D's ledger (and every later day from its predecessor), so a
    // ledger row for D + 1 means later days depend on D; days after a gap do not.
    if (around.later() != null
        && !DayPartitions.sameContent(DayPartitions.read(spark, Catalog.EMISSION_LEDGER, day), ledgerRow)) {
      throw new UserException("rewards --date " + day + " refused: it would change the emission ledger that "
          + around.later() + " and later days were computed from; recompute those days in order after it");
    }
  }

  private Dataset<Row> rewardsRows(DayRewards.Result result, Date day, String version, String runId) {
    List<Row> rows = new ArrayList<>(result.rewards().size());
    for (DayRewards.Reward r : result.rewards()) {
      rows.add(RowFactory.create(day, r.contributorId(), null, r.dpp(), r.zScore(), r.rewardClass().name(),
          r.pool().name(), dec(r.poolBudget()), dec(r.poolDpp()), dec(r.amount()), version, runId));
    }
    return spark.createDataFrame(rows, TableSchemas.structOf(Catalog.DAILY_REWARDS));
  }

  private Dataset<Row> statsRow(Day result, Date day, String version, String runId) {
    Population p = result.population();
    ShapeStatistics shape = result.shape();
    Row row = RowFactory.create(day, p.n(), dec(p.sum()), p.sumOfSquares().toString(), p.mean(), p.stddev(),
        p.varianceTerm().toString(), result.classCounts().get(RewardClass.A), result.classCounts().get(RewardClass.B),
        result.classCounts().get(RewardClass.C), result.classCounts().get(RewardClass.D),
        shape.skewness(), shape.kurtosis(), shape.ksStatistic(), shape.ksPValue(), version, runId);
    return spark.createDataFrame(List.of(row), TableSchemas.structOf(Catalog.POPULATION_STATS));
  }

  private Dataset<Row> ledgerRow(LocalDate day, EmissionSchedule schedule, PoolBudgets budgets,
      BigInteger cumulative, String version, String runId) {
    Row row = RowFactory.create(Date.valueOf(day), schedule.miningYear(day), dec(schedule.scheduled(day)),
        dec(budgets.emitted()), dec(budgets.notEmitted()), dec(cumulative), dec(schedule.cap().subtract(cumulative)),
        dec(budgets.a()), dec(budgets.bc()), dec(budgets.d()),
        ruleset.emptyPoolPolicy().name().toLowerCase(Locale.ROOT), version, runId);
    return spark.createDataFrame(List.of(row), TableSchemas.structOf(Catalog.EMISSION_LEDGER));
  }

  private static BigDecimal dec(BigInteger units) {
    return new BigDecimal(units);
  }
}
