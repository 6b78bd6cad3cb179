-- the graph domain rank and trust run on: one edge per pair of registered domains with at
-- least one live dofollow link, as graph ids (read by the build and by disavow --simulate).
-- No parameters.
SELECT src_id, dst_id
FROM domain_edges
WHERE live AND dofollow_links > 0
ORDER BY src_id, dst_id
