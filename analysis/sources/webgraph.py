"""An imported web graph (Common Crawl's, or one `backlinks export` wrote): who links to a
domain or host, and how each vertex ranks.

`backlinks import-webgraph` (analysis/sources/webgraph_import.py) writes, under
`DATA/webgraph/<name>/`:

    vertices.parquet   id, name (reversed: com.example.www), n_hosts, harmonicc_pos,
                       harmonicc_val, pr_pos, pr_val; sorted by name, in small row groups
    edges.parquet      src, dst; sorted by dst then src, in small row groups
    graph.json         level (domain or host), counts, the files it came from; written last

A lookup reads only the row groups whose min/max statistics can hold what it looks for
(DuckDB prunes them): the target's id by its name in the vertices, its in-links by that id in
the edges, then the linking vertices' names and ranks by their ids (Common Crawl numbers
vertices in the order of their names, so those row groups are found by id too).

    graph = WebGraph.open("data")                  # the one graph under data/webgraph/
    graph.in_links("example.com").to_pylist()      # linking domains with their ranks
    graph.rank("example.com")                      # {"harmonicc_pos": ..., "pr_pos": ...}
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from analysis import names, sql
from analysis.sources.errors import UnknownWebGraph
from pipelines.extractor.urls import registered_domain

if TYPE_CHECKING:
    from collections.abc import Iterable

WEBGRAPH_DIR = "webgraph"
VERTICES, EDGES, META = "vertices.parquet", "edges.parquet", "graph.json"
FORMAT_VERSION = 1
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def graphs_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / WEBGRAPH_DIR


def check_name(name: str) -> str:
    """A graph's name names a directory: letters, digits, '.', '_', '-'."""
    if not _NAME.match(name):
        raise UnknownWebGraph(f"web graph name {name!r}: use letters, digits, '.', '_' and '-' (at most 128)")
    return name


def list_webgraphs(data_dir: str | Path) -> list[str]:
    """The names of the graphs imported into `data_dir`."""
    root = graphs_dir(data_dir)
    return sorted(p.parent.name for p in root.glob(f"*/{META}")) if root.is_dir() else []


def reverse_name(name: str) -> str:
    """www.example.com -> com.example.www, as Common Crawl names vertices (and back)."""
    return ".".join(reversed(name.split(".")))


class WebGraph:
    """One imported graph: `WebGraph("data/webgraph/cc-main-2024-domain")`."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        try:
            self.meta: dict[str, Any] = json.loads((self.directory / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise UnknownWebGraph(f"no imported web graph in {self.directory}: run "
                                  "`backlinks import-webgraph DIR` first") from None
        self.level: str = self.meta["level"]
        self.name: str = self.meta["name"]
        self._con: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def open(cls, data_dir: str | Path, name: str | None = None) -> WebGraph:
        """The graph `name` of `data_dir`; without a name, the only one imported there."""
        if name is not None:
            return cls(graphs_dir(data_dir) / check_name(name))
        found = list_webgraphs(data_dir)
        if len(found) != 1:
            which = f"several ({', '.join(found)}): name one" if found else "none"
            raise UnknownWebGraph(f"web graphs imported into {data_dir}: {which}")
        return cls(graphs_dir(data_dir) / found[0])

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = duckdb.connect()
            self._con.execute("SET enable_progress_bar = false")  # a library never prints
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> WebGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def vertex_name(self, text: str) -> str:
        """The vertex a domain, host or URL is looked up under: its registered domain in a
        domain graph, the host itself in a host graph."""
        return names.candidates(text)[-1] if self.level == "domain" else names.host_name(text)

    def in_links(self, target: str, *, limit: int | None = None) -> pa.Table:
        """The vertices linking to `target` (a domain, host or URL), best harmonic centrality
        first: name, domain (its registered domain), harmonicc_pos, harmonicc_val, pr_pos,
        pr_val, n_hosts. In a host graph, the in-links of the host and of every host below
        it (`example.com`: also www.example.com, blog.example.com), links among those left
        out. An unknown target has no in-links."""
        table = sql.run(self.con, "webgraph_in_links", vertices=self._path(VERTICES),
                            edges=self._path(EDGES), key=reverse_name(self.vertex_name(target)),
                            below=self.level == "host", limit=limit).to_arrow_table()
        return self._with_domain(table)

    def ranks(self, targets: Iterable[str]) -> pa.Table:
        """The ranks of the vertices of `targets` (domains, hosts or URLs), as `in_links`
        lists them; a target the graph lacks has no row."""
        keys = sorted({reverse_name(self.vertex_name(t)) for t in targets})
        table = sql.run(self.con, "webgraph_ranks", vertices=self._path(VERTICES), keys=keys).to_arrow_table()
        return self._with_domain(table)

    def rank(self, target: str) -> dict[str, Any] | None:
        """The ranks of one domain or host (see `ranks`); None when the graph lacks it."""
        rows = self.ranks([target]).to_pylist()
        return rows[0] if rows else None

    def _path(self, name: str) -> str:
        return str(self.directory / name)

    def _with_domain(self, table: pa.Table) -> pa.Table:
        """`table` with the registered domain of each vertex after its name."""
        vertices = table.column("name").to_pylist()
        domains = vertices if self.level == "domain" else [registered_domain(v) for v in vertices]
        return table.add_column(1, "domain", pa.array(domains, pa.string()))
