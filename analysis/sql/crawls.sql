-- every crawl in the index in start order (manifest's started_at, else its first fetch),
-- with when it ran and how many URLs it fetched
-- params: none
SELECT seq, crawl_id, started_at, finished_at, first_fetch, last_fetch, urls
FROM crawls
ORDER BY seq
