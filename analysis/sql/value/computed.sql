-- The link value's terms computed from the live index (value/terms.sql), when the graph is
-- not fresh or was built before they were stored. No parameters.
CREATE OR REPLACE TEMP TABLE value_page_terms AS SELECT * FROM value_page_terms_top;
CREATE OR REPLACE TEMP TABLE value_domain_terms AS SELECT * FROM value_domain_terms_top;
