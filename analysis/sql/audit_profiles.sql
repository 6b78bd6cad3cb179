-- audit: for each referring domain of a domain with at least $min_domains referring domains
-- of its own, the other domain (with as many) whose set of referring domains is most like its
-- own, when their Jaccard similarity is at least $min_jaccard.
-- Only domains that can reach it are compared (the prefix filter of set-similarity joins):
-- two sets of n and m referring domains with a Jaccard of at least t share one of the first
-- n - ceil(t n) + 1 of the one and m - ceil(t m) + 1 of the other, taken in one order
-- (audit_domain_pairs.in_rank: rarest first, so few domains share them)
-- params: $domain, $min_domains, $min_jaccard
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
),
prefix AS (  -- 1e-9: a product rounded up must not shorten a prefix
    SELECT dst_domain, src_domain
    FROM audit_domain_pairs
    WHERE in_degree >= $min_domains
      AND in_rank <= in_degree - ceil($min_jaccard * in_degree - 1e-9) + 1
),
candidates AS (
    SELECT DISTINCT a.dst_domain AS domain, b.dst_domain AS other
    FROM prefix AS a
    JOIN prefix AS b ON b.src_domain = a.src_domain AND b.dst_domain <> a.dst_domain
    SEMI JOIN refs ON refs.domain = a.dst_domain
),
pairs AS (
    SELECT c.domain, c.other, count(*) AS shared,
           any_value(a.in_degree) AS referring_domains, any_value(b.in_degree) AS other_referring_domains
    FROM candidates AS c
    JOIN audit_domain_pairs AS a ON a.dst_domain = c.domain
    JOIN audit_domain_pairs AS b ON b.dst_domain = c.other AND b.src_domain = a.src_domain
    GROUP BY c.domain, c.other
)
SELECT domain, other, shared, referring_domains, other_referring_domains,
       shared / (referring_domains + other_referring_domains - shared) AS jaccard
FROM pairs
WHERE jaccard >= $min_jaccard
QUALIFY row_number() OVER (PARTITION BY domain ORDER BY jaccard DESC, other) = 1
ORDER BY domain
