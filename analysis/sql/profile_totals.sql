-- the totals of a domain's backlink profile: backlinks and how many are dofollow, referring
-- domains / hosts / pages, its linked pages, links from .gov/.edu/.mil domains, its own
-- crawled pages, and its rank and trust when the graph is built
-- params: $domain, $crawl (NULL: the live index, every page as last fetched)
WITH b AS (
    SELECT
        count(*) AS backlinks,
        count(*) FILTER (WHERE dofollow) AS dofollow_backlinks,
        count(*) FILTER (WHERE dofollow) / nullif(count(*), 0) AS dofollow_share,
        count(DISTINCT src_domain) AS referring_domains,
        count(DISTINCT src_domain) FILTER (WHERE dofollow) AS dofollow_referring_domains,
        count(DISTINCT src_host) AS referring_hosts,
        count(DISTINCT src_url) AS referring_pages,
        count(DISTINCT dst_url) AS linked_pages,
        count(*) FILTER (WHERE is_gov_edu(src_domain)) AS gov_edu_backlinks,
        count(DISTINCT src_domain) FILTER (WHERE is_gov_edu(src_domain)) AS gov_edu_referring_domains
    FROM backlinks_to($domain, $crawl)
    ),
own AS (
    SELECT count(*) AS crawled_pages FROM scoped_pages($crawl) WHERE domain = $domain
)
SELECT $domain AS domain, b.*, own.crawled_pages,
       r.domain_rank, r.rank_pos, r.trust, r.trust_ratio
FROM b CROSS JOIN own
LEFT JOIN domain_ranks AS r ON r.domain = $domain
