-- audit: the typical site's anchor figures as `backlinks build` stored them (audit/stored.sql):
-- for the $max_domains domains with the most referring domains (at least $min_domains), the
-- money share and top money anchor share of each (analysis/audit/anchors.py: baseline_shares)
-- params: $min_domains, $max_domains
SELECT domain, money_share, top_money_share
FROM audit_anchor_shares
WHERE referring_domains >= $min_domains
ORDER BY referring_domains DESC, domain
LIMIT $max_domains
