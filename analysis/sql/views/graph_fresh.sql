-- When graph.duckdb was built from exactly the part files now on disk, the deduplicated
-- rows come from it (materialised, links sorted by target domain) instead of the Parquet:
-- the same views views/dataset.sql makes, from the tables build/tables.sql stored.
-- No parameters.
CREATE OR REPLACE VIEW pages AS SELECT * EXCLUDE (live) FROM graph.pages;
CREATE OR REPLACE VIEW pages_with_live AS SELECT * FROM graph.pages;
CREATE OR REPLACE VIEW links_with_live AS SELECT * FROM graph.links;
CREATE OR REPLACE VIEW names AS SELECT host, domain FROM graph.hosts;
CREATE OR REPLACE VIEW crawl_fetches AS SELECT * FROM graph.crawl_fetches;
