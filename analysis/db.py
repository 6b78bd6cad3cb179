"""The one connection factory of the link index: DuckDB views over the Parquet datasets.

`connect(data_dir)` returns an in-memory DuckDB connection with these views, and nothing else
in the project creates them:

- `pages_raw`, `links_raw`: every row of every part file (pipelines/dataset/layout.py says
  which files: `DATA/<table>/crawl=<id>/*.parquet`, dot-files being written never), union
  by name, in the columns of pipelines/dataset/schema.py (NULL where a file has none; a
  dataset written by another tool needs only the REQUIRED ones), with the part's `filename`.
- `pages`, `links`: one fetch per URL per crawl, the latest (sql/views/dataset.sql says how);
  `links` adds `dofollow` and `dst_key`; `pages_with_live` and `links_with_live` add `live`.
- `live_pages`, `live_links`: every page as last fetched over all crawls: the live index
  (sql/views/common.sql, one definition whichever source the rows come from).
- `crawls` (in start order), `names` (host -> registered domain), and the macros
  `external_links(in_crawl)`, `backlinks_to(of_domain, in_crawl)`, `scoped_pages(in_crawl)`,
  `link_seen(of_domain)`, `link_changes(of_domain, old, new)`, `is_dofollow(...)`.
- `domain_ranks`, `host_ranks`, `page_ranks`: from graph.duckdb when it exists (attached
  read-only as `graph`, with `domains`, `hosts`, `domain_edges`, `host_edges`), else empty.

When graph.duckdb was built from exactly the part files now on disk, `pages`, `links` and the
live views read its materialised tables instead of the Parquet (fast); otherwise the Parquet is
read (which fetch of each URL counts is worked out once, at connect: sql/views/snapshot.sql) and
the ranks are those of the last build. The table `index_info` says which.
With a fresh graph, `connect` reads no Parquet at all: the raw views and the views of
sql/views/dataset.sql are not created (binding them reads the footer of every part file, several
times, the largest part of a command's start on a big index), and pyarrow is not imported.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from analysis import sql
from analysis.errors import BadDataset, BadPartFile, NoCrawlData
from pipelines.dataset.layout import PartFile, part_files
from pipelines.dataset.manifest import read_manifests

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pyarrow as pa

logger = logging.getLogger(__name__)

GRAPH_FILE = "graph.duckdb"
#: Bumped when the tables of graph.duckdb change; an older graph is ignored until rebuilt.
GRAPH_SCHEMA_VERSION = "1"
#: The two datasets of a data directory (their schemas: pipelines/dataset/schema.py).
TABLES = ("pages", "links")
#: The columns a dataset written by another tool must have (README, "Data layout"); the
#: crawl id comes from the `crawl=<id>` directory, every other column may be missing.
REQUIRED = {
    "pages": ("fetched_at", "url", "host", "domain"),
    "links": ("fetched_at", "src_url", "src_host", "src_domain", "dst_url", "dst_host", "dst_domain"),
    "candidates": ("domain", "targets", "score", "crawled", "updated_at"),
}

def sql_string(text: str | Path) -> str:
    """`text` as a SQL string literal, for the statements that take no parameters
    (CREATE VIEW, ATTACH, SET)."""
    return "'" + str(text).replace("'", "''") + "'"


def sql_type(pa_type: pa.DataType) -> str:
    """The DuckDB type of a column of the Parquet schemas."""
    import pyarrow as pa  # only when the Parquet is read: a fresh graph needs no pyarrow

    types = {
        pa.string(): "VARCHAR", pa.bool_(): "BOOLEAN", pa.int16(): "SMALLINT",
        pa.int32(): "INTEGER", pa.int64(): "BIGINT", pa.float64(): "DOUBLE",
        pa.timestamp("ms", tz="UTC"): "TIMESTAMPTZ", pa.list_(pa.string()): "VARCHAR[]",
        pa.list_(pa.float64()): "DOUBLE[]",
    }
    return types[pa_type]


def connect(data_dir: str | Path, *, read_only: bool = True, graph: bool = True,
            config: Mapping[str, str] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the link index's views over `data_dir`.

    Raises NoCrawlData when there is no part file of `pages` nor of `links`. With `graph`
    False the graph is not attached (what `build` reads from); `read_only` False attaches it
    writable. `config`: DuckDB settings in force from the start (the build's memory limit
    and spill directory bound the snapshot `connect` itself computes, too).
    """
    data_dir = Path(data_dir)
    files = {table: part_files(data_dir, table) for table in TABLES}
    if not any(files.values()):
        raise NoCrawlData(data_dir)
    settings: dict[str, Any] = dict(config or {})
    con = duckdb.connect(config=settings)
    try:
        _create_views(con, data_dir, files, read_only=read_only, graph=graph)
    except BaseException:
        con.close()
        raise
    return con


