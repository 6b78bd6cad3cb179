-- When graph.duckdb was built from exactly the part files now on disk, the deduplicated
-- tables come from it (materialised, sorted by target domain) instead of the Parquet.
-- No parameters.
CREATE OR REPLACE VIEW pages AS SELECT * EXCLUDE (live) FROM graph.pages;
CREATE OR REPLACE VIEW links AS SELECT * EXCLUDE (live) FROM graph.links;
CREATE OR REPLACE VIEW live_pages AS SELECT * EXCLUDE (live) FROM graph.pages WHERE live;
CREATE OR REPLACE VIEW live_links AS SELECT * EXCLUDE (live) FROM graph.links WHERE live;
CREATE OR REPLACE VIEW names AS SELECT host, domain FROM graph.hosts;
CREATE OR REPLACE VIEW crawl_fetches AS SELECT * FROM graph.crawl_fetches;
