-- the latest fetch of some pages and whether it still links to a domain: a removal request's
-- proof (its WARC record) that a link is gone, or that it stayed
-- params: $domain (the site linked to), $pages (list of URLs)
SELECT p.url, p.fetched_at, p.status, p.crawl_id,
       p.warc_file || '@' || p.warc_offset || ':' || p.warc_length AS record,
       count(l.dst_url) AS links_to_site
FROM live_pages AS p
LEFT JOIN live_links AS l
       ON l.src_url = p.url AND l.dst_key = hash($domain) AND l.dst_domain = $domain
WHERE list_contains($pages::VARCHAR[], p.url)
GROUP BY ALL
ORDER BY p.url
