-- audit: the anchors of the typical site: for the $max_domains domains with the most
-- referring domains (at least $min_domains), each anchor with its image flag, the linked
-- page's title, backlinks and the referring domain of each backlink; one domain's rows
-- together (what `backlinks build` classes and stores, analysis/audit/aggregates.py)
-- params: $min_domains, $max_domains
WITH ext AS (
    SELECT dst_domain, src_domain, dst_url, anchor_key(anchor_text) AS anchor,
           coalesce(image, false) AS image
    FROM live_links WHERE src_domain <> dst_domain
),
top AS (
    SELECT dst_domain FROM ext
    GROUP BY dst_domain
    HAVING count(DISTINCT src_domain) >= $min_domains
    ORDER BY count(DISTINCT src_domain) DESC, dst_domain
    LIMIT $max_domains
)
SELECT e.dst_domain, e.anchor, e.image, t.title AS dst_title, count(*) AS backlinks,
       list(e.src_domain) AS src_domains
FROM ext AS e
SEMI JOIN top USING (dst_domain)
LEFT JOIN live_pages AS t ON t.url = e.dst_url
GROUP BY e.dst_domain, e.anchor, e.image, t.title
ORDER BY e.dst_domain
