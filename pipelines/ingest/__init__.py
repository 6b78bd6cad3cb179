"""WARC ingest: existing web archives (Common Crawl, Heritrix, wget, our own crawls) into
the same `pages` and `links` tables a crawl writes, through the crawl's own extractor.

    from pipelines.ingest import ingest
    summary = ingest(["CC-MAIN-...warc.gz"], "data", "cc-2024-22", processes=4)

Modules: sources (inputs), framing (gzip layout, record boundaries), readers (fastwarc /
warcio, recovery), http and records (record -> extractor inputs), digests, revisits and
deferred (revisit resolution), wat (WAT envelopes -> link rows), worker (one file range),
manifest (resume), run (the whole ingest), errors.
"""

from __future__ import annotations

from pipelines.ingest.errors import IngestError
from pipelines.ingest.run import IngestProgress, IngestSummary, ingest

__all__ = ["IngestError", "IngestProgress", "IngestSummary", "ingest"]
