"""The SQL of the link index: one file per question (cc-index-table's shape).

Each file opens with a comment saying what it answers and which `$named` parameters it takes;
`run()` is the one way a question is asked, and `analysis.index.Index` has one typed method
per question. `views/` defines the views and macros every question reads (created by
`analysis/db.py`), `build/` the statements of `backlinks build`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

HERE = Path(__file__).parent

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


@cache
def load(name: str) -> str:
    """The text of `analysis/sql/<name>.sql` (`name` may hold a sub-folder: `views/dataset`)."""
    return (HERE / f"{name}.sql").read_text(encoding="utf-8")


@cache
def parameters(name: str) -> frozenset[str]:
    """The `$named` parameters the statement of `name` uses (comments left out)."""
    return frozenset(_PARAM.findall(_COMMENT.sub("", load(name))))


def run(con: duckdb.DuckDBPyConnection, question: str, /, **params: object) -> duckdb.DuckDBPyRelation:
    """The relation (lazy: it runs when converted) of `<question>.sql` with its `$named`
    parameters, every one of them given and no other."""
    expected = parameters(question)
    if set(params) != expected:
        raise TypeError(f"{question}.sql takes {sorted(expected)}, given {sorted(params)}")
    return con.sql(load(question), params=params or None)


def rows(con: duckdb.DuckDBPyConnection, question: str, /, **params: object) -> list[dict[str, Any]]:
    """The rows of `<question>.sql` as dicts, fetched as Python values (no pyarrow to import)."""
    relation = run(con, question, **params)
    columns = relation.columns
    return [dict(zip(columns, row, strict=True)) for row in relation.fetchall()]
