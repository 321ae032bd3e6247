package io.bootcloud.core.config;

import io.bootcloud.core.UserException;
import io.bootcloud.rules.config.Ruleset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ruleset versions in force over time (DESIGN.md "Reward rules are versioned"): each version
 * governs the days from its {@code effective_from} until the next one's, so a job picks the rules of
 * its own day and a backfill across a rule change uses each day's rules. A single ruleset file given
 * with {@code --config} forces that version on every day. Old versions stay loadable forever.
 */
public final class RulesetHistory {

  private final List<Ruleset> versions;
  private final boolean forced;
  private final String source;

  private RulesetHistory(List<Ruleset> versions, boolean forced, String source) {
    this.versions = List.copyOf(versions);
    this.forced = forced;
    this.source = source;
  }

  /** One version for every day, whatever its effective day (a ruleset file given with --config). */
  public static RulesetHistory forced(Ruleset ruleset, String source) {
    return new RulesetHistory(List.of(ruleset), true, source);
  }

  /**
   * The versions of one history, checked: distinct labels and effective days, one launch day and
   * time zone (the emission schedule and the days themselves must not move), and the oldest version
   * in force from the launch day.
   */
  public static RulesetHistory of(List<Ruleset> versions, String source) {
    if (versions.isEmpty()) {
      throw new UserException("rulesets " + source + ": no ruleset version (*.yaml) found", UserException.EXIT_USAGE);
    }
    List<Ruleset> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparing(Ruleset::effectiveFrom));
    Ruleset first = sorted.get(0);
    Set<String> labels = new HashSet<>();
    for (int i = 0; i < sorted.size(); i++) {
      Ruleset r = sorted.get(i);
      if (!labels.add(r.rulesetVersion())) {
        throw new UserException("rulesets " + source + ": version " + r.rulesetVersion() + " is defined twice",
            UserException.EXIT_USAGE);
      }
      if (i > 0 && r.effectiveFrom().equals(sorted.get(i - 1).effectiveFrom())) {
        throw new UserException("rulesets " + source + ": versions " + sorted.get(i - 1).rulesetVersion() + " and "
            + r.rulesetVersion() + " both take effect on " + r.effectiveFrom() + "; give each its own first day",
            UserException.EXIT_USAGE);
      }
      if (!r.launchDay().equals(first.launchDay()) || !r.timeZone().equals(first.timeZone())) {
        throw new UserException("rulesets " + source + ": version " + r.rulesetVersion() + " has launch_day "
            + r.launchDay() + " and time_zone " + r.timeZone() + " but " + first.rulesetVersion() + " has "
            + first.launchDay() + " and " + first.timeZone() + "; every version of a history keeps both",
            UserException.EXIT_USAGE);
      }
    }
    if (!first.effectiveFrom().equals(first.launchDay())) {
      throw new UserException("rulesets " + source + ": the oldest version " + first.rulesetVersion()
          + " takes effect on " + first.effectiveFrom() + ", after the launch day " + first.launchDay()
          + "; the days in between would have no rules", UserException.EXIT_USAGE);
    }
    return new RulesetHistory(sorted, false, source);
  }

  /** The version in force on {@code day}: the forced one, else the latest whose effective day is not after it. */
  public Ruleset forDay(LocalDate day) {
    Ruleset inForce = versions.get(0);
    if (forced) {
      return inForce;
    }
    for (Ruleset r : versions) {
      if (!r.effectiveFrom().isAfter(day)) {
        inForce = r;
      }
    }
    return inForce;
  }

  /** The oldest version (the launch day's). */
  public Ruleset first() {
    return versions.get(0);
  }

  /** The newest version: what commands without a day (deploy, claim) read their settings from. */
  public Ruleset newest() {
    return versions.get(versions.size() - 1);
  }

  /** Every version, oldest first. */
  public List<Ruleset> versions() {
    return versions;
  }

  /** True when one ruleset file was forced on every day. */
  public boolean isForced() {
    return forced;
  }

  /** Where the versions came from (a folder, a file, or the jar). */
  public String source() {
    return source;
  }
}
