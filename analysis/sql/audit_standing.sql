-- audit: the standing of a set of domains (a domain's referring domains and their link
-- partners): its share of the trust the seeds hand out, relative to the average domain
-- (trust_raw times the number of domains: 1 is the average, NULL when the graph has no seed),
-- whether it is a seed, its domain rank, whether the crawl fetched any of its pages, and how
-- many domains it links out to (a link farm's in-links vouch for nothing)
-- params: $domains
WITH n AS (
    SELECT count(*) AS domains, bool_or(trusted_seed) AS seeded FROM domain_ranks
),
wanted AS (
    SELECT DISTINCT unnest($domains::VARCHAR[]) AS domain
)
SELECT w.domain,
       CASE WHEN n.seeded THEN coalesce(r.trust_raw, 0) * n.domains END AS trust_mass,
       coalesce(r.trusted_seed, false) AS trusted_seed,
       r.domain_rank, coalesce(r.referring_domains, 0) AS referring_domains,
       coalesce(r.out_domains, 0) AS out_domains
FROM wanted AS w
CROSS JOIN n
LEFT JOIN domain_ranks AS r ON r.domain = w.domain
ORDER BY w.domain
