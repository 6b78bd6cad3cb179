-- Empty rank views for an index without graph.duckdb, with the columns the graph gives
-- (see views/graph.sql): questions join them and get NULL ranks. No parameters.

CREATE OR REPLACE VIEW domain_ranks AS
SELECT NULL::INTEGER AS domain_id, NULL::VARCHAR AS domain,
       NULL::DOUBLE AS pagerank, NULL::DOUBLE AS domain_rank, NULL::BIGINT AS rank_pos,
       NULL::DOUBLE AS trust_raw, NULL::DOUBLE AS trust, NULL::DOUBLE AS trust_ratio,
       NULL::BOOLEAN AS trusted_seed, NULL::BIGINT AS referring_domains,
       NULL::BIGINT AS backlinks, NULL::BIGINT AS out_domains
WHERE false;

CREATE OR REPLACE VIEW host_ranks AS
SELECT NULL::INTEGER AS host_id, NULL::VARCHAR AS host, NULL::VARCHAR AS domain,
       NULL::DOUBLE AS harmonic, NULL::BIGINT AS harmonic_pos,
       NULL::DOUBLE AS pagerank, NULL::BIGINT AS pr_pos
WHERE false;

CREATE OR REPLACE VIEW page_ranks AS
SELECT NULL::UBIGINT AS url_hash, NULL::DOUBLE AS pagerank, NULL::DOUBLE AS page_rank
WHERE false;
