-- build step: the `{level}` graph (`domain`, then `host`, filled in by analysis/graph/build.py).
-- One edge per (source, target) pair with its live link rows, live dofollow link rows, first
-- and last fetch that saw it (over every crawl) and whether any live page still holds it.
-- Domain edges join two registered domains; host edges two hosts (those of one domain too, as
-- Common Crawl's host graph). No parameters.
CREATE TABLE out.{level}_edges AS
SELECT s.{level}_id AS src_id, d.{level}_id AS dst_id,
       count(*) FILTER (WHERE l.live) AS links,
       count(*) FILTER (WHERE l.live AND l.dofollow) AS dofollow_links,
       min(l.fetched_at) AS first_seen,
       max(l.fetched_at) AS last_seen,
       bool_or(l.live) AS live
FROM out.links AS l
JOIN out.{level}s AS s ON s.{level} = l.src_{level}
JOIN out.{level}s AS d ON d.{level} = l.dst_{level}
WHERE l.src_{level} <> l.dst_{level}
GROUP BY s.{level}_id, d.{level}_id
ORDER BY dst_id, src_id;
