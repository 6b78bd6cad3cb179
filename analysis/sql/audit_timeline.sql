-- audit: a domain's referring domains and backlinks as of each crawl (each page as last
-- fetched by that crawl or an earlier one), and the referring domains first seen in it
-- params: $domain
WITH ever AS (
    SELECT crawl_id, src_url, src_domain FROM backlinks_ever($domain)
),
fetched AS (
    SELECT c.seq AS k, p.url, arg_max(p.crawl_id, pc.seq) AS crawl_id
    FROM crawls AS c
    JOIN pages AS p ON p.url IN (SELECT src_url FROM ever)
    JOIN crawls AS pc ON pc.crawl_id = p.crawl_id AND pc.seq <= c.seq
    GROUP BY c.seq, p.url
),
as_of AS (
    SELECT f.k, count(DISTINCT e.src_domain) AS referring_domains, count(*) AS backlinks
    FROM fetched AS f
    JOIN ever AS e ON e.crawl_id = f.crawl_id AND e.src_url = f.url
    GROUP BY f.k
),
first AS (
    SELECT e.src_domain, min(c.seq) AS k FROM ever AS e JOIN crawls AS c USING (crawl_id)
    GROUP BY e.src_domain
),
news AS (
    SELECT k, count(*) AS new_referring_domains, list_sort(list(src_domain)) AS new_domains
    FROM first GROUP BY k
)
SELECT c.seq, c.crawl_id, c.started_at,
       coalesce(a.referring_domains, 0) AS referring_domains,
       coalesce(a.backlinks, 0) AS backlinks,
       coalesce(n.new_referring_domains, 0) AS new_referring_domains,
       coalesce(n.new_domains, []) AS new_domains
FROM crawls AS c
LEFT JOIN as_of AS a ON a.k = c.seq
LEFT JOIN news AS n ON n.k = c.seq
ORDER BY c.seq
