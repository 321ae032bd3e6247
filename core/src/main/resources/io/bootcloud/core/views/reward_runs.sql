-- The one rule of a day's visibility (DESIGN.md "Day"): a day's rewards are complete when every
-- rewards table's rows of the day carry one run_id (audit.reward_day_runs) and that run SUCCEEDED.
-- A run killed between its writes leaves the tables on different runs (or on a run that never
-- succeeded): such a day is not listed, and export, review and the other audit views do not see it
-- until a rerun.
CREATE OR REPLACE VIEW audit.reward_runs
COMMENT 'Per day: the rewards run whose rows every rewards table shows, when that run succeeded (complete days only)'
AS
SELECT s.day, s.run_id, j.finished_at AS succeeded_at, j.ruleset_version
FROM audit.reward_day_runs s
JOIN audit.job_runs j ON j.run_id = s.run_id AND j.job = 'rewards' AND j.status = 'SUCCEEDED'
