-- One row per day with any computed output: how far through its lifecycle it is, and when each
-- stage was reached. The stages, in order (DESIGN.md "Day"):
--   COMPUTED    a complete rewards run (audit.reward_runs); the day can still be recomputed
--   EXPORTED    its payout batch exists; from here the day is immutable and late events of it are
--               late (ingest flags them, dpp and rewards refuse it)
--   APPROVED    treasury approvals of the batch's manifest (approvals counts them; settle checks
--               them against the distributor's signers and threshold)
--   POSTED      a postRoot transaction confirmed
--   ACCEPTED    an acceptRoot transaction confirmed: the root is live on-chain
--   RECONCILED  accepted, and the latest reconcile result of every check passed
-- A day with dpp but no complete rewards run is OPEN.
CREATE OR REPLACE VIEW audit.day_lifecycle
COMMENT 'Per day: its lifecycle state (OPEN, COMPUTED, EXPORTED, APPROVED, POSTED, ACCEPTED, RECONCILED) and when each stage was reached'
AS
WITH days AS (
  SELECT DISTINCT day FROM gold.daily_dpp
  UNION SELECT day FROM gold.emission_ledger
  UNION SELECT day FROM settlement.payout_batches
), approved AS (
  SELECT a.day, count(DISTINCT a.signer) AS approvals, max(a.approved_at) AS approved_at
  FROM settlement.approvals a
  JOIN settlement.payout_batches b ON b.day = a.day AND b.manifest_hash = a.manifest_hash
  GROUP BY a.day
), confirmed AS (
  SELECT day,
         min(CASE WHEN action = 'postRoot' THEN recorded_at END) AS posted_at,
         min(CASE WHEN action = 'acceptRoot' THEN recorded_at END) AS accepted_at
  FROM settlement.chain_receipts
  WHERE status = 'CONFIRMED'
  GROUP BY day
), reconciled AS (
  SELECT day, bool_and(passed) AS all_passed, max(checked_at) AS reconciled_at
  FROM audit.settlement_reconciliation
  GROUP BY day
)
SELECT d.day,
       CASE WHEN c.accepted_at IS NOT NULL AND coalesce(r.all_passed, false) THEN 'RECONCILED'
            WHEN c.accepted_at IS NOT NULL THEN 'ACCEPTED'
            WHEN c.posted_at IS NOT NULL THEN 'POSTED'
            WHEN a.approvals > 0 THEN 'APPROVED'
            WHEN b.day IS NOT NULL THEN 'EXPORTED'
            WHEN w.day IS NOT NULL THEN 'COMPUTED'
            ELSE 'OPEN' END AS state,
       w.run_id AS rewards_run_id,
       w.succeeded_at AS computed_at,
       b.created_at AS exported_at,
       b.merkle_root,
       coalesce(a.approvals, 0) AS approvals,
       a.approved_at,
       c.posted_at,
       c.accepted_at,
       r.all_passed AS reconcile_passed,
       r.reconciled_at
FROM days d
LEFT JOIN audit.reward_runs w ON w.day = d.day
LEFT JOIN settlement.payout_batches b ON b.day = d.day
LEFT JOIN approved a ON a.day = d.day
LEFT JOIN confirmed c ON c.day = d.day
LEFT JOIN reconciled r ON r.day = d.day
