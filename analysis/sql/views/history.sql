-- The macro behind `history`: how one domain's backlinks changed between crawls. No parameters.
--
-- A backlink is a pair (src_url -> dst_url) from another registered domain. The index as of a
-- crawl holds each page as last fetched by that crawl or an earlier one (in start order), as
-- the live index does; a backlink counts there when that fetch holds it and the page is
-- neither noindex nor canonicalised to another URL (as Ahrefs counts live links). Between the
-- index as of an older and as of a newer crawl each pair is:
--   new   counts in the newer only: reason page_new (no fetch of the page before) or link_added;
--   lost  counts in the older only, the reason read from the newer fetch of its page:
--         fetch_error (no answer, or 5xx), page_gone (4xx), page_redirected (3xx), noindex,
--         not_canonical, link_removed (the page is there, the link is not);
--   kept  counts in both (a page not fetched again keeps its links).
-- Each row names both fetches' WARC records (file@offset:length) as evidence.
-- With old_crawl NULL the pairs are every two consecutive crawls.
CREATE OR REPLACE MACRO link_changes(of_domain, old_crawl, new_crawl) AS TABLE
WITH pairs AS (
    SELECT a.crawl_id AS old_crawl_id, a.seq AS old_seq,
           b.crawl_id AS new_crawl_id, b.seq AS new_seq, b.started_at AS new_started_at
    FROM crawls AS a
    JOIN crawls AS b
      ON (old_crawl IS NULL AND b.seq = a.seq + 1)
      OR (a.crawl_id = old_crawl AND b.crawl_id = new_crawl)
),
ever AS (
    SELECT * FROM backlinks_ever(of_domain)
),
page AS (  -- the fetches of the pages that ever linked to the domain
    SELECT p.crawl_id, c.seq, p.url, p.status, p.fetched_at,
           p.warc_file || '@' || p.warc_offset || ':' || p.warc_length AS record,
           coalesce(p.noindex, false) OR coalesce(p.canonical <> p.url, false) AS uncounted,
           coalesce(p.noindex, false) AS noindex,
           coalesce(p.canonical <> p.url, false) AS not_canonical
    FROM pages AS p
    JOIN crawls AS c USING (crawl_id)
    WHERE p.url IN (SELECT src_url FROM ever)
),
state AS (  -- each page as of each side of each pair: its latest fetch up to that crawl
    SELECT pr.old_crawl_id, pr.new_crawl_id, s.side, p.url,
           arg_max(p.crawl_id, p.seq) AS crawl_id
    FROM pairs AS pr
    CROSS JOIN (VALUES ('old'), ('new')) AS s(side)
    JOIN page AS p ON p.seq <= CASE s.side WHEN 'old' THEN pr.old_seq ELSE pr.new_seq END
    GROUP BY pr.old_crawl_id, pr.new_crawl_id, s.side, p.url
),
counted AS (
    SELECT st.old_crawl_id, st.new_crawl_id, st.side, l.src_url, l.dst_url,
           any_value(l.src_domain) AS src_domain,
           min(l.anchor_text) AS anchor_text,
           bool_or(l.dofollow) AS dofollow
    FROM state AS st
    JOIN page AS p ON p.crawl_id = st.crawl_id AND p.url = st.url
    JOIN ever AS l ON l.crawl_id = st.crawl_id AND l.src_url = st.url
    WHERE NOT p.uncounted
    GROUP BY st.old_crawl_id, st.new_crawl_id, st.side, l.src_url, l.dst_url
),
changes AS (
    SELECT old_crawl_id, new_crawl_id, src_url, dst_url,
           any_value(src_domain) AS src_domain,
           arg_max(anchor_text, side = 'new') AS anchor_text,  -- as the newer crawl saw it
           arg_max(dofollow, side = 'new') AS dofollow,
           bool_or(side = 'old') AS in_old,
           bool_or(side = 'new') AS in_new
    FROM counted
    GROUP BY old_crawl_id, new_crawl_id, src_url, dst_url
)
SELECT
    CASE WHEN c.in_old AND c.in_new THEN 'kept' WHEN c.in_new THEN 'new' ELSE 'lost' END AS change,
    CASE
        WHEN c.in_old AND c.in_new THEN NULL
        WHEN c.in_new THEN CASE WHEN po.url IS NULL THEN 'page_new' ELSE 'link_added' END
        WHEN coalesce(pn.status, 0) = 0 OR pn.status >= 500 THEN 'fetch_error'
        WHEN pn.status >= 400 THEN 'page_gone'
        WHEN pn.status >= 300 THEN 'page_redirected'
        WHEN pn.noindex THEN 'noindex'
        WHEN pn.not_canonical THEN 'not_canonical'
        ELSE 'link_removed'
    END AS reason,
    c.src_url, c.src_domain, c.dst_url, c.anchor_text, c.dofollow,
    c.old_crawl_id, c.new_crawl_id, pr.new_started_at,
    po.status AS old_status, pn.status AS new_status,
    po.fetched_at AS old_fetched_at, pn.fetched_at AS new_fetched_at,
    po.record AS old_record, pn.record AS new_record
FROM changes AS c
JOIN pairs AS pr USING (old_crawl_id, new_crawl_id)
LEFT JOIN state AS so
       ON so.old_crawl_id = c.old_crawl_id AND so.new_crawl_id = c.new_crawl_id
      AND so.side = 'old' AND so.url = c.src_url
LEFT JOIN page AS po ON po.crawl_id = so.crawl_id AND po.url = c.src_url
LEFT JOIN state AS sn
       ON sn.old_crawl_id = c.old_crawl_id AND sn.new_crawl_id = c.new_crawl_id
      AND sn.side = 'new' AND sn.url = c.src_url
LEFT JOIN page AS pn ON pn.crawl_id = sn.crawl_id AND pn.url = c.src_url;
