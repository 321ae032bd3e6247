package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.core.ledger.RunLedger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The options of a day job (dpp, rewards, export, review, approve, reconcile): one day ({@code --date})
 * or, for a backfill, every day from {@code --from} to {@code --to} in order, each its own ledgered
 * run in one Spark session; and the ruleset file.
 */
final class DayRangeOptions {

  /** The longest range one command takes (ten years of days). */
  static final int MAX_DAYS = 3660;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DayOptions.DateConverter.class,
      description = "The settlement day to compute (this or --from/--to is required; jobs never assume 'today').")
  LocalDate date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DayOptions.DateConverter.class,
      description = "Backfill: the first day of a range computed in order, each day its own run (with --to).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DayOptions.DateConverter.class,
      description = "Backfill: the last day of the range, included (with --from).")
  LocalDate to;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Ruleset YAML file forced on every day, or a folder of ruleset versions, each day computed under "
          + "the version in force on it (default: the versions shipped in the jar, see docs/ruleset.md).")
  Path config;

  /** The days to compute, in order; a usage error unless exactly one of --date or --from/--to is given. */
  List<LocalDate> days() {
    if (date != null && (from != null || to != null)) {
      throw new UserException("--date and --from/--to exclude each other: give one day, or a range",
          UserException.EXIT_USAGE);
    }
    if (date != null) {
      return List.of(date);
    }
    if (from == null && to == null) {
      throw new UserException("Missing required option: '--date=YYYY-MM-DD' (or --from and --to for a range of days)",
          UserException.EXIT_USAGE);
    }
    if (from == null || to == null) {
      throw new UserException("--from and --to go together: a range needs its first and its last day",
          UserException.EXIT_USAGE);
    }
    if (to.isBefore(from)) {
      throw new UserException("--to " + to + " is before --from " + from, UserException.EXIT_USAGE);
    }
    long n = ChronoUnit.DAYS.between(from, to) + 1;
    if (n > MAX_DAYS) {
      throw new UserException("--from " + from + " --to " + to + " is " + n + " days; at most " + MAX_DAYS
          + " in one command", UserException.EXIT_USAGE);
    }
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /**
   * The ruleset versions for computing {@link #days()} (each day takes the version in force on it):
   * the first day must not precede the launch day, and the last day and its grace period must have
   * passed at {@code now}; both checked before Spark starts.
   */
  RulesetHistory rulesetsToCompute(String job, java.time.Instant now) {
    List<LocalDate> days = days();
    RulesetHistory history = rulesets();
    LocalDate last = days.get(days.size() - 1);
    DayOptions.refuseBeforeComputable(history.forDay(last), job, last, now);
    return history;
  }

  /** The ruleset versions for {@link #days()}: a first day before the launch day is a usage error. */
  RulesetHistory rulesets() {
    return DayOptions.refuseBeforeLaunch(RulesetLoader.history(config), date != null ? "--date" : "--from",
        days().get(0));
  }

  /**
   * The command's run ledger, told the days it will compute: the rows around a backfill's days are
   * then read once and carried from day to day ({@link RunLedger#days}).
   */
  RunLedger ledger(SparkSession spark) {
    RunLedger ledger = new RunLedger(spark);
    ledger.days(days());
    return ledger;
  }

  /** Runs {@code each} for every day in order; a refused day stops the range and says which days are done. */
  void forEachDay(String job, DayWork each) throws Exception {
    List<LocalDate> days = days();
    for (int i = 0; i < days.size(); i++) {
      try {
        each.run(days.get(i));
      } catch (UserException e) {
        if (days.size() == 1) {
          throw e;
        }
        throw new UserException(e.getMessage() + " (backfill " + job + " stopped at " + days.get(i) + "; " + i
            + " earlier day" + (i == 1 ? "" : "s") + " done; continue with --from " + days.get(i) + " --to "
            + days.get(days.size() - 1) + ")", e.exitCode(), e);
      }
    }
  }

  /** The work of one day of a range. */
  @FunctionalInterface
  interface DayWork {
    void run(LocalDate day) throws Exception;
  }
}
