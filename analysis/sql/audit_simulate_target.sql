-- audit, disavow --simulate: the graph id of a registered domain
-- params: $domain
SELECT domain_id FROM domains WHERE domain = $domain
