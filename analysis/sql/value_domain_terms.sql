-- link value: the TF-IDF terms (value/terms.sql) of some registered domains
-- params: $domains
SELECT domain, term, weight
FROM value_domain_terms
WHERE domain IN (SELECT unnest($domains))
