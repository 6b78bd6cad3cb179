-- the name a site gives itself: the og:site_name most of its live pages declare, if any
-- params: $domain
SELECT og_site_name AS name
FROM live_pages
WHERE domain = $domain AND og_site_name IS NOT NULL AND og_site_name <> ''
GROUP BY og_site_name
ORDER BY count(*) DESC, og_site_name
LIMIT 1
