-- the edges of the domain or host graph: one per (source, target) pair with a live link (with
-- a live dofollow link when $dofollow_only), with link counts and first/last seen, sorted as
-- Common Crawl's edge files (needs graph.duckdb)
-- params: $level ('domain' or 'host'), $dofollow_only
SELECT src_id, dst_id, links, dofollow_links, first_seen, last_seen
FROM domain_edges
WHERE $level = 'domain' AND live AND links > 0 AND (NOT $dofollow_only OR dofollow_links > 0)
UNION ALL
SELECT src_id, dst_id, links, dofollow_links, first_seen, last_seen
FROM host_edges
WHERE $level = 'host' AND live AND links > 0 AND (NOT $dofollow_only OR dofollow_links > 0)
ORDER BY src_id, dst_id
