-- The audit's index-wide aggregates, computed from the live index (views/common.sql): what an
-- audit reads of the whole index besides the audited site's backlinks, the same for every
-- site, and the text of every linking page. `backlinks build` stores each as a table of graph.duckdb (build/audit.sql) and an
-- audit reads those while the graph is fresh (audit/stored.sql); otherwise these views
-- compute them again (analysis/audit/aggregates.py). No parameters.

-- one row per pair of registered domains with a live link, with whether one of those links is
-- dofollow and whether one is not (what the views below count)
CREATE OR REPLACE VIEW audit_domain_pairs AS
SELECT src_domain, dst_domain, bool_or(dofollow) AS dofollow, bool_or(NOT dofollow) AS nofollow
FROM live_links
WHERE src_domain <> dst_domain
GROUP BY src_domain, dst_domain;

-- what the audit reads of each registered domain: its live pages (how many, https, contact
-- details, median title length and HTML size, meta descriptions, external links), the domains
-- it links to and those linking to it (with a dofollow link, with another), audit_domains.sql;
-- how much of it the crawl has seen (its pages known: fetched or linked to; how many of the
-- domains it links to were crawled), audit_domains.sql; and a number, in name order, for
-- audit_referrers
CREATE OR REPLACE VIEW audit_domain_facts AS
WITH pg AS (
    SELECT domain,
           count(*) AS pages,
           count(*) FILTER (WHERE status BETWEEN 200 AND 299) AS ok_pages,
           bool_or(url LIKE 'https://%') AS https,
           bool_or(len(coalesce(contacts, [])) > 0) AS contacts,
           median(length(coalesce(title, ''))) FILTER (WHERE status BETWEEN 200 AND 299) AS median_title,
           count(*) FILTER (WHERE meta_description IS NOT NULL) AS described_pages,
           median(content_length) FILTER (WHERE status BETWEEN 200 AND 299) AS median_bytes,
           coalesce(sum(links_external), 0) AS external_links,
           coalesce(sum(content_length) FILTER (WHERE status BETWEEN 200 AND 299), 0) AS html_bytes
    FROM live_pages
    GROUP BY domain
),
outs AS (
    SELECT src_domain AS domain, count(*) AS out_domains FROM audit_domain_pairs GROUP BY src_domain
),
ins AS (
    SELECT dst_domain AS domain, count(*) AS in_domains,
           count(*) FILTER (WHERE dofollow) AS dofollow_in_domains,
           count(*) FILTER (WHERE nofollow) AS nofollow_in_domains
    FROM audit_domain_pairs
    GROUP BY dst_domain
),
known AS (
    SELECT domain, count(DISTINCT url) AS known_pages
    FROM (SELECT domain, url FROM live_pages UNION ALL SELECT dst_domain, dst_url FROM live_links)
    GROUP BY domain
),
seen_out AS (
    SELECT p.src_domain AS domain, count(*) AS linked_crawled
    FROM audit_domain_pairs AS p
    SEMI JOIN pg ON pg.domain = p.dst_domain
    GROUP BY p.src_domain
)
SELECT coalesce(pg.domain, o.domain, i.domain) AS domain,
       (row_number() OVER (ORDER BY coalesce(pg.domain, o.domain, i.domain)) - 1)::INTEGER AS domain_id,
       pg.* EXCLUDE (domain), o.out_domains, i.* EXCLUDE (domain), k.known_pages, so.linked_crawled
FROM pg
FULL JOIN outs AS o ON o.domain = pg.domain
FULL JOIN ins AS i ON i.domain = coalesce(pg.domain, o.domain)
LEFT JOIN known AS k ON k.domain = coalesce(pg.domain, o.domain, i.domain)
LEFT JOIN seen_out AS so ON so.domain = coalesce(pg.domain, o.domain, i.domain);

