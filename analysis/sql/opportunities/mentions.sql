-- unlinked mentions: live pages whose main text (pages.text) names the brand ($pattern, an RE2
-- regular expression of its names, case-insensitive) and that hold no link to $domain; the
-- site itself and the $exclude domains (its competitors) are left out
-- params: $domain, $pattern, $exclude (list of registered domains)
SELECT p.url, p.domain, p.title, p.text, p.fetched_at,
       p.warc_file || '@' || p.warc_offset || ':' || p.warc_length AS record
FROM live_pages AS p
WHERE p.domain <> $domain
  AND NOT list_contains($exclude::VARCHAR[], p.domain)
  AND p.status BETWEEN 200 AND 299
  AND p.text IS NOT NULL
  AND regexp_matches(p.text, $pattern)
  AND p.url NOT IN (SELECT src_url FROM backlinks_to($domain, NULL))
ORDER BY p.domain, p.url
