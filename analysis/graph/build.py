"""`backlinks build`: the Parquet datasets -> graph.duckdb, atomically.

The graph is built into `.graph-<pid>.duckdb.tmp` in the data directory and renamed over
graph.duckdb only when complete, so a failed or interrupted build leaves the previous graph
as it was. Tables (each documented in the SQL of analysis/sql/build/):

    meta, inputs                  what was built from what
    crawl_fetches                 per crawl: first and last fetch, URLs
    pages, links                  deduplicated (latest fetch of a URL per crawl), with `live`
    domains, hosts                integer ids, in reversed-name order
    domain_edges, host_edges      link counts, dofollow counts, first/last seen, live
    domain_ranks                  PageRank, domain rank 0-100, trust, trust/rank
    host_ranks                    harmonic centrality and PageRank of the host graph
    page_ranks                    page rank 0-100 on the page graph
    audit_*                       the audit's index-wide aggregates (analysis/audit/aggregates.py)
    value_page_terms, value_domain_terms   TF-IDF terms for the link value (analysis/value/terms.py)
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa

from analysis import db, sql
from analysis.audit import aggregates
from analysis.errors import BuildFailed
from analysis.graph import ranks
from analysis.graph.harmonic import harmonic_centrality
from analysis.value import terms as value_terms
from pipelines.dataset.layout import PartFile, part_files
from pipelines.dataset.location import fsync_dir

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What `build` made: the graph's path, its duration, table sizes and step durations."""

    path: Path
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)


@dataclass
class _Build:
    con: duckdb.DuckDBPyConnection
    damping: float
    trusted: list[str]
    meta: dict[str, str] = field(default_factory=dict)  # what the steps add to the graph's meta


def build(data_dir: str | Path, *, progress: Callable[[str, int, int], None] | None = None,
          trusted: Iterable[str] = (), damping: float = ranks.DAMPING,
          memory_limit: str | None = None) -> BuildResult:
    """Build `data_dir/graph.duckdb` from the part files now on disk.

    `trusted`: registered domains that seed trust besides every .gov/.edu/.mil domain.
    `memory_limit`: DuckDB's (e.g. "2GB"; default 80% of RAM), in force from the first
    statement (the snapshot `db.connect` takes included); past it, sorts, joins and
    aggregates spill to `.graph-<pid>.spill/` in the data directory, so an index larger than
    memory builds out of core. Raises NoCrawlData without data, BuildFailed when a step fails
    (the old graph stays), or when `memory_limit` is not a size DuckDB reads.
    """
    data_dir = Path(data_dir)
    started = time.perf_counter()
    files = {table: part_files(data_dir, table) for table in db.TABLES}
    final = db.graph_path(data_dir)
    tmp = data_dir / f".graph-{os.getpid()}.duckdb.tmp"
    spill = data_dir / f".graph-{os.getpid()}.spill"
    try:
        con = db.connect(data_dir, graph=False, config=_duckdb_config(spill, memory_limit))
    except duckdb.Error as exc:  # a limit it cannot read, or the snapshot out of memory
        shutil.rmtree(spill, ignore_errors=True)
        raise BuildFailed(f"build of {final} failed (memory limit {memory_limit!r}), the previous graph "
                          f"is untouched: {exc}") from None
    remove_graph(tmp)
    state = _Build(con, damping, sorted(set(trusted)))
    result = BuildResult(final, 0.0)
    try:
        con.execute(f"ATTACH {db.sql_string(tmp)} AS out")
        for number, (name, step) in enumerate(STEPS, 1):
            if progress is not None:
                progress(name, number, len(STEPS))
            t0 = time.perf_counter()
            step(state)
            result.steps[name] = time.perf_counter() - t0
        write_meta(con, files, damping, state.trusted, state.meta)
        result.counts = table_counts(con)
        con.execute("CHECKPOINT out")
        con.execute("DETACH out")
        con.close()
        install_graph(tmp, final)
    except (duckdb.Error, OSError, ValueError) as exc:
        con.close()
        raise BuildFailed(f"build of {final} failed, the previous graph is untouched: {exc}") from exc
    finally:
        remove_graph(tmp)
        if spill.exists():
            shutil.rmtree(spill)
    result.seconds = time.perf_counter() - started
    logger.info("Built %s in %.1fs: %s", final, result.seconds, result.counts)
    return result


def _duckdb_config(spill: Path, memory_limit: str | None) -> dict[str, str]:
    """DuckDB's settings for the build: no insertion order to keep (the tables that need an
    order say ORDER BY), spills under `spill`, and the memory limit when one is given."""
    config = {"preserve_insertion_order": "false", "temp_directory": str(spill)}
    if memory_limit is not None:
        config["memory_limit"] = memory_limit
    return config


def _run(state: _Build, name: str) -> None:
    state.con.execute(sql.load(f"build/{name}"))


def _edge_tables(state: _Build) -> None:
    """The domain and host edge tables: one statement, written once for both levels (SQL
    takes no identifiers as parameters; `level` is one of two constants here); then the views
    the rank steps read them by."""
    for level in ("domain", "host"):
        state.con.execute(sql.load("build/edges").replace("{level}", level))
    _run(state, "graph_views")


