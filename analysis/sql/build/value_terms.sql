-- build step: the link value's TF-IDF terms (value/terms.sql) as tables of the graph, from
-- the pages just stored: each page's top terms (ordered by URL, so a lookup of a site's
-- linking pages reads a few row groups) and each registered domain's. No parameters.
CREATE OR REPLACE VIEW pages_with_live AS SELECT * FROM out.pages;
-- the terms of each page, counted by both tables: once
CREATE OR REPLACE TEMP TABLE value_term_counts_once AS SELECT * FROM value_term_counts;
CREATE OR REPLACE VIEW value_term_counts AS SELECT * FROM value_term_counts_once;
CREATE TABLE out.value_page_terms AS SELECT * FROM value_page_terms_top ORDER BY url, weight DESC;
CREATE TABLE out.value_domain_terms AS SELECT * FROM value_domain_terms_top ORDER BY domain, weight DESC;
