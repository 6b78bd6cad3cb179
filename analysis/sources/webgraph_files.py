"""Common Crawl's web graph text files: which file is which, and which columns each holds.

Common Crawl publishes each host- or domain-level graph as gzip-compressed, tab-separated text
(commoncrawl/cc-webgraph, `process_webgraph.sh` and `HostToDomainGraph`):

    <name>-vertices.txt.gz   id, reversed name (com.example.www)[, number of hosts: domain graphs]
    <name>-edges.txt.gz      source id, target id, sorted by source then target
    <name>-ranks.txt.gz      harmonicc_pos, harmonicc_val, pr_pos, pr_val, reversed name[, n_hosts]

Ids are 0..n-1 in the order of the reversed names. A ranks file opens with the header line
`#harmonicc_pos  #harmonicc_val  #pr_pos  #pr_val  #host_rev[  #n_hosts]`, and a value its
join found on one side only is written `---`. Large graphs come split into part files, in
`vertices/` and `edges/` directories. `backlinks export --format text` writes the same files
(`backlinks-<level>-vertices.txt.gz` ...), without the ranks' header line.

Each file is told by its name (`vertices`, `edges`, `ranks`, in its name or its directory's)
and checked by its first lines here, so that a wrong file is refused in one line before a
long import starts.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.sources.errors import BadWebGraph

ROLES = ("vertices", "edges", "ranks")
LEVELS = ("domain", "host")
#: Column counts each file may have, and what they are.
COLUMNS = {
    "vertices": ((2, 3), "id, reversed name[, number of hosts]"),
    "edges": ((2,), "source id, target id"),
    "ranks": ((5, 6), "harmonicc_pos, harmonicc_val, pr_pos, pr_val, reversed name[, n_hosts]"),
}
#: The columns that hold ids or positions (integers) in each file.
_ID_COLUMNS = {"vertices": (0,), "edges": (0, 1), "ranks": (0, 2)}
MISSING = "---"  # a ranks value the join of harmonic centrality and PageRank did not find
_SUFFIXES = (".gz", ".txt", ".tsv")
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class GraphFiles:
    """The files of one graph, checked."""

    level: str
    name: str  # the graph's name by default: the vertices file's, `-vertices` left out
    vertices: list[Path] = field(default_factory=list)
    edges: list[Path] = field(default_factory=list)
    ranks: list[Path] = field(default_factory=list)
    vertex_columns: int = 2
    rank_columns: int = 0  # 0: no ranks file

    def all(self) -> list[Path]:
        return self.vertices + self.edges + self.ranks


def find_graph_files(directory: str | Path, level: str | None = None) -> GraphFiles:
    """The vertices, edges and (optional) ranks files under `directory`, of the `level`
    graph ("domain" or "host"; None: the one graph there is). Raises BadWebGraph."""
    root = Path(directory)
    if not root.is_dir():
        raise BadWebGraph(f"{root} is not a directory of web graph files")
    if level is not None and level not in LEVELS:
        raise BadWebGraph(f"level must be domain or host; got {level!r}")
    found = [(path, _role(path, root), _level(path, root)) for path in sorted(root.rglob("*"))
             if path.is_file() and path.name.endswith(_SUFFIXES) and not path.name.startswith(".")
             and not path.name.endswith(".paths.gz")]  # CC's lists of part-file URLs
    found = [f for f in found if f[1] is not None]
    levels = {lvl for _, _, lvl in found if lvl is not None}
    if level is None and len(levels) > 1:
        raise BadWebGraph(f"{root} holds both a domain and a host graph: give --level domain or --level host")
    level = level or (levels.pop() if levels else None)
    found = [f for f in found if f[2] in (None, level)]
    by_role = {role: [path for path, r, _ in found if r == role] for role in ROLES}
    for role in ("vertices", "edges"):
        if not by_role[role]:
            raise BadWebGraph(f"no {role} file in {root} (a name holding '{role}', .txt.gz or .txt)")
    vertex_columns = sniff(by_role["vertices"][0], "vertices")
    rank_columns = sniff(by_role["ranks"][0], "ranks") if by_role["ranks"] else 0
    sniff(by_role["edges"][0], "edges")
    if level is None:  # only a domain graph counts hosts
        if vertex_columns == 3 or rank_columns == 6:
            level = "domain"
        else:
            raise BadWebGraph(f"cannot tell whether {root} holds a domain or a host graph: give --level")
    return GraphFiles(level=level, name=_graph_name(by_role["vertices"][0], root), **by_role,
                      vertex_columns=vertex_columns, rank_columns=rank_columns)


def sniff(path: Path, role: str) -> int:
    """The number of columns of `path`, checked against what a `role` file holds; its first
    data line's ids must be integers. Raises BadWebGraph naming the file and the line."""
    allowed, meaning = COLUMNS[role]
    number, line = _first_data_line(path)
    if line is None:
        if role == "ranks":
            raise BadWebGraph(f"{path}: empty ranks file")
        raise BadWebGraph(f"{path}: empty {role} file")
    cells = line.split("\t")
    if len(cells) not in allowed:
        raise BadWebGraph(f"{path}, line {number}: {len(cells)} tab-separated columns; {role} files "
                          f"have {' or '.join(map(str, allowed))} ({meaning})")
    for cell in (cells[i] for i in _ID_COLUMNS[role]):
        if not (cell.isdigit() or (role == "ranks" and cell == MISSING)):
            raise BadWebGraph(f"{path}, line {number}: {cell[:40]!r} is not an id or a position ({meaning})")
    return len(cells)


def _first_data_line(path: Path) -> tuple[int, str | None]:
    """(line number, text) of the first line that is no `#` header; (0, None) if none."""
    try:
        with _open_text(path) as stream:
            for number, line in enumerate(stream, 1):
                text = line.rstrip("\r\n")
                if text and not text.startswith("#"):
                    return number, text
                if number > 10:  # a header is one line; this is no graph file
                    break
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise BadWebGraph(f"{path}: unreadable ({exc})") from None
    return 0, None


def _open_text(path: Path):
    with open(path, "rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")  # the caller closes it


def _tokens(path: Path, root: Path) -> list[str]:
    """The words of a file's name and of the directories between it and `root`."""
    parts = [path.name] + [p.name for p in path.relative_to(root).parents if p.name]
    return [t for part in parts for t in re.split(r"[-_.]", part.lower())]


def _role(path: Path, root: Path) -> str | None:
    tokens = _tokens(path, root)
    roles = [role for role in ROLES if role in tokens]
    return roles[0] if len(roles) == 1 else None


def _level(path: Path, root: Path) -> str | None:
    tokens = set(_tokens(path, root))
    levels = [level for level in LEVELS if level in tokens]
    return levels[0] if len(levels) == 1 else None


def _graph_name(vertices: Path, root: Path) -> str:
    """`cc-main-2024-feb-apr-may-domain-vertices.txt.gz` -> `cc-main-2024-feb-apr-may-domain`;
    a part file in `vertices/` takes the name of the directory above it."""
    stem = vertices.name
    while stem.endswith(_SUFFIXES):
        stem = stem.rsplit(".", 1)[0]
    if "vertices" not in stem.lower():
        stem = vertices.parent.parent.name if vertices.parent != root else root.name
    name = re.sub(r"[-_.]?vertices[-_.]?", "-", stem, flags=re.IGNORECASE).strip("-_.")
    return _NAME.sub("-", name).strip("-") or "webgraph"
