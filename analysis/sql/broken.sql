-- backlinks of a domain to its URLs that answered 4xx or 5xx when last fetched (in scope):
-- source, target, its status or error, the anchor, and the referring domain's rank
-- params: $domain, $crawl (NULL: the live index), $limit (NULL: all)
SELECT b.src_url, b.src_domain, r.domain_rank, b.dst_url, p.status, p.error,
       b.anchor_text, b.dofollow, p.fetched_at AS checked_at
FROM backlinks_to($domain, $crawl) AS b
JOIN scoped_pages($crawl) AS p ON p.url = b.dst_url
LEFT JOIN domain_ranks AS r ON r.domain = b.src_domain
WHERE p.status >= 400
ORDER BY r.domain_rank DESC NULLS LAST, b.dst_url, b.src_url
LIMIT $limit
