-- build --engine spark, last step: the Parquet graph Spark wrote (the views spark_<table>,
-- made by analysis/spark/install.py over DATA/graph-spark/<table>/) into the graph being
-- built (attached as `out`), with the types and row order of the DuckDB build's tables
-- (analysis/sql/build/tables.sql, build/names.sql, build/edges.sql, build/*_ranks.sql), and the two columns only DuckDB
-- can compute: its hash of a link's target domain (dst_key) and of a ranked URL (url_hash).
-- No parameters.
CREATE TABLE out.crawl_fetches AS
SELECT crawl_id, first_fetch::TIMESTAMPTZ AS first_fetch, last_fetch::TIMESTAMPTZ AS last_fetch,
       urls::BIGINT AS urls
FROM spark_crawl_fetches;

CREATE TABLE out.pages AS SELECT * FROM spark_pages ORDER BY url;

CREATE TABLE out.links AS
SELECT * EXCLUDE (live), hash(dst_domain) AS dst_key, live FROM spark_links ORDER BY dst_key;

CREATE TABLE out.domains AS
SELECT domain_id::INTEGER AS domain_id, domain FROM spark_domains ORDER BY domain_id;

CREATE TABLE out.hosts AS
SELECT host_id::INTEGER AS host_id, host, domain_id::INTEGER AS domain_id, domain
FROM spark_hosts ORDER BY host_id;

CREATE TABLE out.domain_edges AS
SELECT src_id::INTEGER AS src_id, dst_id::INTEGER AS dst_id, links::BIGINT AS links,
       dofollow_links::BIGINT AS dofollow_links, first_seen::TIMESTAMPTZ AS first_seen,
       last_seen::TIMESTAMPTZ AS last_seen, live
FROM spark_domain_edges ORDER BY dst_id, src_id;

CREATE TABLE out.host_edges AS
SELECT src_id::INTEGER AS src_id, dst_id::INTEGER AS dst_id, links::BIGINT AS links,
       dofollow_links::BIGINT AS dofollow_links, first_seen::TIMESTAMPTZ AS first_seen,
       last_seen::TIMESTAMPTZ AS last_seen, live
FROM spark_host_edges ORDER BY dst_id, src_id;

CREATE TABLE out.domain_ranks AS
SELECT domain_id::INTEGER AS domain_id, domain, pagerank, domain_rank, rank_pos::BIGINT AS rank_pos,
       trust_raw, trust, CASE WHEN domain_rank > 0 THEN trust / domain_rank END AS trust_ratio,
       trusted_seed, referring_domains::BIGINT AS referring_domains, backlinks::BIGINT AS backlinks,
       out_domains::BIGINT AS out_domains
FROM spark_domain_ranks ORDER BY domain_id;

CREATE TABLE out.host_ranks AS
SELECT host_id::INTEGER AS host_id, host, domain, harmonic, harmonic_pos::BIGINT AS harmonic_pos,
       pagerank, pr_pos::BIGINT AS pr_pos
FROM spark_host_ranks ORDER BY host_id;

CREATE TABLE out.page_ranks AS
SELECT hash(url) AS url_hash, pagerank, page_rank FROM spark_page_ranks ORDER BY url_hash;
