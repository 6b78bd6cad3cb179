"""Buffered, atomic Parquet part files: what the crawl's store pipeline and ingest share.

Rows are buffered column by column and written as one part file when the buffer holds
`rows_per_file` rows (None: only when asked), when `flush()` is called, and on `close()`. A part is written as
`.part-....parquet.tmp`, closed, its footer re-read to check the row count, fsynced, renamed
to `part-....parquet`, and the directory fsynced: a reader (DuckDB's `part-*.parquet` glob)
never sees half a file, and a crash leaves only a dot-file that `remove_stale_temp` deletes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipelines.dataset.layout import is_uri
from pipelines.dataset.location import Location

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


class PartWriter:
    """Writes rows of one schema into numbered part files of one directory: a local path, or
    an object-store URI (s3://bucket/data/links/crawl=x) through location.py."""

    def __init__(self, directory: str | Path, schema: pa.Schema, prefix: str,
                 rows_per_file: int | None = 100_000,
                 on_written: Callable[[Path | str, int], None] | None = None) -> None:
        self.location = Location(directory) if is_uri(directory) else None
        self.directory = directory if self.location else Path(directory)
        self.schema, self.prefix, self.rows_per_file = schema, prefix, rows_per_file
        self.on_written = on_written
        self.columns: dict[str, list[Any]] = {name: [] for name in schema.names}
        self.rows = 0
        self.seq = 0
        self.files: list[str | Path] = []  # str: a path under an object-store URI

    def add(self, row: dict[str, Any]) -> None:
        for name, values in self.columns.items():
            values.append(row.get(name))
        self.rows += 1
        if self.rows_per_file is not None and self.rows >= self.rows_per_file:
            self.flush()

    def add_many(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> str | Path | None:
        """Write the buffered rows as one part file; return its path (None if empty)."""
        if not self.rows:
            return None
        table = pa.Table.from_pydict(self.columns, schema=self.schema)
        self.seq += 1
        name = f"part-{self.prefix}-{self.seq:05d}.parquet"
        path: str | Path
        if self.location is not None:
            path = self.location.path(name)
            self.location.write_parquet(table, path)
        else:
            path = Path(self.directory) / name
            write_atomically(table, path)
        written = self.rows
        self.columns = {name: [] for name in self.schema.names}
        self.rows = 0
        self.files.append(path)
        if self.on_written:
            self.on_written(path, written)
        return path

    def close(self) -> None:
        self.flush()


def write_atomically(table: pa.Table, path: Path) -> None:
    """Write `table` to `path` so that `path` either does not exist or is complete."""
    Location(path.parent).write_parquet(table, str(path))


def remove_stale_temp(directory: str | Path, prefix: str = "") -> int:
    """Delete `.part-<prefix>*.tmp` files a crashed writer left behind; return how many."""
    if is_uri(directory):
        location = Location(directory)
        stale = location.glob_names(location.root, f".part-{prefix}", ".parquet.tmp")
        for name in stale:
            location.delete(location.path(name))
        return len(stale)
    local = Path(directory)
    if not local.is_dir():
        return 0
    temp = list(local.glob(f".part-{prefix}*.parquet.tmp"))
    for path in temp:
        path.unlink(missing_ok=True)
    return len(temp)
