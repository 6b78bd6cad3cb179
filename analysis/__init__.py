"""The link index: DuckDB over the crawl's Parquet datasets, and the graph built from them.

    from analysis import Index
    Index("data").profile("example.com")

The names below are imported when first used (PEP 562), not with the package: importing
`analysis.errors` or `analysis.formats` must not pay for the build (scipy) or DuckDB, so that
a command starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # re-exported for type checkers (`X as X`); at run time __getattr__ imports them
    from analysis.db import connect as connect
    from analysis.errors import AnalysisError as AnalysisError
    from analysis.errors import NoCrawlData as NoCrawlData
    from analysis.errors import UnknownDomain as UnknownDomain
    from analysis.graph.build import build as build
    from analysis.index import Index as Index
    from analysis.index import Profile as Profile

#: Each public name and the module it comes from.
_EXPORTS = {
    "AnalysisError": "analysis.errors", "NoCrawlData": "analysis.errors",
    "UnknownDomain": "analysis.errors", "Index": "analysis.index", "Profile": "analysis.index",
    "build": "analysis.graph.build", "connect": "analysis.db",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value
