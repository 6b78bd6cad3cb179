-- the anchor texts of a domain's backlinks (an image link's is its alt text; whitespace
-- collapsed), with backlinks, referring domains and dofollow backlinks; most referring domains first
-- params: $domain, $crawl (NULL: the live index), $limit (NULL: all)
SELECT
    anchor_key(anchor_text) AS anchor,
    count(*) AS backlinks,
    count(DISTINCT src_domain) AS referring_domains,
    count(*) FILTER (WHERE dofollow) AS dofollow_backlinks,
    count(*) FILTER (WHERE image) AS image_backlinks
FROM backlinks_to($domain, $crawl)
GROUP BY anchor
ORDER BY referring_domains DESC, backlinks DESC, anchor
LIMIT $limit
