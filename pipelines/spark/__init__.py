"""Apache Spark: WARC ingest past one machine (ingest.py), and the Spark session both the
ingest and the graph build (analysis/spark/) start (session.py, defaults.py).

pyspark is an optional extra (`pip install 'backlinks[spark]'`); nothing here is imported
unless `--engine spark` is asked for.
"""