def _edges(state: _Build, name: str) -> tuple[np.ndarray, np.ndarray]:
    table = state.con.sql(sql.load(f"build/{name}")).to_arrow_table()
    return (table["src_id"].to_numpy().astype(np.int64), table["dst_id"].to_numpy().astype(np.int64))


def _size(state: _Build, nodes: str) -> int:
    """How many nodes ("domains", "hosts") a graph has."""
    table = state.con.sql(sql.load("build/sizes")).to_arrow_table()
    return table[nodes][0].as_py()


def _scores(state: _Build, name: str, columns: dict[str, np.ndarray]) -> None:
    # read by the step's SQL under the name `scores`; NaN (unknown) becomes NULL
    scores = pa.table({name: pa.array(values, from_pandas=True) for name, values in columns.items()})
    state.con.register("scores", scores)
    try:
        _run(state, name)
    finally:
        state.con.unregister("scores")


def _domain_ranks(state: _Build) -> None:
    src, dst = _edges(state, "domain_graph")
    n = _size(state, "domains")
    pr = ranks.pagerank(src, dst, n, damping=state.damping, distinct=True)
    seeds = state.con.sql(sql.load("build/trust_seeds"), params={"trusted": state.trusted}).to_arrow_table()
    seed_ids = seeds["domain_id"].to_numpy().astype(np.int64)
    personal = np.zeros(n)
    personal[seed_ids] = 1.0
    if seed_ids.size:
        trust_raw = ranks.pagerank(src, dst, n, damping=state.damping, personalization=personal,
                                   distinct=True)
        trust = ranks.log_scale(trust_raw)
    else:  # no seed in the graph: trust is unknown, not zero
        trust_raw = trust = np.full(n, np.nan)
    _scores(state, "domain_ranks", {
        "domain_id": np.arange(n, dtype=np.int32), "pagerank": pr,
        "domain_rank": ranks.log_scale(pr), "rank_pos": ranks.positions(pr),
        "trust_raw": trust_raw, "trust": trust, "trusted_seed": personal > 0,
    })


def _host_ranks(state: _Build) -> None:
    src, dst = _edges(state, "host_graph")
    n = _size(state, "hosts")
    pr = ranks.pagerank(src, dst, n, damping=state.damping, distinct=True)
    hc = harmonic_centrality(src, dst, n)
    _scores(state, "host_ranks", {
        "host_id": np.arange(n, dtype=np.int32), "harmonic": hc,
        "harmonic_pos": ranks.positions(hc), "pagerank": pr, "pr_pos": ranks.positions(pr),
    })


def _page_ranks(state: _Build) -> None:
    _run(state, "page_graph")
    table = state.con.sql(sql.load("build/page_edges")).to_arrow_table()
    n = table["n"][0].as_py() if table.num_rows else 0
    src, dst = table["src_id"].to_numpy().astype(np.int64), table["dst_id"].to_numpy().astype(np.int64)
    del table
    pr = ranks.pagerank(src, dst, n, damping=state.damping, distinct=True)
    _scores(state, "page_ranks", {"url_id": np.arange(n, dtype=np.int32), "pagerank": pr,
                                  "page_rank": ranks.log_scale(pr)})


def _audit_aggregates(state: _Build) -> None:
    state.meta.update(aggregates.store(state.con))


def _value_terms(state: _Build) -> None:
    state.meta.update(value_terms.store(state.con))


STEPS: list[tuple[str, Callable[[_Build], None]]] = [
    ("pages and links", lambda s: _run(s, "tables")),
    ("hosts and domains", lambda s: _run(s, "names")),
    ("edges", _edge_tables),
    ("domain ranks", _domain_ranks),
    ("host ranks", _host_ranks),
    ("page ranks", _page_ranks),
    ("audit aggregates", _audit_aggregates),
    ("value terms", _value_terms),
]


def write_meta(con: duckdb.DuckDBPyConnection, files: dict[str, list[PartFile]],
               damping: float, trusted: list[str], extra: dict[str, str]) -> None:
    """Record how the graph was built and from which part files (both engines share it: the
    query commands and the next build read the same meta and inputs tables)."""
    con.execute(sql.load("build/meta"))
    meta = {"schema_version": db.GRAPH_SCHEMA_VERSION,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "damping": str(damping), "trusted": ",".join(trusted), **extra}
    con.executemany("INSERT INTO out.meta VALUES ($1, $2)", list(meta.items()))
    inputs = [(f.path, f.size, f.mtime_ns) for table_files in files.values() for f in table_files]
    if inputs:
        con.executemany("INSERT INTO out.inputs VALUES ($1, $2, $3)", inputs)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The size of each graph table, for the build's one-line summary."""
    return con.sql(sql.load("build/counts")).to_arrow_table().to_pylist()[0]


def install_graph(tmp: Path, final: Path) -> None:
    """Rename the finished graph over the old one (a stale WAL of the old one goes first)."""
    remove_graph(final.with_name(final.name + ".wal"))
    os.replace(tmp, final)
    fsync_dir(final.parent)


def remove_graph(path: Path) -> None:
    """Delete a graph file and its WAL, if any (a failed or replaced build leaves nothing)."""
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
