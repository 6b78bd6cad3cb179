-- build step: the table page_ranks from the scores computed in Python (`scores`: url_id,
-- pagerank, page_rank) and page_ids. Look a URL up with `WHERE url_hash = hash(url)`.
-- No parameters.
CREATE TABLE out.page_ranks AS
SELECT i.url_hash, s.pagerank, s.page_rank
FROM scores AS s
JOIN page_ids AS i USING (url_id)
ORDER BY i.url_hash;
