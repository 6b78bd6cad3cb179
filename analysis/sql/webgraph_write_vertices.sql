-- import-webgraph: the vertices files (id, reversed name[, number of hosts]) with the ranks
-- joined by name, sorted by reversed name into Parquet of small row groups, so that a lookup
-- by name reads one row group (and, Common Crawl's ids following the names' order, a lookup
-- by id too)
-- params: $files (the vertices files), $out (the Parquet file), $row_group_size
COPY (
    SELECT v.id, v.name, coalesce(v.n_hosts, r.n_hosts) AS n_hosts,
           r.harmonicc_pos, r.harmonicc_val, r.pr_pos, r.pr_val
    FROM read_csv($files, delim = '\t', header = false, quote = '', escape = '', auto_detect = false,
                  null_padding = true, columns = {'id': 'BIGINT', 'name': 'VARCHAR', 'n_hosts': 'BIGINT'}) AS v
    LEFT JOIN ranks AS r USING (name)
    ORDER BY v.name
) TO $out (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE $row_group_size);
