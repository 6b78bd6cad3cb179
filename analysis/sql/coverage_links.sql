-- coverage: what the live index knows of each page Search Console lists as linking to
-- $domain: whether it is a linking page of $domain, its last fetch (status, error, redirect),
-- and how many pages of its domain we fetched. A page is matched with or without its scheme
-- (Search Console lists https://x/p, a crawl may have fetched http://x/p).
-- params: $domain; reads the registered table gsc_links (url, domain)
WITH gsc AS (
    SELECT url, domain, regexp_replace(url, '^https?://', '') AS key FROM gsc_links
),
linking AS (
    SELECT DISTINCT regexp_replace(src_url, '^https?://', '') AS key
    FROM backlinks_to($domain, NULL)
),
fetches AS (
    SELECT regexp_replace(url, '^https?://', '') AS key, status, error, redirect_to, fetched_at
    FROM live_pages
    WHERE domain IN (SELECT domain FROM gsc)
    QUALIFY row_number() OVER (PARTITION BY key ORDER BY fetched_at DESC) = 1
),
domains AS (
    SELECT domain, count(*) AS pages FROM live_pages
    WHERE domain IN (SELECT domain FROM gsc)
    GROUP BY domain
)
SELECT g.url, g.domain,
       l.key IS NOT NULL AS found,
       f.key IS NOT NULL AS fetched,
       f.status, f.error, f.redirect_to, f.fetched_at,
       coalesce(d.pages, 0) AS domain_pages
FROM gsc AS g
LEFT JOIN linking AS l USING (key)
LEFT JOIN fetches AS f USING (key)
LEFT JOIN domains AS d USING (domain)
ORDER BY g.url
