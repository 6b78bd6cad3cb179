"""The link graph: `backlinks build` turns the Parquet datasets into graph.duckdb (ids, edges,
ranks); `ranks` and `harmonic` hold the numerical part, vectorised with scipy."""

from __future__ import annotations
