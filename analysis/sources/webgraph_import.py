"""`backlinks import-webgraph`: Common Crawl's web graph text files into Parquet laid out for
in-link lookups (the layout: analysis/sources/webgraph.py).

DuckDB reads the gzip text and sorts: the edges by target id (external sort, spilling to
`DATA/webgraph/.<name>.tmp-<pid>/spill` past its memory limit), the vertices by name with
their ranks joined. The graph is written to that temporary directory and renamed into
`DATA/webgraph/<name>/` only when complete and checked: an import that fails leaves the
previous one (if any) as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from analysis import db, sql
from analysis.sources.errors import BadWebGraph
from analysis.sources.storage import replace_dir
from analysis.sources.webgraph import EDGES, FORMAT_VERSION, META, VERTICES, check_name, graphs_dir
from analysis.sources.webgraph_files import GraphFiles, find_graph_files

#: Rows per Parquet row group: a lookup reads one or two of them (about 0.5 MB of edges).
ROW_GROUP_SIZE = 131_072


@dataclass(frozen=True)
class WebGraphImport:
    """What `import_webgraph` wrote."""

    name: str
    level: str
    path: Path
    vertices: int
    edges: int
    ranked: bool
    ranks_unmatched: int  # ranks whose name is no vertex (from another release?): left out
    seconds: float


def import_webgraph(directory: str | Path, data_dir: str | Path, *, name: str | None = None,
                    level: str | None = None, memory_limit: str | None = None) -> WebGraphImport:
    """Import the graph files under `directory` into `data_dir/webgraph/<name>/` (by default
    the name of its vertices file, `-vertices` left out), replacing a graph of that name.

    Raises BadWebGraph for missing or malformed files, naming the file."""
    started = time.monotonic()
    files = find_graph_files(directory, level)
    name = check_name(name or files.name)
    final = graphs_dir(data_dir) / name
    tmp = final.parent / f".{name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "spill").mkdir(parents=True)
    try:
        counts = _write(files, tmp, memory_limit)
        meta = {"format_version": FORMAT_VERSION, "name": name, "level": files.level, **counts,
                "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "files": [str(p) for p in files.all()]}
        shutil.rmtree(tmp / "spill", ignore_errors=True)
        (tmp / META).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        replace_dir(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return WebGraphImport(name=name, level=files.level, path=final, vertices=int(counts["vertices"]),
                          edges=int(counts["edges"]), ranked=bool(counts["ranked"]),
                          ranks_unmatched=int(counts["ranks_unmatched"]), seconds=time.monotonic() - started)


def _write(files: GraphFiles, out: Path, memory_limit: str | None) -> dict[str, int | bool]:
    """Write vertices.parquet and edges.parquet into `out` and check them; their counts."""
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = false")  # the sorts decide the order
        con.execute(f"SET temp_directory = {db.sql_string(out / 'spill')}")
        if memory_limit is not None:
            con.execute(f"SET memory_limit = {db.sql_string(memory_limit)}")
        vertices, edges = str(out / VERTICES), str(out / EDGES)
        sql.run(con, "webgraph_ranks_table")
        if files.ranks:
            _read(con, files.ranks, "webgraph_read_ranks", files=[str(p) for p in files.ranks])
        _read(con, files.vertices, "webgraph_write_vertices", files=[str(p) for p in files.vertices],
              out=vertices, row_group_size=ROW_GROUP_SIZE)
        counts = _check_vertices(con, files, vertices)
        _read(con, files.edges, "webgraph_write_edges", files=[str(p) for p in files.edges],
              out=edges, row_group_size=ROW_GROUP_SIZE)
        edges_count, low, high = sql.run(con, "webgraph_check_edges", edges=edges).fetchall()[0]
        if edges_count and (low < 0 or high >= counts["vertices"]):
            bad = low if low < 0 else high
            raise BadWebGraph(f"{files.edges[0]}: an edge names vertex {bad}, which the vertices file "
                              f"lacks (ids 0..{counts['vertices'] - 1})")
        return {**counts, "edges": edges_count}
    finally:
        con.close()


def _read(con: duckdb.DuckDBPyConnection, paths: list[Path], question: str, **params: object) -> None:
    """Run one import statement; a file DuckDB cannot read becomes one line naming it."""
    try:
        sql.run(con, question, **params)
    except duckdb.Error as exc:
        raise BadWebGraph(_csv_error(exc, paths)) from None


def _check_vertices(con: duckdb.DuckDBPyConnection, files: GraphFiles, vertices: str) -> dict[str, int | bool]:
    """Vertex ids are 0..n-1 and names unique, as Common Crawl numbers them."""
    n, ids, distinct_names, low, high, ranked, unmatched = sql.run(
        con, "webgraph_check_vertices", vertices=vertices).fetchall()[0]
    where = files.vertices[0]
    if n == 0:
        raise BadWebGraph(f"{where}: no vertices")
    if ids != n or low != 0 or high != n - 1:
        raise BadWebGraph(f"{where}: vertex ids must be 0..n-1, each once (found {ids} distinct ids "
                          f"from {low} to {high} in {n} lines)")
    if distinct_names != n:
        raise BadWebGraph(f"{where}: {n - distinct_names} vertex names appear more than once")
    if files.ranks and not ranked:
        raise BadWebGraph(f"{files.ranks[0]}: none of its names is a vertex (the ranks of another graph?)")
    return {"vertices": n, "ranked": bool(ranked), "ranks_unmatched": unmatched}


def _csv_error(exc: Exception, paths: list[Path]) -> str:
    """DuckDB's CSV error as one line: the file, the line number, what is wrong and the line
    (DuckDB's message spans many lines: the reader's settings, hints)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    settings = dict(line.split(" = ", 1) for line in lines if " = " in line)
    where = settings.get("file") or (str(paths[0]) if len(paths) == 1 else f"{paths[0].parent}/")
    at = re.search(r"CSV Error on Line: (\d+)", lines[0]) if lines else None
    if at is None or len(lines) < 3:
        return f"{where}: {lines[0] if lines else type(exc).__name__}"
    original = lines[1].removeprefix("Original Line:").strip()
    return f"{where}, line {at[1]}: {lines[2]} (the line: {original[:80]!r})"
