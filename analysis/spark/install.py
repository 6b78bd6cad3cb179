"""The Parquet graph of `build --engine spark` -> DATA/graph.duckdb, the file every query
command reads: the same tables, types and row order as the DuckDB build's
(sql/spark/install.sql), then the audit's aggregates, `meta` and `inputs`, through the
DuckDB build's own steps, so that nothing tells the two graphs apart but `meta.engine`.

This last step runs on the driver, in DuckDB: it reads the Parquet once, sorts the links by
target domain (what makes a domain's lookup read a few row groups) and computes the audit's
aggregates, which are DuckDB SQL. The graph is built under a temporary name and renamed over
the old one only when complete, as the DuckDB build does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from analysis import db, sql
from analysis.audit import aggregates
from analysis.errors import BuildFailed
from analysis.graph import build as duckdb_build

if TYPE_CHECKING:
    from pipelines.dataset.layout import PartFile

#: The tables Spark writes, each a directory of Parquet files under the Parquet graph.
TABLES = ("crawl_fetches", "pages", "links", "domains", "hosts", "domain_edges", "host_edges",
          "domain_ranks", "host_ranks", "page_ranks")


def install(data_dir: Path, graph_dir: Path, files: dict[str, list[PartFile]], *, damping: float,
            trusted: list[str], meta: dict[str, str]) -> dict[str, int]:
    """Build graph.duckdb from the Parquet graph in `graph_dir`; its table sizes. Raises
    BuildFailed (the previous graph untouched)."""
    final = db.graph_path(data_dir)
    tmp = data_dir / f".graph-{os.getpid()}.duckdb.tmp"
    con = db.connect(data_dir, graph=False)
    duckdb_build.remove_graph(tmp)
    try:
        con.execute("SET preserve_insertion_order = false")
        con.execute(f"ATTACH {db.sql_string(tmp)} AS out")
        for table in TABLES:  # a view takes no parameters: the path goes in as a literal
            pattern = db.sql_string(graph_dir / table / "*.parquet")
            con.execute(f"CREATE TEMP VIEW spark_{table} AS SELECT * FROM read_parquet({pattern})")
        con.execute(sql.load("spark/install"))
        con.execute(sql.load("build/graph_views"))
        meta = {**meta, **aggregates.store(con)}
        duckdb_build.write_meta(con, files, damping, trusted, meta)
        counts = duckdb_build.table_counts(con)
        con.execute("CHECKPOINT out")
        con.execute("DETACH out")
        con.close()
        duckdb_build.install_graph(tmp, final)
    except (duckdb.Error, OSError, ValueError) as exc:
        con.close()
        raise BuildFailed(f"build of {final} failed, the previous graph is untouched: {exc}") from exc
    finally:
        duckdb_build.remove_graph(tmp)
    return counts
