-- The deduplicated rows, from the raw Parquet views `pages_raw` and `links_raw` and the table
-- `crawl_manifests` (all three made by analysis/db.py): `pages`, `pages_with_live`,
-- `links_with_live`, `names`, `crawl_fetches`. A fresh graph.duckdb replaces them with its
-- stored copies (views/graph_fresh.sql); views/common.sql builds the rest on either.
-- No parameters.
--
-- At-least-once fetching, exactly-once views (../shared/DESIGN.md): a URL fetched twice within a crawl
-- (a worker crashed before acknowledging it) has two sets of rows; the latest fetch wins.
-- A fetch is named by (crawl_id, url, fetched_at): the store writes the page row and its link
-- rows with the same fetched_at. Exact copies of one fetch in two part files keep one file's rows.

-- A link passes authority unless its own rel or its page says otherwise. Ahrefs counts
-- nofollow, ugc and sponsored all as "not dofollow"; so do we (README, "Metrics").
CREATE OR REPLACE MACRO is_dofollow(nofollow, ugc, sponsored, page_nofollow) AS
    NOT (coalesce(nofollow, false) OR coalesce(ugc, false)
         OR coalesce(sponsored, false) OR coalesce(page_nofollow, false));

-- every fetch that wrote link rows: its page, time and the part file holding its rows (the
-- last file's, when one fetch was written twice)
CREATE OR REPLACE VIEW link_fetches AS
SELECT crawl_id, src_url AS url, fetched_at, max(filename) AS filename
FROM links_raw
GROUP BY crawl_id, src_url, fetched_at;

-- the latest fetch of each URL in each crawl, seen from either table
CREATE OR REPLACE VIEW fetches AS
SELECT crawl_id, url, max(fetched_at) AS fetched_at
FROM (
    SELECT crawl_id, url, fetched_at FROM pages_raw
    UNION ALL
    SELECT crawl_id, url, fetched_at FROM link_fetches
)
GROUP BY crawl_id, url;

-- the crawl holding each URL's latest fetch over all crawls: the live index
CREATE OR REPLACE VIEW live_fetches AS
SELECT url, arg_max(crawl_id, fetched_at) AS crawl_id, max(fetched_at) AS fetched_at
FROM fetches
GROUP BY url;

-- the fetches whose link rows count: each URL's latest per crawl, from one part file;
-- `live` when it is also the URL's latest fetch over all crawls
CREATE OR REPLACE VIEW link_sources AS
SELECT f.crawl_id, f.url, f.fetched_at, lf.filename, lv.url IS NOT NULL AS live
FROM fetches AS f
JOIN link_fetches AS lf USING (crawl_id, url, fetched_at)
LEFT JOIN live_fetches AS lv ON lv.crawl_id = f.crawl_id AND lv.url = f.url;

-- one row per URL per crawl: its latest fetch
CREATE OR REPLACE VIEW pages AS
SELECT * EXCLUDE (filename)
FROM pages_raw
QUALIFY row_number() OVER (PARTITION BY crawl_id, url ORDER BY fetched_at DESC, filename DESC) = 1;

-- `pages` with `live`: the row is its URL's latest fetch over all crawls (views/common.sql
-- makes `live_pages` of it; `backlinks build` stores it as the graph's `pages`)
CREATE OR REPLACE VIEW pages_with_live AS
SELECT p.*, f.url IS NOT NULL AS live
FROM pages AS p
LEFT JOIN live_fetches AS f ON p.crawl_id = f.crawl_id AND p.url = f.url;

-- the links of each page's latest fetch in each crawl, with the dofollow verdict,
-- `dst_key`, a hash of dst_domain that graph.duckdb sorts on (domain lookups use both), and
-- `live` as in pages_with_live (views/common.sql makes `links` and `live_links` of it)
CREATE OR REPLACE VIEW links_with_live AS
SELECT l.* EXCLUDE (filename),
       is_dofollow(l.nofollow, l.ugc, l.sponsored, l.page_nofollow) AS dofollow,
       hash(l.dst_domain) AS dst_key,
       s.live
FROM links_raw AS l
JOIN link_sources AS s
    ON l.crawl_id = s.crawl_id AND l.src_url = s.url AND l.fetched_at = s.fetched_at
   AND l.filename = s.filename;

-- every host the index mentions, with its registered domain
CREATE OR REPLACE VIEW names AS
SELECT DISTINCT host, domain FROM (
    SELECT host, domain FROM pages_raw
    UNION ALL SELECT src_host, src_domain FROM links_raw
    UNION ALL SELECT dst_host, dst_domain FROM links_raw
)
WHERE host IS NOT NULL AND domain IS NOT NULL;

-- what each crawl fetched and when (every fetch, superseded ones too)
CREATE OR REPLACE VIEW crawl_fetches AS
SELECT crawl_id, min(fetched_at) AS first_fetch, max(fetched_at) AS last_fetch,
       count(DISTINCT url) AS urls
FROM (
    SELECT crawl_id, url, fetched_at FROM pages_raw
    UNION ALL
    SELECT crawl_id, url, fetched_at FROM link_fetches
)
GROUP BY crawl_id;
