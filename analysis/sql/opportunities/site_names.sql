-- what a site calls itself: the og:site_name most of its live pages declare (NULL if none),
-- and the titles of up to 1000 of its pages (analysis/opportunities/brand.py finds the name they share)
-- params: $domain
SELECT (SELECT og_site_name FROM live_pages
        WHERE domain = $domain AND og_site_name IS NOT NULL AND og_site_name <> ''
        GROUP BY og_site_name ORDER BY count(*) DESC, og_site_name LIMIT 1) AS og_name,
       coalesce((SELECT list(title) FROM (SELECT title FROM live_pages
                 WHERE domain = $domain AND status BETWEEN 200 AND 299 AND title IS NOT NULL
                 ORDER BY url LIMIT 1000)), []::VARCHAR[]) AS titles
