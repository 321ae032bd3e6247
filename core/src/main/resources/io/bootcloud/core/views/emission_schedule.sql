-- The emission schedule against what was emitted, exported and settled, day by day.
CREATE OR REPLACE VIEW audit.emission_schedule
COMMENT 'Per day: scheduled emission of the mining year vs emitted, exported and cumulative under the cap'
AS
SELECT l.day, l.mining_year, l.scheduled, l.emitted, l.not_emitted,
       l.scheduled - l.emitted - l.not_emitted AS held_back_by_cap,
       l.cumulative_emitted, l.cap_remaining, l.empty_pool_policy,
       b.total_amount AS exported_total, b.cumulative_total AS exported_cumulative,
       b.total_amount IS NOT NULL AND b.total_amount = l.emitted AND b.cumulative_total = l.cumulative_emitted
         AS export_matches_ledger
FROM gold.emission_ledger l
-- complete rewards runs only (audit.reward_runs): a half-written day is not shown
JOIN audit.reward_runs c ON c.day = l.day AND c.run_id = l.run_id
LEFT JOIN settlement.payout_batches b ON b.day = l.day
