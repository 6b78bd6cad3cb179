"""The output formats of the command line, with one meaning everywhere.

- `table`: for people. The terminal's width; URLs shortened in the middle (`https://exa…/page`)
  and long texts cut when the columns would not fit; counts with thousands separators,
  shares (0..1 fractions) as percentages (`42.0%`), times in UTC without an offset
  (`2026-11-30 14:03:00`), and a time column whose values are all midnights (a week, a day)
  as dates (`2026-11-30`).
- `csv`: a header line, then one line per row. Values whole: URLs and texts never shortened,
  shares as fractions, times as ISO 8601 that spreadsheets read (`2026-11-30 14:03:00`, UTC;
  dates as `2026-11-30`), booleans `true`/`false`, lists and structs as JSON text.
- `json`: one document: an array of row objects for a table of rows, one object for a
  `Document` (a profile, an audit). Times ISO 8601 with their zone (`2026-11-30T14:03:00Z`).
- `jsonl`: one JSON object per line, one row per line (a `Document` writes its `rows`).
- `parquet`: the rows with their exact types, where a command writes a file.

A result is a table of rows (a DuckDB relation, an Arrow table, a list of dicts or `Rows`)
or a `Document` (several tables for people, one JSON object, rows for csv and jsonl). The
library returns results; only the command line writes them, through `write`. pyarrow is
imported for `parquet` and Arrow input only, rich for `table` only: a command starts fast.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

from analysis.errors import BadFormat

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from analysis.audit import Audit
    from analysis.audit.anchors import AnchorProfile
    from analysis.index import Profile

#: What every command that prints rows takes; `parquet` too where it writes a file.
FORMATS = ("table", "csv", "json", "jsonl")
FILE_FORMATS = (*FORMATS, "parquet")
#: Columns holding a share (a 0..1 fraction), besides those named `share` or `*_share`.
SHARE_COLUMNS = frozenset({"of_score"})
#: Columns holding a URL, besides those named `url` or `*_url`.
URL_COLUMNS = frozenset({"canonical", "redirect_to"})
#: The narrowest a shortened URL or text column gets in a table (past that, columns are left out).
MIN_WIDTH = {"url": 14, "text": 8, "list": 8, "struct": 8}
#: Between two columns of a table: a space and a padding.
_GAP = 2
_NUMBERS = ("int", "float", "share")


@dataclass
class Rows:
    """A table of rows as the formats see it: column names, each column's kind (int, float,
    share, bool, time, date, text, url, list, struct), and the rows."""

    columns: list[str]
    kinds: list[str]
    rows: list[tuple[Any, ...]]
    title: str = ""

    def head(self, limit: int | None) -> Rows:
        """The first `limit` rows (all for None)."""
        return self if limit is None else Rows(self.columns, self.kinds, self.rows[:limit], self.title)

    def select(self, names: Sequence[str] | None) -> Rows:
        """Only the columns `names`, in that order (all for None); unknown names are a BadFormat."""
        if names is None or not self.columns:  # no columns: no row to know them from
            return self
        unknown = [n for n in names if n not in self.columns]
        if unknown:
            raise BadFormat(f"unknown column {unknown[0]!r}: choose from {', '.join(self.columns)}")
        at = [self.columns.index(n) for n in names]
        return Rows(list(names), [self.kinds[i] for i in at],
                    [tuple(row[i] for i in at) for row in self.rows], self.title)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class Document:
    """A result of several parts: `data` is the `json` document, `parts` the tables people
    see (in order, each with its title) followed by `notes` (warnings), `rows` what `csv`
    writes, and `lines` what `jsonl` writes (default: the rows), when its rows are not all of
    one shape. `data` and `lines` may be functions, called only for the format that needs
    them (a big audit's document costs more than its table)."""

    data: dict[str, Any] | Callable[[], dict[str, Any]]
    parts: list[Rows]
    rows: Rows
    lines: list[dict[str, Any]] | Callable[[], list[dict[str, Any]]] | None = None
    notes: list[str] = field(default_factory=list)


def rows_of(result: Any, title: str = "") -> Rows:
    """`result` (a DuckDB relation, an Arrow table, dicts, or Rows) as Rows."""
    if isinstance(result, Rows):
        return result
    if hasattr(result, "fetchall") and hasattr(result, "types"):  # a DuckDB relation
        columns = list(result.columns)
        kinds = [_kind_of_type(name, str(t)) for name, t in zip(columns, result.types, strict=True)]
        return Rows(columns, kinds, result.fetchall(), title)
    dicts = result.to_pylist() if hasattr(result, "to_pylist") else list(result)
    columns = list(result.column_names) if hasattr(result, "column_names") else _keys(dicts)
    rows = [tuple(d.get(c) for c in columns) for d in dicts]
    kinds = [_kind_of_values(c, (row[i] for row in rows)) for i, c in enumerate(columns)]
    return Rows(columns, kinds, rows, title)


def dict_rows(dicts: Sequence[dict[str, Any]], columns: Sequence[str], title: str = "") -> Rows:
    """Dicts as Rows of these columns, also when there is none (so that `--columns` is checked
    against them, as a relation's are)."""
    if dicts:
        return rows_of([{c: d.get(c) for c in columns} for d in dicts], title)
    return Rows(list(columns), ["text"] * len(columns), [], title)


def write(result: Any, fmt: str, out: BinaryIO, *, limit: int | None = None,
          columns: Sequence[str] | None = None, title: str = "", width: int = 100,
          color: bool = False) -> None:
    """Write `result` in `fmt` to the binary stream `out`: its first `limit` rows (all for
    None), only `columns` (all for None), `title` above a table."""
    if fmt not in FILE_FORMATS:
        raise BadFormat(f"unknown format {fmt!r}: choose one of {', '.join(FILE_FORMATS)}")
    if isinstance(result, Document):
        if fmt == "parquet":
            raise BadFormat("this result is one document: choose table, csv, json or jsonl")
        out.write(_document(result, fmt, width, color))
        return
    if fmt == "parquet":
        _parquet(result, out, limit, columns)
        return
    rows = rows_of(result, title).head(limit).select(columns)
    if fmt == "table":
        out.write(_tables([rows], [], width, color))
    elif fmt == "csv":
        out.write(_csv(rows))
    elif fmt == "json":
        out.write(_json([_plain(d) for d in rows.dicts()], indent=2))
    else:
        out.write(b"".join(_json(_plain(d)) for d in rows.dicts()))


def _document(doc: Document, fmt: str, width: int, color: bool) -> bytes:
    if fmt == "json":
        return _json(_plain(doc.data() if callable(doc.data) else doc.data), indent=2)
    if fmt == "jsonl":
        lines = doc.rows.dicts() if doc.lines is None else doc.lines() if callable(doc.lines) else doc.lines
        return b"".join(_json(_plain(d)) for d in lines)
    if fmt == "csv":
        return _csv(doc.rows)
    return _tables(doc.parts, doc.notes, width, color)


def _parquet(result: Any, out: BinaryIO, limit: int | None, columns: Sequence[str] | None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if hasattr(result, "to_arrow_table"):
        table = result.to_arrow_table()
    elif isinstance(result, pa.Table):
        table = result
    else:
        table = pa.Table.from_pylist(rows_of(result).dicts())
    if limit is not None:
        table = table.slice(0, limit)
    if columns is not None:
        rows_of(table.schema.empty_table()).select(columns)  # the same error for an unknown name
        table = table.select(list(columns))
    pq.write_table(table, out, compression="zstd")


# --- documents: the library's composite results -------------------------------------------


def profile_document(profile: Profile) -> Document:
    """A profile: the totals and each top list and breakdown as tables; in csv and jsonl
    their rows one after the other, each with its `section`."""
    totals = Rows(["metric", "value"], ["text", "text"],
                  [(name, cell(value, _kind_of_values(name, [value]))) for name, value in profile.totals.items()],
                  f"Backlink profile of {profile.domain}")
    sections = {"top_refdomains": ("Top referring domains", profile.top_refdomains),
                "top_anchors": ("Top anchors", profile.top_anchors),
                "top_pages": ("Top linked pages", profile.top_pages)}
    if profile.value_shares:
        sections["value_shares"] = ("Share of the link value by referring domain", profile.value_shares)
    sections.update({f"by_{name}": (f"Backlinks by {name.replace('_', ' ')}", table)
                     for name, table in profile.breakdowns.items()})
    parts = {name: rows_of(table, title) for name, (title, table) in sections.items()}
    everything = {"totals": rows_of([profile.totals]), **parts}
    lines = [{"section": name, **row} for name, part in everything.items() for row in part.dicts()]
    return Document(profile.to_dict(), [totals, *parts.values()], _sections(everything), lines)


def audit_document(result: Audit, limit: int | None = None) -> Document:
    """An audit: the summary, the anchor classes and the referring domains worst first (the
    first `limit` in the table); its rows are the referring domains, their links in jsonl."""
    summary = result.summary()
    facts = [("referring domains", summary["referring_domains"])]
    facts += list(summary["verdicts"].items())
    facts += [(key.replace("_", " "), summary[key]) for key in ("backlinks", "dofollow_share", "domain_rank", "trust")]
    facts.append(("keywords", ", ".join(result.keywords) or "(page titles)"))
    values = [(name, cell(value, _kind_of_values(name.replace(" ", "_"), [value]))) for name, value in facts]
    summary_rows = Rows(["measure", "value"], ["text", "text"], values, f"Backlink audit of {result.domain}")
    classes = rows_of([{"class": c, **v} for c, v in result.anchors.classes.items()], "Anchor classes")
    table_rows = [{"domain": d.domain, "verdict": d.verdict, "score": d.score, "domain_rank": d.domain_rank,
                   "trust": d.trust, "backlinks": d.backlinks, "dofollow_backlinks": d.dofollow_backlinks,
                   "signals": ", ".join(f"{r.signal} +{r.points:g}" for r in d.signals),
                   "strong": d.standing.strong if d.standing else None,
                   "cleared": ", ".join(c.signal for c in d.cleared), "notes": "; ".join(d.notes)}
                  for d in result.domains]
    domains = rows_of(table_rows, "Referring domains, worst first")
    parts = [summary_rows, classes, domains.head(limit)]
    return Document(result.to_dict, parts, domains, lambda: [d.to_dict() for d in result.domains],
                    list(result.anchors.warnings))


def anchor_document(profile: AnchorProfile, limit: int | None = None) -> Document:
    """An anchor profile: the classes, the warnings and the anchors (the first `limit`)."""
    typical = profile.typical.get("money_share", 0)
    classes = rows_of([{"class": c, **v} for c, v in profile.classes.items()],
                      f"Anchor classes of {profile.domain} (typical site: money share {typical:.1%})")
    anchors = rows_of(profile.anchors, "Anchors").head(limit)
    return Document(profile.to_dict(), [classes, anchors], anchors, notes=list(profile.warnings))


def _sections(parts: dict[str, Rows]) -> Rows:
    """The rows of several tables as one, each with its `section` first; the columns are
    the union of theirs, in the order first seen."""
    columns = ["section"] + _keys(dict.fromkeys(r.columns) for r in parts.values())
    kinds = ["text"] + ["text"] * (len(columns) - 1)
    for part in parts.values():
        for name, kind in zip(part.columns, part.kinds, strict=True):
            kinds[columns.index(name)] = kind
    rows = [tuple([section] + [d.get(c) for c in columns[1:]]) for section, part in parts.items() for d in part.dicts()]
    return Rows(columns, kinds, rows)


# --- kinds and values ---------------------------------------------------------------------


def _keys(dicts: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(key for d in dicts for key in d))


def _is_share(name: str) -> bool:
    return name == "share" or name.endswith("_share") or name in SHARE_COLUMNS


def _is_url(name: str) -> bool:
    return name == "url" or name.endswith("_url") or name in URL_COLUMNS


def _kind_of_type(name: str, sql_type: str) -> str:
    """The kind of a column from its DuckDB type."""
    t = sql_type.upper()
    if t.endswith("[]") or t.startswith(("LIST", "ARRAY")):
        return "list"
    if t.startswith(("STRUCT", "MAP", "UNION", "JSON")):
        return "struct"
    if t.startswith("TIMESTAMP"):
        return "time"
    if t == "DATE":
        return "date"
    if t == "BOOLEAN":
        return "bool"
    if t.startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL")):
        return "share" if _is_share(name) else "float"
    if t.endswith(("INT", "INTEGER")):
        return "int"
    return "url" if _is_url(name) else "text"


def _kind_of_values(name: str, values: Iterable[Any]) -> str:
    """The kind of a column from its first value that is not None."""
    value = next((v for v in values if v is not None), None)
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, (float, Decimal)):
        return "share" if _is_share(name) else "float"
    if isinstance(value, datetime):
        return "time"
    if isinstance(value, date):
        return "date"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "struct"
    return "url" if _is_url(name) else "text"


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value


def _midnights(values: Iterable[Any]) -> bool:
    """Every time is a midnight (UTC): the column holds days or weeks."""
    times = [_utc(v) for v in values if isinstance(v, datetime)]
    return bool(times) and all(t.hour == t.minute == t.second == t.microsecond == 0 for t in times)


def date_columns(rows: Rows) -> list[bool]:
    """Per column: a time column whose every value is a midnight, shown as dates (weeks, days)."""
    return [kind == "time" and _midnights(row[i] for row in rows.rows) for i, kind in enumerate(rows.kinds)]


def cell(value: Any, kind: str, dates: bool = False) -> str:
    """A value as people read it in a table (the terminal's, the explorer's)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "share" and isinstance(value, (int, float, Decimal)):
        return f"{float(value):.1%}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (float, Decimal)):
        value = float(value)
        return f"{value:.4g}" if abs(value) < 1 else f"{value:,.1f}"
    if isinstance(value, datetime):
        value = _utc(value)
        return value.strftime("%Y-%m-%d") if dates else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v, "text") for v in value)
    if isinstance(value, dict):
        return json.dumps(_plain(value), ensure_ascii=False)
    return " ".join(str(value).split()) if kind == "text" else str(value)


def _plain(value: Any) -> Any:
    """`value` with JSON's types: times as ISO 8601 with their zone, NaN as null."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):
        text = _utc(value).isoformat(timespec="milliseconds" if value.microsecond else "seconds")
        return text.replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return _plain(asdict(value))
    return value


def _json(value: Any, indent: int | None = None) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=indent).encode() + b"\n"


