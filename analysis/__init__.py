"""The link index: DuckDB over the crawl's Parquet datasets, and the graph built from them.

    from analysis import Index
    Index("data").profile("example.com")

The names below are imported when first used (PEP 562): a command imports what it uses, so
a lookup that needs no graph build does not pay for scipy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AnalysisError": "analysis.errors", "NoCrawlData": "analysis.errors", "UnknownDomain": "analysis.errors",
    "Index": "analysis.index", "Profile": "analysis.index", "build": "analysis.graph.build",
    "connect": "analysis.db",
}

__all__ = ["AnalysisError", "Index", "NoCrawlData", "Profile", "UnknownDomain", "build", "connect"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
