-- the pages known to link to a site: every page of another domain whose links to it any crawl
-- recorded (what `backlinks recheck` fetches again, with the pages of the outreach log)
-- params: $domain
SELECT DISTINCT src_url
FROM backlinks_ever($domain)
ORDER BY src_url
