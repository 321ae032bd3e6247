package io.bootcloud.core.ledger;

import io.bootcloud.rules.config.Ruleset;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * A job that computes one day: it always runs through the {@link RunLedger}, so every run of
 * every day job leaves its RUNNING and final rows in {@code audit.job_runs}.
 *
 * @param <S> what a run reports back to the command line
 */
public abstract class DayJob<S> {

  protected final SparkSession spark;
  protected final Ruleset ruleset;
  protected final RunLedger ledger;
  private final String name;

  /** {@code name} is the job's name in {@code audit.job_runs.job}. */
  protected DayJob(String name, SparkSession spark, Ruleset ruleset, RunLedger ledger) {
    this.name = name;
    this.spark = spark;
    this.ruleset = ruleset;
    this.ledger = ledger;
  }

  /** The work for {@code day}; records inputs, outputs and counts on {@code run}. */
  protected abstract S compute(JobRun run, LocalDate day) throws Exception;

  public final S run(LocalDate day) throws Exception {
    return ledger.run(name, day, ruleset.rulesetVersion(), run -> compute(run, day));
  }
}
