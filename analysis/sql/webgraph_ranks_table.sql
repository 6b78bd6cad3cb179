-- import-webgraph: the table of a graph's ranks, empty until webgraph_read_ranks fills it
-- (a graph without a ranks file keeps it empty: its vertices have no ranks)
-- params: none
CREATE TABLE ranks (
    name VARCHAR,
    harmonicc_pos BIGINT,
    harmonicc_val DOUBLE,
    pr_pos BIGINT,
    pr_val DOUBLE,
    n_hosts BIGINT
);