def _create_views(con: duckdb.DuckDBPyConnection, data_dir: Path, files: dict[str, list[PartFile]], *,
                  read_only: bool, graph: bool) -> None:
    """What `connect` creates (module doc), in this order: the manifests, the graph, the
    deduplicated views from a fresh graph or else from the raw views over the Parquet, the
    common views, the ranks."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")  # a library never prints
    _manifests(con, data_dir)
    state = "absent"
    graph_path = data_dir / GRAPH_FILE
    if graph and graph_path.exists():
        try:
            state = _attach_graph(con, graph_path, files, read_only=read_only)
        except duckdb.Error as exc:  # not a graph this version can read: as if there were none
            logger.warning("Ignoring unreadable %s (%s); run `backlinks build`", graph_path, exc)
            con.execute("DETACH DATABASE IF EXISTS graph")
    try:
        if state == "fresh":  # the deduplicated tables are in the graph: no Parquet to read
            con.execute(sql.load("views/graph_fresh"))
        else:
            from pipelines.dataset import schema  # pyarrow: only when the Parquet is read

            for table in TABLES:
                _raw_view(con, table, [data_dir / f.path for f in files[table]], getattr(schema, table.upper()))
            con.execute(sql.load("views/dataset"))
            con.execute(sql.load("views/snapshot"))
        con.execute(sql.load("views/common"))
        con.execute(sql.load("views/history"))
        con.execute(sql.load("views/graph" if state != "absent" else "views/no_graph"))
    except duckdb.Error as exc:  # a part file that is not ours: say which
        raise _unreadable(con, data_dir, files, exc) from None
    con.execute("CREATE TABLE index_info (key VARCHAR, value VARCHAR)")
    con.executemany("INSERT INTO index_info VALUES ($1, $2)",
                    [("data_dir", str(data_dir)), ("graph", state)])


def _unreadable(con: duckdb.DuckDBPyConnection, data_dir: Path, files: dict[str, list[PartFile]],
                exc: duckdb.Error) -> Exception:
    """Why the part files could not be read, as a BadPartFile naming the first one DuckDB
    cannot open or whose columns have other types than ours; `exc` itself if none does."""
    from pipelines.dataset import schema

    for table in TABLES:
        expected = {f.name: sql_type(f.type) for f in getattr(schema, table.upper())}
        for part in files[table]:
            path = data_dir / part.path
            try:
                found = con.execute(f"DESCRIBE SELECT * FROM read_parquet({sql_string(path)})").fetchall()
            except duckdb.Error as error:  # its message names the file: once is enough
                why = str(error).strip().splitlines()[0].replace(f" '{path}'", "").replace(f"'{path}' ", "")
                return BadPartFile(path, why.split("Error: ", 1)[-1])
            for name, sql_type_found, *_ in found:
                want = expected.get(name)
                if want is not None and not _same_type(sql_type_found, want):
                    return BadPartFile(path, f"column {name} is {sql_type_found}, not {want}: "
                                             "not a part file of this project")
    return exc


def _same_type(found: str, want: str) -> bool:
    aliases = {"TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE"}
    return aliases.get(found, found) == aliases.get(want, want)


def candidates_view(con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> None:
    """The view `candidates` over `DATA/candidates/` (discovery crawls): each candidate of each
    crawl in its latest state. Made on demand (`Index.candidates`), not by `connect`."""
    from pipelines.dataset import schema

    files = part_files(data_dir, "candidates")
    con.execute("DROP VIEW IF EXISTS candidates_raw")
    _raw_view(con, "candidates", [Path(data_dir) / f.path for f in files], schema.CANDIDATES)
    con.execute(sql.load("views/candidates"))


def info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """What `connect` found: `data_dir`, `graph` ("fresh", "stale" or "absent")."""
    return dict(con.execute("SELECT key, value FROM index_info").fetchall())


def _raw_view(con: duckdb.DuckDBPyConnection, table: str, paths: list[Path], table_schema: pa.Schema) -> None:
    """`<table>_raw` over the part files `paths`: the schema's columns in its order (NULL
    where no file has one; cast where another tool wrote another type), then any newer
    column, then `filename`. A required column missing from every file, or of a type that
    cannot become the schema's, raises BadDataset."""
    name = f"{table}_raw"
    if not paths:
        cols = ", ".join(f"NULL::{sql_type(f.type)} AS {f.name}" for f in table_schema)
        con.execute(f"CREATE VIEW {name} AS SELECT {cols}, NULL::VARCHAR AS filename WHERE false")
        return
    # a view cannot take parameters: the file list goes in as quoted literals
    files = ", ".join(sql_string(p) for p in paths)
    source = (f"read_parquet([{files}], hive_partitioning = true, hive_types_autocast = false, "
              "union_by_name = true, filename = true)")
    present = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})").fetchall())
    missing = [c for c in REQUIRED[table] if c not in present]
    if missing:
        raise BadDataset(f"the {table} files under {paths[0].parent.parent} have no column "
                         f"{', '.join(missing)} (a {table} dataset needs {', '.join(REQUIRED[table])})")
    columns = [_column(table, f, present) for f in table_schema]
    columns += [c for c in present if c not in table_schema.names and c not in ("crawl", "filename")]
    con.execute(f"CREATE VIEW {name} AS SELECT {', '.join(columns)}, filename FROM {source}")


