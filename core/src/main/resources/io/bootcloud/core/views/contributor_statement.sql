-- "Why did I get X on day D?": one row per contributor and day with every step of the rule:
-- verified work (with late work credited from earlier days), the population's mean and sigma, the class, the pool's budget and DPP, the
-- exact pro-rata share, the amount paid, and where it was settled (root, cumulative, proof).
CREATE OR REPLACE VIEW audit.contributor_statement
COMMENT 'Per contributor and day: DPP, population, class, pool budget, pro rata, amount, payout and proof'
AS
SELECT r.day, r.contributor_id, r.wallet,
       d.dpp, d.dpp_reported, d.is_suspect, d.devices, d.shares,
       -- late work of earlier days credited here (part of dpp) and the day each part was done
       d.late_dpp, d.late_from,
       s.n AS population, s.mean_dpp, s.stddev_dpp, r.z_score,
       r.class, r.pool, r.pool_budget, r.pool_dpp,
       -- display only: the exact share is pool_budget * dpp / pool_dpp, rounded down, plus at most one unit
       CAST(r.pool_budget AS DOUBLE) * CAST(r.dpp AS DOUBLE) / CAST(r.pool_dpp AS DOUBLE) AS pro_rata_display,
       r.amount,
       i.cumulative_amount, b.merkle_root, i.proof, b.manifest_hash,
       r.ruleset_version, r.run_id
FROM gold.daily_rewards r
-- complete rewards runs only (audit.reward_runs): a half-written day is not shown
JOIN audit.reward_runs c ON c.day = r.day AND c.run_id = r.run_id
LEFT JOIN gold.daily_dpp d ON d.day = r.day AND d.contributor_id = r.contributor_id
LEFT JOIN gold.daily_population_stats s ON s.day = r.day
LEFT JOIN settlement.payout_batches b ON b.day = r.day
-- items only of exported days (joined through the batch row, an export's last commit): items
-- without one are an interrupted export's, not a payout
LEFT JOIN settlement.payout_items i ON i.day = b.day AND i.wallet = r.wallet
