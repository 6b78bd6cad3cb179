"""Output formats of the command line: an Arrow table as `table` (rich), `csv`, `jsonl` or
`parquet`, written as bytes to a binary stream (sys.stdout.buffer) or a file; and a Profile.

The library returns tables; only the command line (and this module, for it) writes them.
"""

from __future__ import annotations

import io
import json
import math
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from analysis.errors import BadFormat

if TYPE_CHECKING:
    from analysis.index import Profile

FORMATS = ("table", "csv", "jsonl", "parquet")
_EMPTY = "(empty)"


def write(table: pa.Table, fmt: str, out: BinaryIO | str | Path, *, limit: int | None = None,
          title: str | None = None, width: int | None = None, color: bool = False) -> None:
    """Write `table` (its first `limit` rows) in `fmt` to a binary stream or a file path."""
    if fmt not in FORMATS:
        raise BadFormat(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if limit is not None:
        table = table.slice(0, limit)
    if isinstance(out, (str, Path)):
        with open(out, "wb") as stream:
            write(table, fmt, stream, title=title, width=width, color=color)
        return
    if fmt == "parquet":
        pq.write_table(table, out, compression="zstd")
    elif fmt == "csv":
        pacsv.write_csv(_flat(table), out)
    elif fmt == "jsonl":
        for row in table.to_pylist():
            out.write(json.dumps(_plain(row), ensure_ascii=False).encode() + b"\n")
    else:
        out.write(_render(_rich_table(table, title), width=width, color=color))


def write_profile(profile: Profile, fmt: str, out: BinaryIO, *, width: int | None = None,
                  color: bool = False) -> None:
    """A profile as readable tables (`table`) or one JSON document (`jsonl`)."""
    if fmt == "jsonl":
        out.write(json.dumps(_plain(profile.to_dict()), ensure_ascii=False).encode() + b"\n")
        return
    if fmt != "table":
        raise BadFormat(f"a profile is written as table or jsonl, not {fmt!r}")
    totals = pa.table({"metric": list(profile.totals), "value": [_cell(v) for v in profile.totals.values()]})
    parts = [_rich_table(totals, f"Backlink profile of {profile.domain}"),
             _rich_table(profile.top_refdomains, "Top referring domains"),
             _rich_table(profile.top_anchors, "Top anchors"),
             _rich_table(profile.top_pages, "Top linked pages")]
    parts += [_rich_table(t, f"Backlinks by {name.replace('_', ' ')}") for name, t in profile.breakdowns.items()]
    out.write(_render(*parts, width=width, color=color))


def _render(*tables: Table, width: int | None, color: bool) -> bytes:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 160, force_terminal=color,
                      color_system="auto" if color else None, highlight=False)
    for table in tables:
        console.print(table)
    return buffer.getvalue().encode()


def _rich_table(table: pa.Table, title: str | None) -> Table:
    view = Table(title=title, title_justify="left", show_lines=False)
    for name in table.column_names:
        numeric = pa.types.is_integer(table.schema.field(name).type) or pa.types.is_floating(table.schema.field(name).type)
        view.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in table.to_pylist():
        view.add_row(*(_cell(value) for value in row.values()))
    if table.num_rows == 0:
        view.caption = _EMPTY
    return view


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4g}" if abs(value) < 1 else f"{value:,.1f}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _plain(value: Any) -> Any:
    """`value` with JSON's types: times as ISO 8601, NaN as null."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _flat(table: pa.Table) -> pa.Table:
    """Nested columns (lists, structs) as JSON text: CSV holds scalars only."""
    for i, field in enumerate(table.schema):
        if pa.types.is_nested(field.type):
            text = [None if v is None else json.dumps(_plain(v)) for v in table.column(i).to_pylist()]
            table = table.set_column(i, field.name, pa.array(text, pa.string()))
    return table