#: DuckDB types another tool may write for each type of the schemas (cast to the schema's).
_CASTABLE = {
    "TIMESTAMPTZ": ("TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S", "TIMESTAMP WITH TIME ZONE"),
    "SMALLINT": ("TINYINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"),
    "INTEGER": ("TINYINT", "SMALLINT", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"),
    "BIGINT": ("TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"),
}


def _column(table: str, field: pa.Field, present: dict[str, str]) -> str:
    expected = sql_type(field.type)
    if field.name == "crawl_id" and "crawl" in present:  # the partition names the crawl too
        return "coalesce(crawl_id, crawl) AS crawl_id" if "crawl_id" in present else "crawl AS crawl_id"
    found = present.get(field.name)
    if found is None:
        return f"NULL::{expected} AS {field.name}"
    if found == expected:
        return field.name
    if found in _CASTABLE.get(expected, ()):
        return f"CAST({field.name} AS {expected}) AS {field.name}"
    raise BadDataset(f"column {field.name} of the {table} files is {found}; it must be {expected} "
                     f"(README, \"Data layout\")")


def _manifests(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """The table `crawl_manifests` from `DATA/crawls/*.json` (pipelines/dataset/manifest.py);
    a crawl without one (a dataset written by another tool) is ordered by its first fetch."""
    con.execute("CREATE TABLE crawl_manifests (crawl_id VARCHAR, started_at TIMESTAMPTZ, "
                "finished_at TIMESTAMPTZ, seeds VARCHAR[], finish_reason VARCHAR)")
    rows = _one_per_crawl(_manifest_rows(data_dir))
    if rows:
        con.executemany("INSERT INTO crawl_manifests VALUES ($1, $2, $3, $4, $5)", rows)


def _manifest_rows(data_dir: Path) -> Iterable[tuple[Any, ...]]:
    for path, doc in read_manifests(data_dir):
        try:
            yield (doc.get("crawl_id") or path.stem, _time(doc.get("started_at")),
                   _time(doc.get("finished_at")), [str(s) for s in doc.get("seeds") or []],
                   doc.get("finish_reason"))
        except (ValueError, TypeError) as exc:
            logger.warning("Skipped unreadable crawl manifest %s: %s", path, exc)


def _one_per_crawl(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """One row per crawl id: a crawl made by several workers or processes has a manifest
    each (`<crawl_id>.<worker>.json`). It started with its first worker, finished with its
    last, and had all their seeds; its finish reasons are those of its workers."""
    crawls: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        crawls.setdefault(row[0], []).append(row)
    merged = []
    for crawl_id, parts in crawls.items():
        started = [p[1] for p in parts if p[1] is not None]
        finished = [p[2] for p in parts if p[2] is not None]
        seeds = list(dict.fromkeys(seed for p in parts for seed in p[3]))
        reasons = ", ".join(sorted({p[4] for p in parts if p[4]})) or None
        merged.append((crawl_id, min(started, default=None), max(finished, default=None), seeds, reasons))
    return merged


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _attach_graph(con: duckdb.DuckDBPyConnection, path: Path, files: dict[str, list[PartFile]],
                  *, read_only: bool) -> str:
    """Attach graph.duckdb as `graph`; "fresh" when built from exactly `files`, else "stale".
    A graph of another schema version is detached and reported "absent"."""
    mode = " (READ_ONLY)" if read_only else ""
    con.execute(f"ATTACH {sql_string(path)} AS graph{mode}")
    meta = dict(con.execute("SELECT key, value FROM graph.meta").fetchall())
    if meta.get("schema_version") != GRAPH_SCHEMA_VERSION:
        logger.warning("Ignoring %s: schema %s, this version reads %s; run `backlinks build`",
                       path, meta.get("schema_version"), GRAPH_SCHEMA_VERSION)
        con.execute("DETACH graph")
        return "absent"
    built = {PartFile(*row) for row in con.execute("SELECT path, size, mtime_ns FROM graph.inputs").fetchall()}
    current = {f for table_files in files.values() for f in table_files}
    return "fresh" if built == current else "stale"


def graph_path(data_dir: str | Path) -> Path:
    """Where `backlinks build` writes the graph of `data_dir`."""
    return Path(data_dir) / GRAPH_FILE
