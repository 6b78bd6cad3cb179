-- audit: how much of each referring domain of a domain the crawl has seen: its pages fetched
-- and known (fetched, or linked to by any crawled page), the domains it links to and how
-- many of those were crawled (only links between crawled domains can be seen both ways),
-- and the crawled domains linking to it
-- params: $domain
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
),
crawled AS (
    SELECT DISTINCT domain FROM live_pages
),
fetched AS (
    SELECT domain, count(DISTINCT url) FILTER (WHERE status BETWEEN 200 AND 299) AS pages_fetched
    FROM live_pages SEMI JOIN refs USING (domain)
    GROUP BY domain
),
known AS (
    SELECT domain, count(DISTINCT url) AS pages_known
    FROM (
        SELECT domain, url FROM live_pages SEMI JOIN refs USING (domain)
        UNION
        SELECT dst_domain, dst_url FROM live_links AS l
        SEMI JOIN refs ON refs.domain = l.dst_domain
        WHERE l.kind <> 'area' OR l.kind IS NULL
    )
    GROUP BY domain
),
linked AS (
    SELECT l.src_domain AS domain, count(DISTINCT l.dst_domain) AS linked_domains,
           count(DISTINCT l.dst_domain) FILTER (WHERE c.domain IS NOT NULL) AS linked_crawled
    FROM live_links AS l
    SEMI JOIN refs ON refs.domain = l.src_domain
    LEFT JOIN crawled AS c ON c.domain = l.dst_domain
    WHERE l.src_domain <> l.dst_domain
    GROUP BY l.src_domain
)
SELECT refs.domain, coalesce(f.pages_fetched, 0) AS pages_fetched,
       coalesce(k.pages_known, 0) AS pages_known,
       coalesce(ld.linked_domains, 0) AS linked_domains, coalesce(ld.linked_crawled, 0) AS linked_crawled
FROM refs
LEFT JOIN fetched AS f USING (domain)
LEFT JOIN known AS k USING (domain)
LEFT JOIN linked AS ld USING (domain)
ORDER BY refs.domain
