-- a site's pages as contact, imprint, about or author pages are recognised: each live page
-- (URL, title) and each URL the site's own links point to (the anchors they use), without
-- the pages known to answer an error
-- params: $domain
WITH anchors AS (
    SELECT dst_url AS url, list(DISTINCT lower(anchor_key(anchor_text))) AS anchors
    FROM live_links
    WHERE src_domain = $domain AND dst_domain = $domain AND kind IN ('a', 'area')
    GROUP BY dst_url
),
fetched AS (
    SELECT url, title, status FROM live_pages WHERE domain = $domain
)
SELECT url, f.title, f.status, coalesce(a.anchors, []::VARCHAR[]) AS anchors
FROM fetched AS f
FULL OUTER JOIN anchors AS a USING (url)
WHERE f.status IS NULL OR f.status BETWEEN 200 AND 299
ORDER BY url
