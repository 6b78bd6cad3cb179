-- audit: what the audit reads of each referring domain of a domain: rank and trust, and its
-- facts (audit/aggregates.sql: audit_domain_facts): its crawled pages (how many, https,
-- contact details, median title length and HTML size, meta descriptions, external links), the
-- domains it links to and those linking to it (dofollow among them), and how much of it the
-- crawl has seen (pages known: fetched or linked to; the domains it links to that were crawled)
-- params: $domain
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
)
SELECT refs.domain, r.domain_rank, r.trust, r.trust_ratio, r.rank_pos,
       coalesce(f.pages, 0) AS pages, coalesce(f.ok_pages, 0) AS ok_pages,
       coalesce(f.https, false) AS https, coalesce(f.contacts, false) AS contacts,
       f.median_title, coalesce(f.described_pages, 0) AS described_pages, f.median_bytes,
       coalesce(f.external_links, 0) AS external_links, coalesce(f.html_bytes, 0) AS html_bytes,
       coalesce(f.out_domains, 0) AS out_domains, coalesce(f.in_domains, 0) AS in_domains,
       coalesce(f.dofollow_in_domains, 0) AS dofollow_in_domains,
       coalesce(f.nofollow_in_domains, 0) AS nofollow_in_domains,
       coalesce(f.known_pages, 0) AS known_pages, coalesce(f.linked_crawled, 0) AS linked_crawled
FROM refs
LEFT JOIN audit_domain_facts AS f USING (domain)
LEFT JOIN domain_ranks AS r ON r.domain = refs.domain
ORDER BY refs.domain
