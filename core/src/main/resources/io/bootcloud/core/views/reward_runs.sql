-- The one rule of a day's visibility (DESIGN.md "Day"): a day's rewards are complete when every
-- rewards table's rows of the day carry one run_id and that run SUCCEEDED. A run killed between
-- its writes leaves the tables on different runs (or on a run that never succeeded): such a day
-- is not listed, and export, review and the other audit views do not see it until a rerun.
CREATE OR REPLACE VIEW audit.reward_runs
COMMENT 'Per day: the rewards run whose rows every rewards table shows, when that run succeeded (complete days only)'
AS
-- Each table is read once: the ledger and the stats must both hold the day (the rewards table has
-- no row on a day without active contributors).
WITH day_runs AS (
  SELECT day, run_id, 'ledger' AS source FROM gold.emission_ledger
  UNION ALL SELECT day, run_id, 'stats' AS source FROM gold.daily_population_stats
  UNION ALL SELECT day, run_id, 'rewards' AS source FROM gold.daily_rewards
), single AS (
  -- One run_id: its least and greatest are the same (one aggregation, where count(DISTINCT) would
  -- need a second one and one more shuffle).
  SELECT day, min(run_id) AS run_id
  FROM day_runs
  GROUP BY day
  HAVING min(run_id) = max(run_id) AND bool_or(source = 'ledger') AND bool_or(source = 'stats')
)
SELECT s.day, s.run_id, j.finished_at AS succeeded_at, j.ruleset_version
FROM single s
JOIN audit.job_runs j ON j.run_id = s.run_id AND j.job = 'rewards' AND j.status = 'SUCCEEDED'
