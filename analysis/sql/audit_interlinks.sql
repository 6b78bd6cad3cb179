-- audit: how much each referring domain of a domain links both ways (audit/aggregates.sql:
-- audit_interlinks): the domains it has a dofollow link to and from (partners), and all it has
-- one to or from (neighbours)
-- params: $domain
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
)
SELECT domain, partners, neighbours, partner_domains
FROM audit_interlinks
SEMI JOIN refs USING (domain)
ORDER BY domain
