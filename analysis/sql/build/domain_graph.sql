-- build step: the graph domain rank and trust run on: one edge per pair of registered
-- domains with at least one live dofollow link.
-- No parameters.
SELECT src_id, dst_id
FROM out.domain_edges
WHERE live AND dofollow_links > 0
