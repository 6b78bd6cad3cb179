-- build step: the link value's aggregates (value/terms.sql) as tables of the graph, from the
-- pages and links just stored: each page's top terms (ordered by URL, so a lookup of a site's
-- linking pages reads a few row groups), each registered domain's, and each page's links by
-- region (ordered by page). No parameters.
CREATE OR REPLACE VIEW pages_with_live AS SELECT * FROM out.pages;
CREATE OR REPLACE VIEW links_with_live AS SELECT * FROM out.links;
-- the terms of each page, counted by both tables: once
CREATE OR REPLACE TEMP TABLE value_term_counts_once AS SELECT * FROM value_term_counts;
CREATE OR REPLACE VIEW value_term_counts AS SELECT * FROM value_term_counts_once;
CREATE TABLE out.value_page_terms AS SELECT * FROM value_page_terms_top ORDER BY url, weight DESC;
CREATE TABLE out.value_domain_terms AS SELECT * FROM value_domain_terms_top ORDER BY domain, weight DESC;
CREATE TABLE out.value_region_links AS SELECT * FROM value_region_links ORDER BY src_key;
