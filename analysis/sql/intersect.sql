-- link intersect: the domains linking to at least $min of the $targets (competitors) and to
-- none of the $exclude domains (my sites), with the targets each links to; a target is never
-- a prospect of its own (nor of the others). Most targets linked first, then the strongest
-- params: $targets, $exclude (lists of registered domains), $min, $crawl (NULL: the live
--         index), $limit (NULL: all)
WITH hits AS (
    SELECT src_domain, dst_domain, count(*) AS links, count(*) FILTER (WHERE dofollow) AS dofollow_links
    FROM external_links($crawl)
    WHERE dst_key IN (SELECT hash(unnest($targets::VARCHAR[])))  -- graph.duckdb's sort key: read only their rows
      AND list_contains($targets::VARCHAR[], dst_domain)
    GROUP BY src_domain, dst_domain
),
mine AS (
    SELECT DISTINCT src_domain
    FROM external_links($crawl)
    WHERE dst_key IN (SELECT hash(unnest($exclude::VARCHAR[])))
      AND list_contains($exclude::VARCHAR[], dst_domain)
)
SELECT h.src_domain AS domain, r.domain_rank,
       count(*) AS targets_linked,
       list(h.dst_domain ORDER BY h.dst_domain) AS targets,
       sum(h.links)::BIGINT AS backlinks,
       sum(h.dofollow_links)::BIGINT AS dofollow_backlinks
FROM hits AS h
LEFT JOIN domain_ranks AS r ON r.domain = h.src_domain
WHERE h.src_domain NOT IN (SELECT src_domain FROM mine)
  AND NOT list_contains($exclude::VARCHAR[], h.src_domain)
  AND NOT list_contains($targets::VARCHAR[], h.src_domain)
GROUP BY h.src_domain, r.domain_rank
HAVING count(*) >= $min
ORDER BY targets_linked DESC, r.domain_rank DESC NULLS LAST, backlinks DESC, domain
LIMIT $limit
