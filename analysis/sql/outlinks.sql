-- the domains a domain links to: links, dofollow links, linking and linked pages, and the
-- target domain's rank; most linked first
-- params: $domain, $crawl (NULL: the live index), $limit (NULL: all)
SELECT l.dst_domain AS domain, r.domain_rank,
       count(*) AS links,
       count(*) FILTER (WHERE l.dofollow) AS dofollow_links,
       count(DISTINCT l.src_url) AS linking_pages,
       count(DISTINCT l.dst_url) AS linked_pages
FROM external_links($crawl) AS l
LEFT JOIN domain_ranks AS r ON r.domain = l.dst_domain
WHERE l.src_domain = $domain
GROUP BY l.dst_domain, r.domain_rank
ORDER BY links DESC, domain
LIMIT $limit
