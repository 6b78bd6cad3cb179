-- import-webgraph: what the imported vertices hold, to check them: rows, distinct ids and
-- names, the id range, whether any has ranks, and the ranks whose name is no vertex
-- params: $vertices (the Parquet file)
SELECT count(*) AS vertices,
       count(DISTINCT id) AS ids,
       count(DISTINCT name) AS names,
       min(id) AS min_id,
       max(id) AS max_id,
       count(harmonicc_pos) + count(pr_pos) > 0 AS ranked,
       (SELECT count(*) FROM ranks WHERE name NOT IN (SELECT name FROM read_parquet($vertices))) AS ranks_unmatched
FROM read_parquet($vertices)
