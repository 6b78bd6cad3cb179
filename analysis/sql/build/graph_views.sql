-- build step: the graph being built under the names a built graph has for the questions
-- (views/graph.sql): domain_graph.sql, host_graph.sql, trust_seeds.sql and sizes.sql then read
-- the same way here and in `disavow --simulate` (analysis/audit/simulate.py). No parameters.
CREATE OR REPLACE TEMP VIEW domains AS SELECT * FROM out.domains;
CREATE OR REPLACE TEMP VIEW hosts AS SELECT * FROM out.hosts;
CREATE OR REPLACE TEMP VIEW domain_edges AS SELECT * FROM out.domain_edges;
CREATE OR REPLACE TEMP VIEW host_edges AS SELECT * FROM out.host_edges;
