-- a domain's backlinks and referring domains broken down by one dimension, largest first:
--   kind       the link kind (a, area, redirect, canonical, refresh, alternate, frame)
--   placement  where the link sits in its page (content, nav, header, footer, aside, comment, other)
--   follow     dofollow, or the first reason it is not (page_nofollow, nofollow, sponsored, ugc)
--   tld        the referring domain's public suffix (com, co.uk, gov...)
--   rank_band  the referring domain's rank by tens (0-9 ... 90-100; unranked without a graph)
-- params: $domain, $crawl (NULL: the live index), $by (one of the dimensions above)
WITH b AS (
    SELECT l.*, r.domain_rank AS src_rank
    FROM backlinks_to($domain, $crawl) AS l
    LEFT JOIN domain_ranks AS r ON r.domain = l.src_domain
)
SELECT
    CASE $by
        WHEN 'kind' THEN kind
        WHEN 'placement' THEN placement
        WHEN 'follow' THEN follow_class(nofollow, ugc, sponsored, page_nofollow)
        WHEN 'tld' THEN suffix_of(src_domain)
        WHEN 'rank_band' THEN rank_band(src_rank)
    END AS value,
    count(*) AS backlinks,
    count(DISTINCT src_domain) AS referring_domains,
    count(*) FILTER (WHERE dofollow) AS dofollow_backlinks
FROM b
GROUP BY value
ORDER BY backlinks DESC, value