# --- csv ----------------------------------------------------------------------------------


def _csv(rows: Rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(rows.columns)
    dates = date_columns(rows)
    for row in rows.rows:
        writer.writerow([_csv_value(v, d) for v, d in zip(row, dates, strict=True)])
    return buffer.getvalue().encode()


def _csv_value(value: Any, dates: bool) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        value = _utc(value)
        return value.strftime("%Y-%m-%d") if dates else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(_plain(value), ensure_ascii=False)
    if isinstance(value, Decimal):
        return float(value)
    return value


# --- table --------------------------------------------------------------------------------


def _tables(parts: list[Rows], notes: list[str], width: int, color: bool) -> bytes:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, markup=False, emoji=False, soft_wrap=False)
    for i, rows in enumerate(parts):
        if i:
            console.print()
        if rows.title:
            console.print(rows.title, style="bold")
        if not rows.rows:
            console.print("(no rows)")
            continue
        table, hidden = _rich_table(rows, width)
        console.print(table)
        if hidden:
            more = "1 more column needs" if len(hidden) == 1 else f"{len(hidden)} more columns need"
            console.print(f"({more} a wider terminal: {', '.join(hidden)}; --columns chooses which to show)",
                          style="dim")
    for note in notes:
        console.print(f"warning: {note}", style="yellow")
    return buffer.getvalue().encode()


