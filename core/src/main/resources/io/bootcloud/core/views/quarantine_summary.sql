-- What was refused at ingest, by landing day and reason: lines, files, first and last time.
CREATE OR REPLACE VIEW audit.quarantine_summary
COMMENT 'Refused landing lines and files by landing day and reason code'
AS
SELECT dt, reason_code,
       count(*) AS refused,
       count(line_number) AS lines,
       count(*) - count(line_number) AS whole_files,
       count(DISTINCT source_file) AS source_files,
       min(detail) AS example_detail,
       min(ingested_at) AS first_refused_at,
       max(ingested_at) AS last_refused_at
FROM quarantine.rejected
GROUP BY dt, reason_code
