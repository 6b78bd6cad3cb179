-- the domain rank and trust of some registered domains (NULL before `backlinks build`)
-- params: $domains (list of registered domains)
SELECT domain, domain_rank, trust
FROM domain_ranks
WHERE list_contains($domains::VARCHAR[], domain)
