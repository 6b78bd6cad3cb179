-- the host graph harmonic centrality and host PageRank run on: one edge per pair of distinct
-- hosts with a live link (any rel, as Common Crawl's host graph). No parameters.
SELECT src_id, dst_id
FROM host_edges
WHERE live AND links > 0
ORDER BY src_id, dst_id