-- the referring domains of each registered domain, by number (audit_domain_facts.domain_id),
-- numbered rarest first (`in_rank`: the one linking to the fewest domains first, then by
-- name) and counted (`in_degree`): identical_profile's prefix filter (audit_profiles.sql)
-- compares two domains only when one of the first few of each is the same. `rarity`, the
-- share of a domain's referring domains rarer than this one, orders the stored table so that
-- those first few are read together
CREATE OR REPLACE VIEW audit_referrers AS
WITH ranked AS (
    SELECT s.domain_id AS src_id, d.domain_id AS dst_id,
           row_number() OVER (PARTITION BY p.dst_domain ORDER BY s.out_domains, p.src_domain) AS in_rank,
           d.in_domains AS in_degree
    FROM audit_domain_pairs AS p
    JOIN audit_domain_facts AS s ON s.domain = p.src_domain
    JOIN audit_domain_facts AS d ON d.domain = p.dst_domain
)
SELECT *, (in_rank - 1) / in_degree AS rarity FROM ranked;

-- how much each registered domain links both ways: the domains it has a dofollow link to and
-- from (partners), and all it has one to or from (neighbours), audit_interlinks.sql
CREATE OR REPLACE VIEW audit_interlinks AS
WITH e AS (
    SELECT src_domain, dst_domain FROM audit_domain_pairs WHERE dofollow
),
sides AS (
    SELECT src_domain AS domain, dst_domain AS other, true AS out_side FROM e
    UNION ALL
    SELECT dst_domain, src_domain, false FROM e
),
per AS (
    SELECT domain, other, bool_or(out_side) AS o, bool_or(NOT out_side) AS i
    FROM sides
    GROUP BY domain, other
)
SELECT domain, count(*) FILTER (WHERE o AND i) AS partners, count(*) AS neighbours,
       list_sort(list(other) FILTER (WHERE o AND i)) AS partner_domains
FROM per
GROUP BY domain;

-- what may tie a domain to an owner or a host (audit_analytics.sql, audit_ips.sql): kind
-- 'account', an analytics or ad account id its pages carry (Google Analytics UA-/G-, Tag
-- Manager, Ads, AdSense ca-pub-); kind 'ip', a server address, and 'net', its /24 (IPv4).
-- Loopback, private and link-local addresses say nothing (a crawl through a proxy records the
-- proxy's)
CREATE OR REPLACE VIEW audit_shared_keys AS
WITH accounts AS (
    SELECT DISTINCT domain, unnest(analytics_ids) AS account
    FROM live_pages
    WHERE len(coalesce(analytics_ids, [])) > 0
),
addr AS (
    SELECT DISTINCT domain, ip_address AS ip,
           CASE WHEN regexp_matches(ip_address, '^\d+\.\d+\.\d+\.\d+$')
                THEN regexp_replace(ip_address, '\.\d+$', '.0/24') END AS net
    FROM live_pages
    WHERE coalesce(ip_address, '') <> ''
      AND NOT regexp_matches(ip_address, '^(127\.|10\.|0\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fe80:|f[cd][0-9a-f]{2}:)')
),
addresses AS (
    SELECT domain, 'ip' AS kind, ip AS key FROM addr
    UNION
    SELECT domain, 'net', net FROM addr WHERE net IS NOT NULL
)
SELECT domain, 'account' AS kind, account AS key FROM accounts
UNION ALL
SELECT domain, kind, key FROM addresses;

-- every key of audit_shared_keys with the domains that share it
CREATE OR REPLACE VIEW audit_key_groups AS
SELECT kind, key, list_sort(list(DISTINCT domain)) AS domains, count(DISTINCT domain) AS n
FROM audit_shared_keys
GROUP BY kind, key;

-- the text around each live link, by the page holding it (src_key = hash(src_url)), in the
-- order of the page: what the audit reads of a linking page besides its title and description
-- (audit_links.sql). Stored ordered by page, it gives a site's linking pages without a scan
-- of every link
CREATE OR REPLACE VIEW audit_link_texts AS
SELECT hash(src_url) AS src_key, src_url, position, coalesce(context_before, '') AS context_before,
       anchor_key(anchor_text) AS anchor, coalesce(context_after, '') AS context_after
FROM live_links;
