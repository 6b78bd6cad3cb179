"""Where a crawl writes: a local (or mounted network) directory, or an object-store URI that
pyarrow's filesystems open (s3://bucket/prefix, gs://..., hdfs://..., file:///...).

Every writer goes through `Location`, so "written atomically" means the same everywhere: a
local file is written under a temporary dot-name, fsynced and renamed (and its directory
fsynced); an object is written under a temporary dot-key and moved into place when
complete (object stores make a completed PUT visible whole). Readers glob `part-*` names and
never see a temporary one.
"""

from __future__ import annotations

import os
import posixpath
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from pipelines.dataset.layout import is_uri

if TYPE_CHECKING:
    from collections.abc import Iterator


class Location:
    """A dataset root; paths below it are '/'-separated and relative."""

    def __init__(self, root: str | Path) -> None:
        self.uri = str(root)
        if is_uri(root):
            self.fs, self.root = pafs.FileSystem.from_uri(str(root))
        else:
            self.fs, self.root = None, str(Path(root))

    @property
    def local(self) -> bool:
        return self.fs is None

    def path(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts) if self.fs else os.path.join(self.root, *parts)

    def makedirs(self, path: str) -> None:
        if self.fs is None:
            os.makedirs(path, exist_ok=True)
        else:
            self.fs.create_dir(path, recursive=True)

    def write_parquet(self, table: pa.Table, path: str) -> None:
        """Write `table` at `path` so that `path` either does not exist or is complete."""
        directory, name = posixpath.split(path) if self.fs else os.path.split(path)
        self.makedirs(directory)
        tmp = self._sibling(directory, f".{name}.tmp")
        with self._removed_on_failure(tmp):
            pq.write_table(table, tmp, compression="zstd", filesystem=self.fs)
            rows = pq.read_metadata(tmp, filesystem=self.fs).num_rows if self.fs else pq.read_metadata(tmp).num_rows
            if rows != table.num_rows:
                raise OSError(f"part file {tmp} did not keep its {table.num_rows} rows")
            self.publish(tmp, path)

    def write_bytes(self, data: bytes, path: str) -> None:
        """Write a small file (a manifest) atomically."""
        directory, name = posixpath.split(path) if self.fs else os.path.split(path)
        self.makedirs(directory)
        tmp = self._sibling(directory, f".{name}.tmp")
        with self._removed_on_failure(tmp):
            with self.open_output(tmp) as out:
                out.write(data)
            self.publish(tmp, path)

    def read_bytes(self, path: str) -> bytes:
        """A whole (small) file; OSError when it is not there."""
        if self.fs is None:
            return Path(path).read_bytes()
        try:
            with self.fs.open_input_stream(path) as stream:
                return stream.read()
        except (OSError, pa.ArrowException) as exc:  # not found is an OSError in pyarrow
            raise OSError(str(exc)) from None

    @contextmanager
    def _removed_on_failure(self, tmp: str) -> Iterator[None]:
        """Delete the temporary file `tmp` when what writes it fails (a full disk, an object
        store that stopped answering), then let the error go on: nothing half-written stays."""
        try:
            yield
        except BaseException:
            with suppress(OSError, pa.ArrowException):
                self.delete(tmp)
            raise

    def _sibling(self, directory: str, name: str) -> str:
        return posixpath.join(directory, name) if self.fs else os.path.join(directory, name)

    def open_output(self, path: str) -> BinaryIO:
        if self.fs is None:
            return open(path, "wb")  # the caller closes it
        return self.fs.open_output_stream(path)

    def publish(self, tmp: str, final: str) -> None:
        """Make a finished temporary file visible under its final name."""
        if self.fs is None:
            _fsync(tmp)
            os.replace(tmp, final)
            fsync_dir(os.path.dirname(final) or ".")
        else:
            self.fs.move(tmp, final)

    def delete(self, path: str) -> None:
        if self.fs is None:
            Path(path).unlink(missing_ok=True)
        else:
            self.fs.delete_file(path)

    def glob_names(self, directory: str, prefix: str, suffix: str) -> list[str]:
        """Names in `directory` starting with `prefix` and ending with `suffix`."""
        if self.fs is None:
            if not os.path.isdir(directory):
                return []
            return [n for n in os.listdir(directory) if n.startswith(prefix) and n.endswith(suffix)]
        infos = self.fs.get_file_info(pafs.FileSelector(directory, allow_not_found=True))
        return [i.base_name for i in infos if i.base_name.startswith(prefix) and i.base_name.endswith(suffix)]


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: str | Path) -> None:
    """Make a rename in `directory` durable (POSIX; a no-op where directories cannot be opened)."""
    if os.name == "posix":
        _fsync(str(directory))
