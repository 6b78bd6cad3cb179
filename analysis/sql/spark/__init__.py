"""The statements that turn the Parquet graph of `build --engine spark` into graph.duckdb
(analysis/spark/install.py)."""
