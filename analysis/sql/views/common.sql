-- Views and macros over `pages`, `pages_with_live`, `links_with_live`, `crawl_fetches` and
-- `crawl_manifests`, the same whether those come from the Parquet (views/dataset.sql) or from
-- graph.duckdb (views/graph_fresh.sql). No parameters.

-- the links of each page's latest fetch in each crawl (dofollow and dst_key included)
CREATE OR REPLACE VIEW links AS SELECT * EXCLUDE (live) FROM links_with_live;

-- the live index: each page as last fetched, whatever the crawl, and its links
CREATE OR REPLACE VIEW live_pages AS SELECT * EXCLUDE (live) FROM pages_with_live WHERE live;
CREATE OR REPLACE VIEW live_links AS SELECT * EXCLUDE (live) FROM links_with_live WHERE live;

-- every crawl, in the order of its start (its manifest's started_at, else its first fetch)
CREATE OR REPLACE VIEW crawls AS
SELECT crawl_id,
       coalesce(m.started_at, s.first_fetch) AS started_at,
       m.finished_at,
       s.first_fetch,
       s.last_fetch,
       coalesce(s.urls, 0) AS urls,
       row_number() OVER (ORDER BY coalesce(m.started_at, s.first_fetch) NULLS LAST, crawl_id) AS seq
FROM crawl_manifests AS m
FULL OUTER JOIN crawl_fetches AS s USING (crawl_id);

-- the links between two registered domains in scope: the live index (every page as last
-- fetched) when `in_crawl` is NULL, else the pages of that one crawl
CREATE OR REPLACE MACRO external_links(in_crawl) AS TABLE
    SELECT * FROM live_links WHERE in_crawl IS NULL AND src_domain <> dst_domain
    UNION ALL
    SELECT * FROM links WHERE crawl_id = in_crawl AND src_domain <> dst_domain;

-- the pages in scope, as `external_links`
CREATE OR REPLACE MACRO scoped_pages(in_crawl) AS TABLE
    SELECT * FROM live_pages WHERE in_crawl IS NULL
    UNION ALL
    SELECT * FROM pages WHERE crawl_id = in_crawl;

-- the backlinks of one domain in scope (as external_links); the dst_key test lets a
-- lookup in graph.duckdb read only the row groups of that domain
CREATE OR REPLACE MACRO backlinks_to(of_domain, in_crawl) AS TABLE
    SELECT * FROM external_links(in_crawl)
    WHERE dst_key = hash(of_domain) AND dst_domain = of_domain;

-- the backlinks of one domain in every crawl, superseded pages included (first/last seen)
CREATE OR REPLACE MACRO backlinks_ever(of_domain) AS TABLE
    SELECT * FROM links
    WHERE dst_key = hash(of_domain) AND dst_domain = of_domain AND src_domain <> dst_domain;

-- first and last fetch that saw each backlink (src_url -> dst_url) of a domain, over every crawl
CREATE OR REPLACE MACRO link_seen(of_domain) AS TABLE
    SELECT src_url, dst_url, min(fetched_at) AS first_seen, max(fetched_at) AS last_seen
    FROM backlinks_ever(of_domain)
    GROUP BY src_url, dst_url;

-- the public suffix of a registered domain: all but its first label (bbc.co.uk -> co.uk)
CREATE OR REPLACE MACRO suffix_of(domain) AS regexp_replace(domain, '^[^.]*\.', '');

-- a .gov, .edu or .mil domain (gov.uk, edu.au... too): trust's default seeds
CREATE OR REPLACE MACRO is_gov_edu(domain) AS
    list_has_any(string_split(suffix_of(domain), '.'), ['gov', 'edu', 'mil']);

-- a 0-100 rank as a band of ten ("0-9" ... "90-100"), "unranked" without one
CREATE OR REPLACE MACRO rank_band(rank) AS
    CASE WHEN rank IS NULL THEN 'unranked'
         WHEN rank >= 90 THEN '90-100'
         ELSE printf('%d-%d', floor(rank / 10)::INTEGER * 10, floor(rank / 10)::INTEGER * 10 + 9) END;

-- why a link passes authority or not, the first reason that applies
CREATE OR REPLACE MACRO follow_class(nofollow, ugc, sponsored, page_nofollow) AS
    CASE WHEN coalesce(page_nofollow, false) THEN 'page_nofollow'
         WHEN coalesce(nofollow, false) THEN 'nofollow'
         WHEN coalesce(sponsored, false) THEN 'sponsored'
         WHEN coalesce(ugc, false) THEN 'ugc'
         ELSE 'dofollow' END;

-- anchor text as grouped: whitespace runs collapsed, trimmed, NULL as ''
CREATE OR REPLACE MACRO anchor_key(anchor_text) AS
    trim(regexp_replace(coalesce(anchor_text, ''), '\s+', ' ', 'g'));

-- a dotted name reversed, as Common Crawl sorts and writes its graph's vertices
-- (www.example.com -> com.example.www)
CREATE OR REPLACE MACRO reverse_name(name) AS array_to_string(list_reverse(string_split(name, '.')), '.');
