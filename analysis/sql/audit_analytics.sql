-- audit: referring domains of a domain that share an analytics or ad account id (Google
-- Analytics UA-/G-, Tag Manager, Ads, AdSense ca-pub-) with at least $min_domains - 1 other
-- domains of the index: one row per (referring domain, shared id) with every domain using it
-- (audit/aggregates.sql: audit_shared_keys)
-- params: $domain, $min_domains
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
)
SELECT k.domain, k.key AS account, g.domains
FROM audit_shared_keys AS k
JOIN audit_key_groups AS g USING (kind, key)
SEMI JOIN refs ON refs.domain = k.domain
WHERE k.kind = 'account' AND g.n >= $min_domains
ORDER BY k.domain, account
