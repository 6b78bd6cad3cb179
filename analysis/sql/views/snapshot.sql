-- When the rows come from the Parquet (no fresh graph.duckdb), work out once, at connect,
-- which fetch of each URL counts: the views link_fetches, fetches, live_fetches, link_sources
-- (views/dataset.sql) become in-memory tables, and so does `names`. Each question then
-- reads the Parquet once, filtered, instead of grouping every link row again; the index is a
-- snapshot of the part files there were at connect. `build` starts from the same.
-- No parameters.
CREATE TEMP TABLE link_fetches_once AS SELECT * FROM link_fetches;
CREATE OR REPLACE VIEW link_fetches AS SELECT * FROM link_fetches_once;
CREATE TEMP TABLE fetches_once AS SELECT * FROM fetches;
CREATE OR REPLACE VIEW fetches AS SELECT * FROM fetches_once;
CREATE TEMP TABLE live_fetches_once AS SELECT * FROM live_fetches;
CREATE OR REPLACE VIEW live_fetches AS SELECT * FROM live_fetches_once;
CREATE TEMP TABLE link_sources_once AS SELECT * FROM link_sources;
CREATE OR REPLACE VIEW link_sources AS SELECT * FROM link_sources_once;
CREATE TEMP TABLE names_once AS SELECT * FROM names;
CREATE OR REPLACE VIEW names AS SELECT * FROM names_once;
