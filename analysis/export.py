"""Export the link graph for other graph tools: Common Crawl's vertices/edges text format, or
Parquet.

Text (as Common Crawl's web graphs, gzip-compressed, tab-separated, no header):
    <prefix>-<level>-vertices.txt.gz   id, reversed name (com.example.www)[, hosts of a domain]
    <prefix>-<level>-edges.txt.gz      source id, target id (sorted)
    <prefix>-host-ranks.txt.gz         harmonicc_pos, harmonicc_val, pr_pos, pr_val, host_rev
Parquet: the same files as `.parquet`, edges with their link counts and first/last seen.
Ids are graph.duckdb's (0..n-1 in reversed-name order, as Common Crawl numbers them), so the
files load as they are into WebGraph's tools, networkx, igraph or graph-tool.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from analysis.errors import BadArgument

if TYPE_CHECKING:
    from analysis.index import Index

EXPORT_FORMATS = ("text", "parquet")
LEVELS = ("domain", "host")
_TEXT = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")


def export_graph(index: Index, out_dir: str | Path, *, level: str = "domain", fmt: str = "text",
                 dofollow_only: bool = False, prefix: str = "backlinks") -> list[Path]:
    """Write the `level` ("domain" or "host") graph under `out_dir`; the paths written.

    Raises NoGraph when the index has no graph.duckdb."""
    if fmt not in EXPORT_FORMATS:
        raise BadArgument("format", fmt, EXPORT_FORMATS)
    if level not in LEVELS:
        raise BadArgument("level", level, LEVELS)
    index.require_graph()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    vertices = index.run("export_vertices", level=level).to_arrow_table()
    if level == "host":
        vertices = vertices.drop_columns(["hosts"])
    edges = index.run("export_edges", level=level, dofollow_only=dofollow_only).to_arrow_table()
    tables = {f"{level}-vertices": vertices, f"{level}-edges": edges}
    if level == "host":
        tables["host-ranks"] = index.run("export_ranks").to_arrow_table()
    return [_write(table, out / f"{prefix}-{name}", fmt, ids_only=name.endswith("edges"))
            for name, table in tables.items()]


def _write(table: pa.Table, stem: Path, fmt: str, *, ids_only: bool) -> Path:
    if fmt == "parquet":
        path = stem.with_name(stem.name + ".parquet")
        pq.write_table(table, path, compression="zstd")
        return path
    path = stem.with_name(stem.name + ".txt.gz")
    if ids_only:
        table = table.select(["src_id", "dst_id"])
    with pa.CompressedOutputStream(str(path), "gzip") as stream:
        pacsv.write_csv(table, stream, _TEXT)
    return path
