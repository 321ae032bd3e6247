package io.bootcloud.cli;

import io.bootcloud.core.UserException;
import io.bootcloud.core.config.RulesetHistory;
import io.bootcloud.core.config.RulesetLoader;
import io.bootcloud.rules.config.Ruleset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The options of a job that computes one day: the day itself and the ruleset file. */
public final class DayOptions {

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "The settlement day to compute (required; jobs never assume 'today').")
  LocalDate date;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Ruleset YAML file forced on the day, or a folder of ruleset versions, each in force from its "
          + "effective_from (default: the versions shipped in the jar, see docs/ruleset.md).")
  Path config;

  /**
   * The ruleset, checked against {@code --date} before any Spark start-up: a day before the
   * launch day is a usage error.
   */
  Ruleset ruleset() {
    return ruleset(config, "--date", date);
  }

  /**
   * {@link #ruleset()} for a job that computes the day (dpp, rewards): refused before Spark starts
   * while the day and its grace period have not passed at {@code now}.
   */
  Ruleset rulesetToCompute(String job, java.time.Instant now) {
    return refuseBeforeComputable(ruleset(), job, date, now);
  }

  /**
   * The ruleset in force on {@code first} among the versions of {@code config} (the shipped history
   * when null, a folder's versions, or one file forced on every day); {@code first}, given as
   * {@code option}, before the launch day is a usage error.
   */
  static Ruleset ruleset(Path config, String option, LocalDate first) {
    RulesetHistory rulesets = refuseBeforeLaunch(RulesetLoader.history(config), option, first);
    return first == null ? rulesets.first() : rulesets.forDay(first);
  }

  /** {@code rulesets}, unless {@code first}, given as {@code option}, is before the launch day: a usage error. */
  static RulesetHistory refuseBeforeLaunch(RulesetHistory rulesets, String option, LocalDate first) {
    Ruleset ruleset = first == null ? rulesets.first() : rulesets.forDay(first);
    if (first != null && first.isBefore(ruleset.launchDay())) {
      throw new UserException(option + " " + first + " is before the launch day " + ruleset.launchDay()
          + " of ruleset " + ruleset.rulesetVersion() + "; no day before it can be computed", UserException.EXIT_USAGE);
    }
    return rulesets;
  }

  /** Refuses {@code day} while it and its grace period have not passed at {@code now}; else returns {@code ruleset}. */
  static Ruleset refuseBeforeComputable(Ruleset ruleset, String job, LocalDate day, java.time.Instant now) {
    java.time.Instant from = ruleset.computableFrom(day);
    if (now.isBefore(from)) {
      throw new UserException(job + " --date " + day + " refused: the day ends at " + ruleset.dayEnd(day) + " ("
          + ruleset.timeZone() + ") and is computed after its grace period " + ruleset.gracePeriod() + ", from " + from
          + "; it is now " + now);
    }
    return ruleset;
  }

  /** Parses {@code --date}; a bad value is a one-line usage error. */
  public static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a valid date; expected YYYY-MM-DD, e.g. 2026-03-01");
      }
    }
  }
}
