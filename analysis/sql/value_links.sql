-- link value: the live backlinks of a domain with what the value of each reads: follow,
-- placement region, position and text around it, the referring page's PageRank and link
-- count, the links in the same region of that page, the referring domain's rank and trust
-- params: $domain
WITH b AS (
    SELECT * FROM backlinks_to($domain, NULL)
),
regions AS (
    SELECT src_url, placement, links AS region_links
    FROM value_region_links
    WHERE src_key IN (SELECT hash(src_url) FROM b) AND src_url IN (SELECT src_url FROM b)
)
SELECT b.src_url, b.src_domain, b.dst_url, b.position, b.kind, anchor_key(b.anchor_text) AS anchor,
       coalesce(b.image, false) AS image, coalesce(b.placement, 'other') AS region, b.dofollow,
       follow_class(b.nofollow, b.ugc, b.sponsored, b.page_nofollow) AS follow,
       length(coalesce(b.context_before, '')) + length(coalesce(b.context_after, '')) AS context_chars,
       pr.pagerank, pr.page_rank,
       coalesce(s.links_internal, 0) + coalesce(s.links_external, 0) AS page_links,
       coalesce(g.region_links, 1) AS region_links,
       r.domain_rank, r.trust
FROM b
LEFT JOIN live_pages AS s ON s.url = b.src_url
LEFT JOIN page_ranks AS pr ON pr.url_hash = hash(b.src_url)
LEFT JOIN regions AS g ON g.src_url = b.src_url AND g.placement IS NOT DISTINCT FROM b.placement
LEFT JOIN domain_ranks AS r ON r.domain = b.src_domain
ORDER BY b.src_domain, b.src_url, b.position, b.dst_url
