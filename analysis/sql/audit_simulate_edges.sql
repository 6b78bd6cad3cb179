-- audit, disavow --simulate: the graph domain rank and trust run on (as build/domain_graph.sql):
-- one edge per pair of registered domains with a live dofollow link, as graph ids
-- No parameters.
SELECT src_id, dst_id
FROM domain_edges
WHERE live AND dofollow_links > 0
ORDER BY src_id, dst_id
