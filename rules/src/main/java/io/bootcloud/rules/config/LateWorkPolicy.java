package io.bootcloud.rules.config;

/**
 * What happens to verified work that arrives after its day's payout batch was exported (DESIGN.md
 * "Day"): such shares are always kept and flagged {@code is_late}; whether they are ever paid is a
 * rule, so it changes only with a new ruleset version.
 */
public enum LateWorkPolicy {
  /** Kept, counted in the audit, never paid (ruleset 2026.1). */
  KEEP,
  /**
   * Credited to the contributor's DPP on the first day that was still open when the shares were
   * ingested ({@code silver.shares.credit_day}), with lineage in {@code gold.daily_dpp.late_from}
   * (ruleset 2026.2).
   */
  CREDIT_FIRST_OPEN_DAY
}
