-- audit: referring domains of a domain that share an analytics or ad account id (Google
-- Analytics UA-/G-, Tag Manager, Ads, AdSense ca-pub-) with at least $min_domains - 1 other
-- domains of the index: one row per (referring domain, shared id) with every domain using it
-- params: $domain, $min_domains
WITH refs AS (
    SELECT DISTINCT src_domain AS domain FROM backlinks_to($domain, NULL)
),
ids AS (
    SELECT DISTINCT domain, unnest(analytics_ids) AS account
    FROM live_pages
    WHERE len(coalesce(analytics_ids, [])) > 0
),
groups AS (
    SELECT account, list_sort(list(DISTINCT domain)) AS domains
    FROM ids
    GROUP BY account
    HAVING count(DISTINCT domain) >= $min_domains
)
SELECT i.domain, g.account, g.domains
FROM ids AS i
JOIN groups AS g USING (account)
SEMI JOIN refs ON refs.domain = i.domain
ORDER BY i.domain, g.account
