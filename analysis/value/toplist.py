"""`backlinks toplist import FILE`: a popularity list into the data directory, for the traffic band.

Three published formats, recognised by their first line (nothing is fetched, ever):

    tranco     rank,domain without a header            1,google.com
    majestic   the Majestic Million CSV, with header   GlobalRank,TldRank,Domain,TLD,RefSubNets,...
                                                       1,1,google.com,com,473849,3245129,...
    crux       Chrome UX Report rank buckets           origin,rank
               (an origin and its bucket)              https://www.google.com,1000

Each entry becomes its registered domain (public suffix list, as the rows of the index), the
best rank of a domain kept (a CrUX list names www. and m. origins apart). A CrUX rank is a
bucket, "among the top 1,000 / 5,000 / 10,000 / 50,000 ... origins", stored as that number.
The list goes to `DIR/toplist/toplist.parquet` (domain, rank, list), written under a temporary
name and renamed: a second import replaces the first.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import AnalysisError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import duckdb

FORMATS = ("tranco", "majestic", "crux")
#: Where the imported list lives in a data directory.
RELATIVE_PATH = Path("toplist") / "toplist.parquet"
_MAJESTIC_HEADER = ("globalrank", "tldrank", "domain")


class BadToplist(AnalysisError):
    """A popularity list that is none of the formats, or a line of it that does not read."""


@dataclass
class Imported:
    """What an import stored: the format recognised, lines read, domains kept, and where."""

    format: str
    lines: int
    domains: int
    path: Path


def path_in(data_dir: str | Path) -> Path:
    """The imported list's path in a data directory (it may not exist)."""
    return Path(data_dir) / RELATIVE_PATH


def recognise(first: list[str]) -> str:
    """The format of a list from its first CSV row; BadToplist when none fits."""
    cells = [c.strip().lstrip("\ufeff").lower() for c in first]
    if tuple(cells[:3]) == _MAJESTIC_HEADER:
        return "majestic"
    if cells[:2] == ["origin", "rank"]:
        return "crux"
    if len(cells) == 2 and cells[0].isdigit() and "." in cells[1]:
        return "tranco"
    raise BadToplist(f"the first line {','.join(first)!r} is none of the formats: tranco (rank,domain), "
                     "majestic (GlobalRank,TldRank,Domain,...) or crux (origin,rank)")


def entries(rows: Iterator[list[str]], kind: str, first: list[str]) -> Iterator[tuple[int, str, str]]:
    """(line number, rank, name) of every entry of a list of format `kind` whose first row
    was `first` and whose other rows `rows` yields."""
    if kind == "tranco":
        yield _entry(1, first[0], first[1])
    rank_at, name_at = {"tranco": (0, 1), "majestic": (0, 2), "crux": (1, 0)}[kind]
    for number, row in enumerate(rows, 2):
        if row:
            yield _entry(number, _cell(row, rank_at), _cell(row, name_at))


def _cell(row: list[str], at: int) -> str:
    return row[at] if len(row) > at else ""


def _entry(number: int, rank: str, name: str) -> tuple[int, str, str]:
    if not rank.strip().isdigit() or not name.strip():
        raise BadToplist(f"line {number}: expected a rank and a domain, got {rank!r}, {name!r}")
    return number, rank.strip(), name.strip()


def read(path: str | Path) -> tuple[str, int, dict[str, int]]:
    """The format, the number of entries and the best rank of each registered domain of the
    list at `path`."""
    lines = 0
    best: dict[str, int] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = csv.reader(f)
            first = next(rows, None)
            if first is None:
                raise BadToplist(f"{path} is empty")
            kind = recognise(first)
            for number, rank, name in entries(rows, kind, first):
                lines += 1
                _keep(best, number, rank, name)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BadToplist(f"{path} is not a CSV text file ({exc})") from None
    if not best:
        raise BadToplist(f"{path} holds no entry")
    return kind, lines, best


def _keep(best: dict[str, int], number: int, rank: str, name: str) -> None:
    """Keep the better of `rank` and the rank already kept for `name`'s registered domain."""
    from analysis.names import candidates

    try:
        domain = candidates(name)[-1]
    except AnalysisError:
        raise BadToplist(f"line {number}: {name!r} is not a domain or origin") from None
    value = int(rank)
    if value < best.get(domain, value + 1):
        best[domain] = value


def import_list(path: str | Path, data_dir: str | Path) -> Imported:
    """Store the list at `path` as `DIR/toplist/toplist.parquet` (replacing one imported
    before); BadToplist for a file of no known format or a line that does not read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    kind, lines, best = read(path)
    final = path_in(data_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    domains = sorted(best)
    table = pa.table({"domain": domains, "rank": pa.array([best[d] for d in domains], pa.int64()),
                      "list": [kind] * len(domains)})
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return Imported(kind, lines, len(domains), final)


def ranks(con: duckdb.DuckDBPyConnection, data_dir: str | Path, domains: list[str]) -> dict[str, int]:
    """The list rank of each of `domains` that the imported list holds ({} without a list)."""
    from analysis import sql

    path = path_in(data_dir)
    if not path.exists() or not domains:
        return {}
    return dict(sql.run(con, "value_toplist", path=str(path), domains=domains).fetchall())
