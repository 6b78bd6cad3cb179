-- Views and macros over `pages`, `links`, `live_*`, `crawl_fetches` and `crawl_manifests`,
-- the same whether those come from the Parquet or from graph.duckdb. No parameters.

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
-- fetched) when `crawl` is NULL, else the pages of that one crawl
CREATE OR REPLACE MACRO external_links(crawl) AS TABLE
    SELECT * FROM live_links WHERE crawl IS NULL AND src_domain <> dst_domain
    UNION ALL
    SELECT * FROM links WHERE crawl_id = crawl AND src_domain <> dst_domain;

-- the pages in scope, as `external_links`
CREATE OR REPLACE MACRO scoped_pages(crawl) AS TABLE
    SELECT * FROM live_pages WHERE crawl IS NULL
    UNION ALL
    SELECT * FROM pages WHERE crawl_id = crawl;

-- first and last fetch that saw each link (src_url -> dst_url), over every crawl
CREATE OR REPLACE MACRO link_seen(domain) AS TABLE
    SELECT src_url, dst_url, min(fetched_at) AS first_seen, max(fetched_at) AS last_seen
    FROM links
    WHERE dst_domain = domain AND src_domain <> dst_domain
    GROUP BY src_url, dst_url;
