-- the vertices of an imported web graph that link to one vertex (and, in a host graph, to the
-- hosts below it: $below), with their ranks; best harmonic centrality first. Links between
-- the target's own vertices are left out. Names as people write them (www.example.com).
-- params: $vertices, $edges (the Parquet files), $key (the target's reversed name),
--         $below (also the vertices named `$key.*`), $limit (NULL: all)
WITH target AS (
    SELECT id FROM read_parquet($vertices)
    WHERE name = $key OR ($below AND starts_with(name, $key || '.'))
),
linking AS (
    SELECT DISTINCT src AS id FROM read_parquet($edges)
    WHERE dst IN (SELECT id FROM target) AND src NOT IN (SELECT id FROM target)
)
SELECT array_to_string(list_reverse(string_split(v.name, '.')), '.') AS name,
       v.harmonicc_pos, v.harmonicc_val, v.pr_pos, v.pr_val, v.n_hosts
FROM read_parquet($vertices) AS v
SEMI JOIN linking USING (id)
ORDER BY v.harmonicc_pos NULLS LAST, v.name
LIMIT $limit
