-- why a domain ranks where it does: the referring domains whose live dofollow links pass it
-- PageRank, strongest contribution first. A referring domain passes damping * pagerank /
-- out_domains (its score split equally over the domains it links to); `share` is its part of
-- all the domain receives through links, `of_score` its part of the domain's whole PageRank
-- (the rest is the teleport and dangling share every domain gets). Needs graph.duckdb.
-- params: $domain, $limit (NULL: all)
WITH target AS (
    SELECT domain_id, pagerank FROM domain_ranks WHERE domain = $domain
),
damping AS (
    SELECT value::DOUBLE AS d FROM graph_meta WHERE key = 'damping'
),
passed AS (
    SELECT s.domain, s.domain_rank, s.pagerank, s.out_domains, e.dofollow_links,
           damping.d * s.pagerank / s.out_domains AS contribution,
           t.pagerank AS target_pagerank
    FROM target AS t
    JOIN domain_edges AS e ON e.dst_id = t.domain_id AND e.live AND e.dofollow_links > 0
    JOIN domain_ranks AS s ON s.domain_id = e.src_id
    CROSS JOIN damping
)
SELECT domain AS referring_domain, domain_rank, dofollow_links, out_domains, contribution,
       contribution / sum(contribution) OVER () AS share,
       contribution / target_pagerank AS of_score
FROM passed
ORDER BY contribution DESC, referring_domain
LIMIT $limit
