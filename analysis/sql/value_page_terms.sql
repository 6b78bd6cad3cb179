-- link value: the TF-IDF terms (value/terms.sql) of the pages linking to a domain
-- params: $domain
SELECT url, term, weight
FROM value_page_terms
WHERE url IN (SELECT src_url FROM backlinks_to($domain, NULL))
