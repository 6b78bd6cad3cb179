-- audit, disavow --simulate: the seeds of trust as build/trust_seeds.sql has them: every
-- .gov/.edu/.mil domain and the operator's list (graph meta "trusted")
-- params: $trusted (list of registered domains)
SELECT domain_id
FROM domains
WHERE is_gov_edu(domain) OR list_contains($trusted::VARCHAR[], domain)
ORDER BY domain_id