def _rich_table(rows: Rows, width: int) -> tuple[Any, list[str]]:
    """The rich table of `rows` laid out for `width`, and the columns left out for lack of it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    dates = date_columns(rows)
    cells = [[cell(v, kind, d) for v, kind, d in zip(row, rows.kinds, dates, strict=True)] for row in rows.rows]
    widths = _fit(rows.columns, rows.kinds, cells, width)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    # widths may be shorter than the columns: those past it do not fit and are left out
    for name, kind, w in zip(rows.columns, rows.kinds, widths, strict=False):
        table.add_column(name, justify="right" if kind in _NUMBERS else "left", no_wrap=True,
                         overflow="ellipsis", max_width=w)
    for line in cells:
        table.add_row(*(Text(_middle(text, w) if kind == "url" else text)
                        for text, kind, w in zip(line, rows.kinds, widths, strict=False)))
    return table, rows.columns[len(widths):]


def _fit(names: list[str], kinds: list[str], cells: list[list[str]], width: int) -> list[int]:
    """The widths of the columns that fit `width`: URL and text columns give up their width
    first, the widest first, down to their MIN_WIDTH (never below their name); numbers,
    dates and flags keep theirs. When that is not enough, the last columns are left out."""
    natural = [max([len(name)] + [len(line[i]) for line in cells]) for i, name in enumerate(names)]
    for kept in range(len(names), 0, -1):
        widths = _shrink(names[:kept], kinds[:kept], natural[:kept], width)
        if widths is not None or kept == 1:
            return widths or [min(natural[0], width)]
    return []


def _shrink(names: list[str], kinds: list[str], natural: list[int], width: int) -> list[int] | None:
    """`natural` with the URL and text columns narrowed to fit `width`; None if they cannot."""
    shrinkable = [i for i, kind in enumerate(kinds) if kind in MIN_WIDTH]
    room = width - _GAP * (len(natural) - 1) - sum(w for i, w in enumerate(natural) if i not in shrinkable)

    def capped(i: int, cap: int) -> int:
        return min(natural[i], max(cap, len(names[i]), MIN_WIDTH[kinds[i]]))

    def used(cap: int) -> int:
        return sum(capped(i, cap) for i in shrinkable)

    if used(max(natural)) <= room:
        return natural
    if used(0) > room:
        return None
    cap = 0  # the widest cap that fits: the narrow columns keep their width
    while used(cap + 1) <= room:
        cap += 1
    return [capped(i, cap) if i in shrinkable else w for i, w in enumerate(natural)]


def _middle(text: str, width: int) -> str:
    """A URL shortened to `width`: without its scheme first, then with an ellipsis in the
    middle (it keeps the start of its host and the end of its path)."""
    if len(text) <= width:
        return text
    text = text.split("://", 1)[-1]
    if len(text) <= width:
        return text
    tail = (width - 1) // 2
    return text[: width - 1 - tail] + "…" + text[len(text) - tail:]
