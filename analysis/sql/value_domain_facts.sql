-- link value: the rank and trust of some registered domains (prospects that do not link yet)
-- params: $domains
SELECT domain, domain_rank, trust
FROM domain_ranks
WHERE domain IN (SELECT unnest($domains))
