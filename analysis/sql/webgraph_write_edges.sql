-- import-webgraph: the edges files (source id, target id) sorted by target, then source, into
-- Parquet of small row groups: the in-links of a vertex sit together, and a lookup reads the
-- row groups whose min/max of dst hold its id
-- params: $files (the edges files), $out (the Parquet file), $row_group_size
COPY (
    SELECT src, dst
    FROM read_csv($files, delim = '\t', header = false, quote = '', escape = '', auto_detect = false,
                  columns = {'src': 'BIGINT', 'dst': 'BIGINT'})
    ORDER BY dst, src
) TO $out (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE $row_group_size);
