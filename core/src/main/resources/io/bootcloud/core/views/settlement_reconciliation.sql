-- The latest reconcile result of every check of every day (ledger vs chain and every invariant).
CREATE OR REPLACE VIEW audit.settlement_reconciliation
COMMENT 'Latest reconcile result per day and check: ledger vs chain and every DESIGN.md invariant'
AS
SELECT day, check_name, passed, expected, actual, detail, run_id, checked_at
FROM (
  SELECT *, row_number() OVER (PARTITION BY day, check_name ORDER BY checked_at DESC, run_id DESC) AS latest
  FROM audit.reconciliation
)
WHERE latest = 1
