-- build step: the deduplicated pages and links with `live`, as the views `pages_with_live`
-- and `links_with_live` define them (views/dataset.sql); links in the order of dst_key (a
-- hash of the target domain), so one domain's backlinks sit together and a lookup reads a
-- few row groups; and what each crawl fetched. Into the attached `out`. No parameters.
CREATE TABLE out.crawl_fetches AS SELECT * FROM crawl_fetches;

CREATE TABLE out.pages AS SELECT * FROM pages_with_live ORDER BY url;

CREATE TABLE out.links AS SELECT * FROM links_with_live ORDER BY dst_key;
