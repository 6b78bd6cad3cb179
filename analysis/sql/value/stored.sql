-- The link value's terms as `backlinks build` stored them in graph.duckdb
-- (build/value_terms.sql): what a value reads while the graph is fresh. No parameters.
CREATE OR REPLACE VIEW value_page_terms AS SELECT * FROM graph.value_page_terms;
CREATE OR REPLACE VIEW value_domain_terms AS SELECT * FROM graph.value_domain_terms;
CREATE OR REPLACE VIEW value_region_links AS SELECT * FROM graph.value_region_links;
