"""The on-disk dataset: what a crawl and WARC ingest write, and what the analysis reads.

    layout     where each file goes, and the rule of crawl and worker ids (imports nothing heavy)
    schema     the pyarrow schemas of `pages` and `links`, declared once and versioned
    location   a local directory or an object-store URI, written atomically
    parts      buffered, atomic Parquet part files
    manifest   the crawl manifest `crawls/<crawl_id>.json`, written and read

The Scrapy side (pipelines/store.py, pipelines/archive.py, crawler/manifest.py) and ingest
(pipelines/ingest/) write through these modules; analysis/db.py reads through them.
"""
