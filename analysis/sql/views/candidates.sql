-- The candidates of the discovery crawls (`backlinks discover`): a crawl writes a row for a
-- candidate each time it changed, so the latest (`updated_at`) of each crawl and domain is its
-- state. From `candidates_raw` (analysis/db.py, candidates_view). No parameters.
CREATE OR REPLACE VIEW candidates AS
SELECT * EXCLUDE (filename)
FROM candidates_raw
QUALIFY row_number() OVER (PARTITION BY crawl_id, domain ORDER BY updated_at DESC, filename DESC) = 1;
