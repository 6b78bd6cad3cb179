-- link value: the popularity list rank (analysis/value/toplist.py) of some registered domains
-- params: $path (DIR/toplist/toplist.parquet), $domains
SELECT domain, rank
FROM read_parquet($path)
WHERE domain IN (SELECT unnest($domains))
