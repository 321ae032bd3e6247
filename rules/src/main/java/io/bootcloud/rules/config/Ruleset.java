package io.bootcloud.rules.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The versioned reward policy every job reads (DESIGN.md "Normative reward rules"). Loaded and
 * validated once by {@link RulesetLoader}; its {@code rulesetVersion} is stamped on every row a
 * job writes so that an auditor can recompute any day with the same rules.
 *
 * <p>Where payouts settle and how review flags a batch are not rules: they are the
 * {@link Operations}, which change without a new version.
 *
 * <p>Money is in base units (1 BCT = 10^18 units); no field is a floating-point number. A version
 * governs the days from {@code effectiveFrom} (its launch day unless set) until the next version of
 * its {@link RulesetHistory} takes over.
 */
public record Ruleset(
    String rulesetVersion,
    LocalDate launchDay,
    ZoneId timeZone,
    Duration gracePeriod,
    BigInteger miningCapUnits,
    BigInteger initialDailyEmissionUnits,
    int emissionDecayNumerator,
    int emissionDecayDenominator,
    int daysPerMiningYear,
    PoolShares pools,
    EmptyPoolPolicy emptyPoolPolicy,
    DppSource dppSource,
    BigDecimal suspectRatio,
    IngestLimits limits,
    LocalDate effectiveFrom,
    LateWorkPolicy lateWork) {

  /** First instant of settlement day {@code day}: its midnight in the policy's time zone (DESIGN.md "Day"). */
  public Instant dayStart(LocalDate day) {
    return day.atStartOfDay(timeZone).toInstant();
  }

  /** First instant after settlement day {@code day}: the next day's {@link #dayStart}. */
  public Instant dayEnd(LocalDate day) {
    return dayStart(day.plusDays(1));
  }

  /**
   * The same rules launched on {@code launch} (tests run days no other test touches this way); a
   * version in force from its launch day moves with it, a later one keeps its effective day.
   */
  public Ruleset withLaunchDay(LocalDate launch) {
    return new Ruleset(rulesetVersion, launch, timeZone, gracePeriod, miningCapUnits, initialDailyEmissionUnits,
        emissionDecayNumerator, emissionDecayDenominator, daysPerMiningYear, pools, emptyPoolPolicy, dppSource,
        suspectRatio, limits, effectiveFrom.equals(launchDay) ? launch : effectiveFrom, lateWork);
  }

  /**
   * First instant at which {@code day} may be computed: its end plus the grace period (DESIGN.md
   * "Day"), so events delivered late within the grace still count.
   */
  public Instant computableFrom(LocalDate day) {
    return dayEnd(day).plus(gracePeriod);
  }
}
