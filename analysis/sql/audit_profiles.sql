-- audit: for each referring domain of a domain with at least $min_domains referring domains
-- of its own, the other domain whose set of referring domains is most like its own (Jaccard)
-- params: $domain, $min_domains
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
),
e AS (
    SELECT DISTINCT src_domain, dst_domain FROM live_links WHERE src_domain <> dst_domain
),
deg AS (
    SELECT dst_domain AS domain, count(*) AS n FROM e GROUP BY dst_domain HAVING count(*) >= $min_domains
),
mine AS (
    SELECT e.* FROM e
    SEMI JOIN deg ON deg.domain = e.dst_domain
    SEMI JOIN refs ON refs.domain = e.dst_domain
),
pairs AS (
    SELECT a.dst_domain AS domain, b.dst_domain AS other, count(*) AS shared
    FROM mine AS a
    JOIN e AS b ON b.src_domain = a.src_domain AND b.dst_domain <> a.dst_domain
    SEMI JOIN deg ON deg.domain = b.dst_domain
    GROUP BY a.dst_domain, b.dst_domain
)
SELECT p.domain, p.other, p.shared, da.n AS referring_domains, db.n AS other_referring_domains,
       p.shared / (da.n + db.n - p.shared) AS jaccard
FROM pairs AS p
JOIN deg AS da ON da.domain = p.domain
JOIN deg AS db ON db.domain = p.other
QUALIFY row_number() OVER (PARTITION BY p.domain ORDER BY jaccard DESC, p.other) = 1
ORDER BY p.domain
