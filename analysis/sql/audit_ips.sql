-- audit: referring domains of a domain that share a server address, or its /24 (IPv4), with
-- at least $min_domains - 1 other domains (audit/aggregates.sql: audit_shared_keys, which
-- leaves out loopback, private and link-local addresses), and no more than $max_share of the
-- index's domains (an address shared more widely is a proxy, a CDN, a big host)
-- params: $domain, $min_domains, $max_share
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
),
total AS (
    SELECT count(domain) AS n FROM audit_domain_facts WHERE pages > 0
)
SELECT k.domain, k.kind, k.key, g.domains
FROM audit_shared_keys AS k
JOIN audit_key_groups AS g USING (kind, key)
CROSS JOIN total
SEMI JOIN refs ON refs.domain = k.domain
WHERE k.kind IN ('ip', 'net') AND g.n >= $min_domains AND g.n <= $max_share * total.n
ORDER BY k.domain, k.kind, k.key
