-- One row per run: how it ended. A run killed mid-way shows RUNNING until the next run of its job
-- and day finds it dead and records it ABANDONED (with the finder in the message).
CREATE OR REPLACE VIEW audit.run_status
COMMENT 'Per run: job, day, start, end and final status (RUNNING while no final row exists; ABANDONED when found dead)'
AS
SELECT r.run_id, r.job, r.day, r.started_at, f.finished_at,
       coalesce(f.status, 'RUNNING') AS status,
       coalesce(f.message, r.message) AS message,
       r.ruleset_version, r.code_version
FROM (SELECT * FROM audit.job_runs WHERE status = 'RUNNING') r
LEFT JOIN (SELECT * FROM audit.job_runs WHERE status <> 'RUNNING') f ON f.run_id = r.run_id
