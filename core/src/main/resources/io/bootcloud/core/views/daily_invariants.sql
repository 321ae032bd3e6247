-- One row per computed day: is every DESIGN.md reward invariant true? (pools exact, day total =
-- emitted, emission within the schedule and the cap, one row per contributor.) Only complete
-- rewards runs are checked (audit.reward_runs); a half-written day is not listed until a rerun.
-- Each check column bears the name of the engine's check (DayInvariants) that states the same rule.
CREATE OR REPLACE VIEW audit.daily_invariants
COMMENT 'Per day: each reward invariant recomputed from gold tables (pools exact, totals, schedule, cap)'
AS
WITH paid AS (
  SELECT day,
         sum(CASE WHEN pool = 'A' THEN amount ELSE 0 END) AS paid_a,
         sum(CASE WHEN pool = 'BC' THEN amount ELSE 0 END) AS paid_bc,
         sum(CASE WHEN pool = 'D' THEN amount ELSE 0 END) AS paid_d,
         sum(amount) AS paid,
         count(*) AS reward_rows,
         count(DISTINCT contributor_id) AS contributors
  FROM gold.daily_rewards r
  JOIN audit.reward_runs c USING (day, run_id)
  GROUP BY day
), checks AS (
  SELECT l.day, l.mining_year, l.scheduled, l.emitted, l.not_emitted, l.cumulative_emitted, l.cap_remaining,
         l.pool_a_budget, coalesce(p.paid_a, 0) AS paid_a,
         l.pool_bc_budget, coalesce(p.paid_bc, 0) AS paid_bc,
         l.pool_d_budget, coalesce(p.paid_d, 0) AS paid_d,
         coalesce(p.contributors, 0) AS contributors,
         coalesce(p.paid_a, 0) = l.pool_a_budget AS pool_a_exact,
         coalesce(p.paid_bc, 0) = l.pool_bc_budget AS pool_bc_exact,
         coalesce(p.paid_d, 0) = l.pool_d_budget AS pool_d_exact,
         coalesce(p.paid, 0) = l.emitted AND l.pool_a_budget + l.pool_bc_budget + l.pool_d_budget = l.emitted
           AS day_total_is_emitted,
         -- emittable = min(E of the year, cap - emitted before the day); cap - before = cap_remaining + emitted
         l.emitted + l.not_emitted = least(l.scheduled, l.cap_remaining + l.emitted) AS emitted_plus_not_emitted,
         l.cap_remaining >= 0 AS cap,
         coalesce(p.reward_rows, 0) = coalesce(p.contributors, 0) AS one_class_each
  FROM gold.emission_ledger l
  JOIN audit.reward_runs c ON c.day = l.day AND c.run_id = l.run_id
  LEFT JOIN paid p ON p.day = l.day
)
SELECT *,
       pool_a_exact AND pool_bc_exact AND pool_d_exact AND day_total_is_emitted AND emitted_plus_not_emitted
         AND cap AND one_class_each AS all_hold
FROM checks
