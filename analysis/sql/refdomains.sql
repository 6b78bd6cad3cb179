-- the referring domains of a domain: rank, backlinks, dofollow backlinks, referring and linked
-- pages, first and last time a link of theirs was seen (over every crawl); strongest first
-- params: $domain, $crawl (NULL: the live index), $limit (NULL: all)
WITH b AS (
    SELECT
        src_domain,
        count(*) AS backlinks,
        count(*) FILTER (WHERE dofollow) AS dofollow_backlinks,
        count(DISTINCT src_url) AS referring_pages,
        count(DISTINCT dst_url) AS linked_pages
    FROM backlinks_to($domain, $crawl)
        GROUP BY src_domain
),
seen AS (
    SELECT src_domain, min(fetched_at) AS first_seen, max(fetched_at) AS last_seen
    FROM backlinks_ever($domain)
    GROUP BY src_domain
)
SELECT b.src_domain AS domain, r.domain_rank, b.backlinks, b.dofollow_backlinks,
       b.referring_pages, b.linked_pages, s.first_seen, s.last_seen
FROM b
LEFT JOIN seen AS s USING (src_domain)
LEFT JOIN domain_ranks AS r ON r.domain = b.src_domain
ORDER BY r.domain_rank DESC NULLS LAST, b.backlinks DESC, domain
LIMIT $limit
