-- audit: what the audit reads of each referring domain of a domain: rank and trust, its
-- crawled pages (how many, https, contact details, median title length and HTML size, meta
-- descriptions, external links), the domains it links to and those linking to it
-- (dofollow among them)
-- params: $domain
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
),
pg AS (
    SELECT p.domain,
           count(*) AS pages,
           count(*) FILTER (WHERE p.status BETWEEN 200 AND 299) AS ok_pages,
           bool_or(p.url LIKE 'https://%') AS https,
           bool_or(len(coalesce(p.contacts, [])) > 0) AS contacts,
           median(length(coalesce(p.title, ''))) FILTER (WHERE p.status BETWEEN 200 AND 299) AS median_title,
           count(*) FILTER (WHERE p.meta_description IS NOT NULL) AS described_pages,
           median(p.content_length) FILTER (WHERE p.status BETWEEN 200 AND 299) AS median_bytes,
           coalesce(sum(p.links_external), 0) AS external_links,
           coalesce(sum(p.content_length) FILTER (WHERE p.status BETWEEN 200 AND 299), 0) AS html_bytes
    FROM live_pages AS p
    SEMI JOIN refs ON refs.domain = p.domain
    GROUP BY p.domain
),
outs AS (
    SELECT src_domain AS domain, count(DISTINCT dst_domain) AS out_domains
    FROM live_links AS l
    SEMI JOIN refs ON refs.domain = l.src_domain
    WHERE src_domain <> dst_domain
    GROUP BY src_domain
),
ins AS (
    SELECT dst_domain AS domain, count(DISTINCT src_domain) AS in_domains,
           count(DISTINCT src_domain) FILTER (WHERE dofollow) AS dofollow_in_domains,
           count(DISTINCT src_domain) FILTER (WHERE NOT dofollow) AS nofollow_in_domains
    FROM live_links AS l
    SEMI JOIN refs ON refs.domain = l.dst_domain
    WHERE src_domain <> dst_domain
    GROUP BY dst_domain
)
SELECT refs.domain, r.domain_rank, r.trust, r.trust_ratio, r.rank_pos,
       coalesce(pg.pages, 0) AS pages, coalesce(pg.ok_pages, 0) AS ok_pages,
       coalesce(pg.https, false) AS https, coalesce(pg.contacts, false) AS contacts,
       pg.median_title, coalesce(pg.described_pages, 0) AS described_pages, pg.median_bytes,
       coalesce(pg.external_links, 0) AS external_links, coalesce(pg.html_bytes, 0) AS html_bytes,
       coalesce(o.out_domains, 0) AS out_domains, coalesce(i.in_domains, 0) AS in_domains,
       coalesce(i.dofollow_in_domains, 0) AS dofollow_in_domains,
       coalesce(i.nofollow_in_domains, 0) AS nofollow_in_domains
FROM refs
LEFT JOIN pg USING (domain)
LEFT JOIN outs AS o USING (domain)
LEFT JOIN ins AS i USING (domain)
LEFT JOIN domain_ranks AS r ON r.domain = refs.domain
ORDER BY refs.domain
