-- dead outbound links of on-topic pages: live pages of domains that link to the site or to a
-- competitor ($targets) holding a link to another site's URL that answered 4xx or 5xx when
-- last fetched (not a target's: those are `broken` rows); the page can take the site's link in
-- its place
-- params: $targets (list of registered domains: the site and its competitors)
WITH topical AS (
    SELECT DISTINCT src_domain
    FROM external_links(NULL)
    WHERE dst_key IN (SELECT hash(unnest($targets::VARCHAR[]))) AND list_contains($targets::VARCHAR[], dst_domain)
)
SELECT l.src_url, l.src_domain, l.dst_url, p.status,
       s.warc_file || '@' || s.warc_offset || ':' || s.warc_length AS record
FROM live_links AS l
JOIN live_pages AS p ON p.url = l.dst_url
JOIN live_pages AS s ON s.url = l.src_url
WHERE l.src_domain IN (SELECT src_domain FROM topical)
  AND l.src_domain <> l.dst_domain
  AND NOT list_contains($targets::VARCHAR[], l.dst_domain)
  AND p.status >= 400
ORDER BY l.src_domain, l.src_url, l.dst_url
