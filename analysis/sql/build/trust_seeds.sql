-- the seeds of trust: every .gov/.edu/.mil registered domain (gov.uk, edu.au... too) and the
-- operator's list (read by the build and, with the graph's meta "trusted", by disavow --simulate)
-- params: $trusted (list of registered domains)
SELECT domain_id
FROM domains
WHERE is_gov_edu(domain) OR list_contains($trusted::VARCHAR[], domain)
ORDER BY domain_id
