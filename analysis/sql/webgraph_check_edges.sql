-- import-webgraph: the number of edges and the range of their ids (vertex ids are 0..n-1, so
-- an id out of that range names no vertex)
-- params: $edges (the Parquet file)
SELECT count(*) AS edges,
       least(min(src), min(dst)) AS min_id,
       greatest(max(src), max(dst)) AS max_id
FROM read_parquet($edges)
