-- audit: how much of each referring domain of a domain the crawl has seen: its pages fetched
-- (whatever their status) and known (fetched, or linked to by any crawled page), the domains
-- it links to and how
-- many of those were crawled (only links between crawled domains can be seen both ways)
-- (audit/aggregates.sql: audit_domain_facts)
-- params: $domain
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
)
SELECT refs.domain, coalesce(f.pages, 0) AS pages_fetched, coalesce(f.known_pages, 0) AS pages_known,
       coalesce(f.out_domains, 0) AS linked_domains, coalesce(f.linked_crawled, 0) AS linked_crawled
FROM refs
LEFT JOIN audit_domain_facts AS f USING (domain)
ORDER BY refs.domain
