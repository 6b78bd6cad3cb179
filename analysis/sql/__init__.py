"""The SQL of the link index: one file per question (cc-index-table's shape).

Each file opens with a comment saying what it answers and which `$named` parameters it takes;
`analysis/queries.py` holds one typed function per file. `views/` defines the views and macros
every question reads (created by `analysis/db.py`), `build/` the statements of `backlinks build`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


@lru_cache(maxsize=None)
def load(name: str) -> str:
    """The text of `analysis/sql/<name>.sql` (`name` may hold a sub-folder: `views/dataset`)."""
    return (HERE / f"{name}.sql").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def parameters(name: str) -> frozenset[str]:
    """The `$named` parameters the statement of `name` uses (comments left out)."""
    return frozenset(_PARAM.findall(_COMMENT.sub("", load(name))))
