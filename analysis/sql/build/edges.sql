-- build step: the host and domain graphs. One edge per (source, target) pair with its live
-- link rows, live dofollow link rows, first and last fetch that saw it (over every crawl) and
-- whether any live page still holds it. Domain edges join two registered domains; host edges
-- two hosts (those of one domain too, as Common Crawl's host graph). No parameters.
CREATE TABLE out.domain_edges AS
SELECT s.domain_id AS src_id, d.domain_id AS dst_id,
       count(*) FILTER (WHERE l.live) AS links,
       count(*) FILTER (WHERE l.live AND l.dofollow) AS dofollow_links,
       min(l.fetched_at) AS first_seen,
       max(l.fetched_at) AS last_seen,
       bool_or(l.live) AS live
FROM out.links AS l
JOIN out.domains AS s ON s.domain = l.src_domain
JOIN out.domains AS d ON d.domain = l.dst_domain
WHERE l.src_domain <> l.dst_domain
GROUP BY s.domain_id, d.domain_id
ORDER BY dst_id, src_id;

CREATE TABLE out.host_edges AS
SELECT s.host_id AS src_id, d.host_id AS dst_id,
       count(*) FILTER (WHERE l.live) AS links,
       count(*) FILTER (WHERE l.live AND l.dofollow) AS dofollow_links,
       min(l.fetched_at) AS first_seen,
       max(l.fetched_at) AS last_seen,
       bool_or(l.live) AS live
FROM out.links AS l
JOIN out.hosts AS s ON s.host = l.src_host
JOIN out.hosts AS d ON d.host = l.dst_host
WHERE l.src_host <> l.dst_host
GROUP BY s.host_id, d.host_id
ORDER BY dst_id, src_id;
