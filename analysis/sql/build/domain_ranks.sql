-- build step: the table domain_ranks from the scores computed in Python (`scores`: domain_id,
-- pagerank, domain_rank, rank_pos, trust_raw, trust, trusted_seed) and the edge counts:
-- referring domains and backlinks (live, any rel) and dofollow out-domains (what explain divides by).
-- No parameters.
CREATE TABLE out.domain_ranks AS
WITH inbound AS (
    SELECT dst_id AS domain_id, count(*) AS referring_domains, sum(links) AS backlinks
    FROM out.domain_edges WHERE live AND links > 0 GROUP BY dst_id
),
outbound AS (
    SELECT src_id AS domain_id, count(*) AS out_domains
    FROM out.domain_edges WHERE live AND dofollow_links > 0 GROUP BY src_id
)
SELECT d.domain_id, d.domain, s.pagerank, s.domain_rank, s.rank_pos, s.trust_raw, s.trust,
       CASE WHEN s.domain_rank > 0 THEN s.trust / s.domain_rank END AS trust_ratio,
       s.trusted_seed,
       coalesce(i.referring_domains, 0) AS referring_domains,
       coalesce(i.backlinks, 0)::BIGINT AS backlinks,
       coalesce(o.out_domains, 0) AS out_domains
FROM out.domains AS d
JOIN scores AS s USING (domain_id)
LEFT JOIN inbound AS i USING (domain_id)
LEFT JOIN outbound AS o USING (domain_id)
ORDER BY d.domain_id;
