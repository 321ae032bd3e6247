package io.bootcloud.core.io;

import static org.apache.spark.sql.functions.col;

import io.bootcloud.core.ledger.JobRun;
import io.bootcloud.core.ledger.RunLedger;
import io.bootcloud.core.spark.SmallQueries;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which rewards run of a day readers may see: the one the view {@code audit.reward_runs} names
 * (every rewards table's rows of the day carry that run, {@code audit.reward_day_runs}, and it
 * succeeded). The rule is written once, in those views' SQL, and read here by the jobs.
 */
public final class RewardRuns {

  /** The view that decides a day's complete rewards run. */
  public static final String VIEW = "audit.reward_runs";

  /** The tables' half of {@link #VIEW}: per day, the one run every rewards table's rows carry. */
  public static final String DAY_RUNS_VIEW = "audit.reward_day_runs";

  private RewardRuns() {}

  /** The complete rewards run of {@code day}, if there is one. */
  public static Optional<String> complete(SparkSession spark, LocalDate day) {
    return Optional.ofNullable(complete(spark, List.of(day)).get(day));
  }

  /**
   * The complete rewards run of each of {@code days} that has one, in one query of the view (which
   * reads every rewards table and the run ledger, so a job that needs several days asks once).
   */
  public static Map<LocalDate, String> complete(SparkSession spark, Collection<LocalDate> days) {
    Object[] dates = days.stream().map(java.sql.Date::valueOf).toArray();
    Map<LocalDate, String> runs = new HashMap<>();
    for (Row r : SmallQueries.interpreted(spark, () -> spark.table(VIEW).where(col("day").isin(dates))
        .select("day", "run_id").collectAsList())) {
      runs.put(r.getDate(0).toLocalDate(), r.getString(1));
    }
    return runs;
  }

  /**
   * {@link #complete(SparkSession, Collection)} for a running job: the run the tables agree on
   * ({@link #DAY_RUNS_VIEW}) counts when {@code run}'s own read of the ledger found it SUCCEEDED
   * ({@link JobRun#succeededRun}), so the ledger, which the job has just appended to, is not read
   * again. {@code days} must be the run's day or the day before, the days that read covers.
   */
  public static Map<LocalDate, String> complete(SparkSession spark, JobRun run, Collection<LocalDate> days) {
    LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
    LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
    Map<LocalDate, String> agreed = new HashMap<>(dayRuns(spark, new RunLedger.Span(first, last)));
    agreed.keySet().retainAll(java.util.Set.copyOf(days));
    return complete(run, agreed);
  }

  /**
   * Of {@code dayRuns} (the runs the tables agree on, {@link #dayRuns}), those {@code run}'s read of
   * the ledger found SUCCEEDED: the complete run of each day that has one. The days must be the run's
   * day or the day before, the days that read covers.
   */
  public static Map<LocalDate, String> complete(JobRun run, Map<LocalDate, String> dayRuns) {
    LocalDate day = run.day().orElseThrow(() -> new IllegalArgumentException(run.job() + " has no day"));
    Map<LocalDate, String> runs = new HashMap<>();
    dayRuns.forEach((d, runId) -> {
      if (!d.equals(day) && !d.equals(day.minusDays(1))) {
        throw new IllegalArgumentException("the ledger read of " + run.job() + " --date " + day + " covers " + day
            + " and the day before, not " + d);
      }
      if (run.succeededRun(runId)) {
        runs.put(d, runId);
      }
    });
    return runs;
  }

  /** Per day of {@code span}: the one run every rewards table's rows of the day carry ({@link #DAY_RUNS_VIEW}). */
  public static Map<LocalDate, String> dayRuns(SparkSession spark, RunLedger.Span span) {
    Map<LocalDate, String> runs = new HashMap<>();
    for (Row r : SmallQueries.interpreted(spark, () -> spark.table(DAY_RUNS_VIEW).where(span.on(col("day")))
        .select("day", "run_id").collectAsList())) {
      runs.put(r.getDate(0).toLocalDate(), r.getString(1));
    }
    return runs;
  }
}
