-- the ranks of named vertices of an imported web graph (no row for a name it lacks)
-- params: $vertices (the Parquet file), $keys (reversed names)
SELECT array_to_string(list_reverse(string_split(name, '.')), '.') AS name,
       harmonicc_pos, harmonicc_val, pr_pos, pr_val, n_hosts
FROM read_parquet($vertices)
WHERE name IN (SELECT unnest($keys))
ORDER BY harmonicc_pos NULLS LAST, name
