-- The graph's ids, edges and ranks, from graph.duckdb (fresh or not: ranks as of the last
-- build). No parameters.
CREATE OR REPLACE VIEW domains AS SELECT * FROM graph.domains;
CREATE OR REPLACE VIEW hosts AS SELECT * FROM graph.hosts;
CREATE OR REPLACE VIEW domain_edges AS SELECT * FROM graph.domain_edges;
CREATE OR REPLACE VIEW host_edges AS SELECT * FROM graph.host_edges;
CREATE OR REPLACE VIEW domain_ranks AS SELECT * FROM graph.domain_ranks;
CREATE OR REPLACE VIEW host_ranks AS SELECT * FROM graph.host_ranks;
CREATE OR REPLACE VIEW page_ranks AS SELECT * FROM graph.page_ranks;
CREATE OR REPLACE VIEW graph_meta AS SELECT * FROM graph.meta;
