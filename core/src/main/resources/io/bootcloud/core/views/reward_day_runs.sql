-- The tables' half of a day's visibility rule (DESIGN.md "Day"; audit.reward_runs adds the other
-- half, that the run SUCCEEDED): per day, the one run_id every rewards table's rows of the day carry.
-- A run killed between its writes leaves the tables on different runs: such a day is not listed.
CREATE OR REPLACE VIEW audit.reward_day_runs
COMMENT 'Per day: the one run_id that every rewards table''s rows of the day carry (days whose tables agree only)'
AS
-- Each table is read once: the ledger and the stats must both hold the day (the rewards table has
-- no row on a day without active contributors).
WITH day_runs AS (
  SELECT day, run_id, 'ledger' AS source FROM gold.emission_ledger
  UNION ALL SELECT day, run_id, 'stats' AS source FROM gold.daily_population_stats
  UNION ALL SELECT day, run_id, 'rewards' AS source FROM gold.daily_rewards
)
-- One run_id: its least and greatest are the same (one aggregation, where count(DISTINCT) would
-- need a second one and one more shuffle).
SELECT day, min(run_id) AS run_id
FROM day_runs
GROUP BY day
HAVING min(run_id) = max(run_id) AND bool_or(source = 'ledger') AND bool_or(source = 'stats')
