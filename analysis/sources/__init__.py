"""Candidate sources beyond the crawl: what others know about who links to a site.

- `webgraph`: Common Crawl's host- and domain-level web graphs (the text files CC publishes,
  which `backlinks export --format text` writes too), imported into Parquet laid out for
  in-link lookups (`import_webgraph`, `WebGraph.in_links`, `WebGraph.rank`).
- `gsc`: Google Search Console's Links report exports (CSV, or the zip GSC downloads), read
  whatever their header variant (`read_export`, `import_gsc`, `gsc_linking_domains`).

`analysis.coverage` compares what Search Console shows with the link index.
"""
