-- audit: for each referring domain of a domain with at least $min_domains referring domains
-- of its own, the other domain (with as many) whose set of referring domains is most like its
-- own, when their Jaccard similarity is at least $min_jaccard.
-- Only domains that can reach it are compared (the prefix filter of set-similarity joins):
-- two sets of n and m referring domains with a Jaccard of at least t share one of the first
-- n - ceil(t n) + 1 of the one and m - ceil(t m) + 1 of the other, taken in one order
-- (audit/aggregates.sql: audit_referrers, rarest first, so few domains share them; those
-- have a rarity of at most 1 - t, which lets the scan skip the others); and only when neither
-- set is smaller than t times the other
-- params: $domain, $min_domains, $min_jaccard
WITH refs AS (
    SELECT f.domain_id
    FROM audit_domain_facts AS f
    SEMI JOIN backlinks_to($domain, NULL) AS b ON b.src_domain = f.domain
),
prefix AS (  -- 1e-6: a product rounded up must not shorten a prefix
    SELECT dst_id, src_id, in_degree
    FROM audit_referrers
    WHERE rarity <= 1 - $min_jaccard + 1e-6 AND in_degree >= $min_domains
      AND in_rank <= in_degree - ceil($min_jaccard * in_degree - 1e-6) + 1
),
candidates AS (  -- neither set may be smaller than t times the other
    SELECT DISTINCT a.dst_id AS id, b.dst_id AS other_id, a.in_degree AS n, b.in_degree AS other_n
    FROM prefix AS a
    JOIN prefix AS b ON b.src_id = a.src_id AND b.dst_id <> a.dst_id
    SEMI JOIN refs ON refs.domain_id = a.dst_id
    WHERE b.in_degree >= $min_jaccard * a.in_degree - 0.5 AND a.in_degree >= $min_jaccard * b.in_degree - 0.5
),
lists AS MATERIALIZED (  -- the referring domains of every domain compared
    SELECT dst_id, src_id
    FROM audit_referrers
    WHERE dst_id IN (SELECT id FROM candidates UNION SELECT other_id FROM candidates)
),
pairs AS (
    SELECT c.id, c.other_id, any_value(c.n) AS referring_domains,
           any_value(c.other_n) AS other_referring_domains, count(*) AS shared
    FROM candidates AS c
    JOIN lists AS a ON a.dst_id = c.id
    JOIN lists AS b ON b.dst_id = c.other_id AND b.src_id = a.src_id
    GROUP BY c.id, c.other_id
)
SELECT fa.domain, fb.domain AS other, p.shared, p.referring_domains, p.other_referring_domains,
       p.shared / (p.referring_domains + p.other_referring_domains - p.shared) AS jaccard
FROM pairs AS p
JOIN audit_domain_facts AS fa ON fa.domain_id = p.id
JOIN audit_domain_facts AS fb ON fb.domain_id = p.other_id
WHERE jaccard >= $min_jaccard
QUALIFY row_number() OVER (PARTITION BY fa.domain ORDER BY jaccard DESC, other) = 1
ORDER BY fa.domain
