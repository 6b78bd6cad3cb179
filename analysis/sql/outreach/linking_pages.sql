-- the pages of a referring domain that ever linked to a site, in any crawl (what a removal
-- request for the whole domain is about)
-- params: $domain (the site), $src_domain
SELECT DISTINCT src_url
FROM backlinks_ever($domain)
WHERE src_domain = $src_domain
ORDER BY src_url
