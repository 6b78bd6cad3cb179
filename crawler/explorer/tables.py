"""What the user asks of a table in the explorer: a text filter, a sort, a page.

Applied on top of the relation the library returns for the page's question (DuckDB composes
them into one query), so a table is the command's own rows, filtered, sorted and cut to one
page on the server: the browser never receives a whole table. The CSV export takes the same
view without the cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from analysis.formats import Rows, rows_of

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: DuckDB types a text filter searches.
_TEXT_TYPES = ("VARCHAR",)


@dataclass(frozen=True)
class View:
    """A filter (`q`: case-insensitive substring of any searched column), a sort (`sort`, a
    column name; `desc`) and a page (1-based), as the URL's query gives them."""

    q: str = ""
    sort: str = ""
    desc: bool = False
    page: int = 1

    @classmethod
    def of(cls, query: Mapping[str, str]) -> View:
        """The view in a URL's query (`q`, `sort`, `desc`, `page`); nonsense becomes the default."""
        page = query.get("page", "1")
        return cls(q=query.get("q", "").strip(), sort=query.get("sort", ""), desc=query.get("desc") == "1",
                   page=max(int(page), 1) if page.isdigit() else 1)


@dataclass
class Page:
    """One page of a table: its rows and how many the whole view has."""

    rows: Rows
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max((self.total + self.size - 1) // self.size, 1)


def searched(relation: duckdb.DuckDBPyRelation, columns: Sequence[str] | None) -> list[str]:
    """The columns a text filter looks in: `columns` (those the relation has), or every text column."""
    if columns is not None:
        return [c for c in columns if c in relation.columns]
    return [c for c, t in zip(relation.columns, relation.types, strict=True) if str(t) in _TEXT_TYPES]


def apply(relation: duckdb.DuckDBPyRelation, view: View,
          search: Sequence[str] | None = None) -> duckdb.DuckDBPyRelation:
    """`relation` filtered and sorted as `view` says (an unknown sort column is ignored: the
    question's own order stays). Values go in as DuckDB expressions, never as SQL text."""
    if view.q:
        needle = duckdb.ConstantExpression(view.q.lower())
        condition = None
        for column in searched(relation, search):
            found = duckdb.FunctionExpression(
                "contains", duckdb.FunctionExpression("lower", duckdb.ColumnExpression(column)), needle)
            found = duckdb.CoalesceOperator(found, duckdb.ConstantExpression(False))
            condition = found if condition is None else condition | found
        if condition is not None:
            relation = relation.filter(condition)
    if view.sort in relation.columns:
        by = duckdb.ColumnExpression(view.sort)
        relation = relation.sort((by.desc() if view.desc else by.asc()).nulls_last())
    return relation


def page(relation: duckdb.DuckDBPyRelation, view: View, size: int, title: str = "") -> Page:
    """The `view.page`-th `size` rows of `relation` (already filtered and sorted) and its count."""
    total = relation.aggregate("count(*)").fetchall()[0][0]
    last = max((total + size - 1) // size, 1)
    number = min(view.page, last)
    return Page(rows_of(relation.limit(size, offset=(number - 1) * size), title), total, number, size)


def page_rows(rows: Rows, view: View, size: int) -> Page:
    """`page` for rows already in Python (the audit's): filtered on their text and URL
    columns, sorted (empty cells last), cut to the page."""
    kept = rows.rows
    if view.q:
        needle = view.q.lower()
        texts = [i for i, kind in enumerate(rows.kinds) if kind in ("text", "url")]
        kept = [r for r in kept if any(r[i] is not None and needle in str(r[i]).lower() for i in texts)]
    if view.sort in rows.columns:
        at = rows.columns.index(view.sort)
        empty = [r for r in kept if r[at] is None]
        kept = sorted((r for r in kept if r[at] is not None), key=lambda r: r[at], reverse=view.desc) + empty
    last = max((len(kept) + size - 1) // size, 1)
    number = min(view.page, last)
    cut = kept[(number - 1) * size: number * size]
    return Page(Rows(rows.columns, rows.kinds, cut, rows.title), len(kept), number, size)
