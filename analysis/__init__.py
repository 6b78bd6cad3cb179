"""The link index: DuckDB over the crawl's Parquet datasets, and the graph built from them.

    from analysis import Index
    Index("data").profile("example.com")
"""

from __future__ import annotations

from analysis.db import connect
from analysis.errors import AnalysisError, NoCrawlData, UnknownDomain
from analysis.graph.build import build
from analysis.index import Index, Profile

__all__ = ["AnalysisError", "Index", "NoCrawlData", "Profile", "UnknownDomain", "build", "connect"]
