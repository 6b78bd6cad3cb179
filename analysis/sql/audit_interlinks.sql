-- audit: how much each referring domain of a domain links both ways: the domains it has a
-- dofollow link to and from (partners), and all it has one to or from (neighbours)
-- params: $domain
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
),
e AS (
    SELECT DISTINCT src_domain, dst_domain FROM live_links WHERE dofollow AND src_domain <> dst_domain
),
sides AS (
    SELECT src_domain AS domain, dst_domain AS other, true AS out_side FROM e
    WHERE src_domain IN (SELECT domain FROM refs)
    UNION ALL
    SELECT dst_domain, src_domain, false FROM e
    WHERE dst_domain IN (SELECT domain FROM refs)
),
per AS (
    SELECT domain, other, bool_or(out_side) AS o, bool_or(NOT out_side) AS i
    FROM sides
    GROUP BY domain, other
)
SELECT domain, count(*) FILTER (WHERE o AND i) AS partners, count(*) AS neighbours,
       list_sort(list(other) FILTER (WHERE o AND i)) AS partner_domains
FROM per
GROUP BY domain
ORDER BY domain
