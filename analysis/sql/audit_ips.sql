-- audit: referring domains of a domain that share a server address, or its /24 (IPv4), with
-- at least $min_domains - 1 other domains. Loopback, private and link-local addresses say
-- nothing (a crawl through a proxy records the proxy's), and neither does an address used by
-- more than $max_share of the index's domains (a proxy, a CDN, a big host)
-- params: $domain, $min_domains, $max_share
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
),
addr AS (
    SELECT DISTINCT domain, ip_address AS ip,
           CASE WHEN regexp_matches(ip_address, '^\d+\.\d+\.\d+\.\d+$')
                THEN regexp_replace(ip_address, '\.\d+$', '.0/24') END AS net
    FROM live_pages
    WHERE coalesce(ip_address, '') <> ''
      AND NOT regexp_matches(ip_address, '^(127\.|10\.|0\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fe80:|f[cd][0-9a-f]{2}:)')
),
total AS (
    SELECT count(DISTINCT domain) AS n FROM live_pages
),
keys AS (
    SELECT domain, 'ip' AS kind, ip AS key FROM addr
    UNION
    SELECT domain, 'net', net FROM addr WHERE net IS NOT NULL
),
groups AS (
    SELECT kind, key, list_sort(list(DISTINCT domain)) AS domains, count(DISTINCT domain) AS n
    FROM keys
    GROUP BY kind, key
)
SELECT k.domain, g.kind, g.key, g.domains
FROM keys AS k
JOIN groups AS g USING (kind, key)
CROSS JOIN total
SEMI JOIN refs ON refs.domain = k.domain
WHERE g.n >= $min_domains AND g.n <= $max_share * total.n
ORDER BY k.domain, g.kind, g.key
