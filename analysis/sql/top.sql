-- the graph's strongest domains: position, domain rank, trust, trust/rank, referring domains,
-- backlinks and dofollow out-domains (needs graph.duckdb)
-- params: $limit (NULL: all), $min_referring_domains
SELECT rank_pos, domain, domain_rank, trust, trust_ratio, referring_domains, backlinks, out_domains
FROM domain_ranks
WHERE referring_domains >= $min_referring_domains
ORDER BY rank_pos
LIMIT $limit
