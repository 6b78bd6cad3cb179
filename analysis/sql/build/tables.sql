-- build step: the deduplicated pages and links (latest fetch of a URL per crawl, as the views
-- `pages` and `links`) with `live` (the page's latest fetch over all crawls); links in the
-- order of dst_key (a hash of the target domain), so one domain's backlinks sit together and
-- a lookup reads a few row groups; and what each crawl fetched. Into the attached `out`.
-- No parameters.
CREATE TABLE out.crawl_fetches AS SELECT * FROM crawl_fetches;

CREATE TABLE out.pages AS
SELECT p.*, f.url IS NOT NULL AS live
FROM pages AS p
LEFT JOIN live_fetches AS f ON p.crawl_id = f.crawl_id AND p.url = f.url
ORDER BY p.url;

CREATE TABLE out.links AS
SELECT l.* EXCLUDE (filename),
       is_dofollow(l.nofollow, l.ugc, l.sponsored, l.page_nofollow) AS dofollow,
       hash(l.dst_domain) AS dst_key,
       s.live
FROM links_raw AS l
JOIN link_sources AS s
    ON l.crawl_id = s.crawl_id AND l.src_url = s.url AND l.fetched_at = s.fetched_at
   AND l.filename = s.filename
ORDER BY dst_key;
