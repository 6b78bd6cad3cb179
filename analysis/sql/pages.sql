-- a domain's most linked pages: referring domains, backlinks, dofollow backlinks, the page's
-- HTTP status and title when crawled, and its page rank when the graph is built
-- params: $domain, $crawl (NULL: the live index), $limit (NULL: all)
WITH b AS (
    SELECT
        dst_url,
        count(DISTINCT src_domain) AS referring_domains,
        count(*) AS backlinks,
        count(*) FILTER (WHERE dofollow) AS dofollow_backlinks
    FROM backlinks_to($domain, $crawl)
        GROUP BY dst_url
)
SELECT b.dst_url AS url, b.referring_domains, b.backlinks, b.dofollow_backlinks,
       p.status, p.title, r.page_rank
FROM b
LEFT JOIN scoped_pages($crawl) AS p ON p.url = b.dst_url
LEFT JOIN page_ranks AS r ON r.url_hash = hash(b.dst_url)
ORDER BY b.referring_domains DESC, b.backlinks DESC, url
LIMIT $limit
