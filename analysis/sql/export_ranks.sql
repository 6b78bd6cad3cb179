-- the host ranks in the columns of Common Crawl's ranks files: harmonic centrality position
-- and value, PageRank position and value, reversed host name (needs graph.duckdb)
-- params: none
SELECT harmonic_pos AS harmonicc_pos, harmonic AS harmonicc_val, pr_pos, pagerank AS pr_val,
       reverse_name(host) AS host_rev
FROM host_ranks
ORDER BY harmonic_pos
