-- audit: the index's own share of linking domain pairs whose live links are all dofollow
-- (what unnatural_dofollow tests a referring domain's share against), and how many pairs
-- No parameters.
SELECT count(*) AS pairs,
       CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE dofollow_links = links) / count(*) END AS share
FROM domain_edges
WHERE live AND src_id <> dst_id
