"""`backlinks build --engine spark`: the graph built on Apache Spark from the same Parquet,
into the same graph.duckdb the query commands read (build.py says how).

Modules: tables (dedup, names, edges as DataFrames), ranks (PageRank and trust by
DataFrame-join iterations, positions, the 0-100 scale), harmonic (exact where affordable,
HyperBall on Spark above), build (the steps, the Parquet graph, spark-submit's main),
install (the Parquet graph -> graph.duckdb).
"""
