-- The link value's terms computed from the live index (value/terms.sql), when the graph is
-- not fresh or was built before they were stored. No parameters.
-- the terms of each page, counted by both tables: once
CREATE OR REPLACE TEMP TABLE value_term_counts_once AS SELECT * FROM value_term_counts;
CREATE OR REPLACE VIEW value_term_counts AS SELECT * FROM value_term_counts_once;
CREATE OR REPLACE TEMP TABLE value_page_terms AS SELECT * FROM value_page_terms_top;
CREATE OR REPLACE TEMP TABLE value_domain_terms AS SELECT * FROM value_domain_terms_top;
