-- coverage: what the live index knows of each domain Search Console lists as linking to
-- $domain: our backlinks from it and their pages, and the pages of it we fetched (how many,
-- how many answered 2xx, which statuses)
-- params: $domain; reads the registered table gsc_sites (domain)
WITH ours AS (
    SELECT src_domain AS domain, count(*) AS backlinks, count(DISTINCT src_url) AS linking_pages
    FROM backlinks_to($domain, NULL)
    GROUP BY src_domain
),
fetched AS (
    SELECT domain, count(*) AS pages,
           count(*) FILTER (WHERE status BETWEEN 200 AND 299) AS ok_pages,
           list(DISTINCT status ORDER BY status) AS statuses
    FROM live_pages
    WHERE domain IN (SELECT domain FROM gsc_sites)
    GROUP BY domain
)
SELECT s.domain,
       coalesce(o.backlinks, 0) AS backlinks,
       coalesce(o.linking_pages, 0) AS linking_pages,
       coalesce(f.pages, 0) AS pages_fetched,
       coalesce(f.ok_pages, 0) AS ok_pages,
       f.statuses
FROM (SELECT DISTINCT domain FROM gsc_sites) AS s
LEFT JOIN ours AS o USING (domain)
LEFT JOIN fetched AS f USING (domain)
ORDER BY s.domain
