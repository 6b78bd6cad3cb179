"""Where WARC input comes from: local files, directories, globs, and remote URIs.

Local paths are read directly; a directory means every WARC or WAT file under it; a
listing (`*.paths`, `*.paths.gz`, `*.txt`) names inputs one a line; a
quoted glob is expanded here (../shared/DESIGN.md: commands expand their globs themselves). A URI
with a scheme (`https://`, `s3://`, `gs://`...) is opened through fsspec when it is
installed, else through pyarrow's filesystems (S3, GCS, HDFS); both give seekable files,
which is all the readers need (range requests on object stores and HTTP servers).

A file's identity for resuming is its size and a checksum: sha1 of its bytes for a local
file (the stored one is reused while path, size and mtime are unchanged), the ETag for a
remote file that has one (else sha1 of its bytes, which reads it once more).
"""

from __future__ import annotations

import fnmatch
import glob
import gzip
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.ingest.errors import NoInput, SourceError

if TYPE_CHECKING:
    from typing import BinaryIO

#: What a directory contributes: WARC and WAT files, compressed or not.
SUFFIXES = (".warc", ".warc.gz", ".wat", ".wat.gz")
#: Files a writer has not finished (our crawl's `.open`, Heritrix's `.open`).
UNFINISHED = (".open",)
_GLOB_CHARS = frozenset("*?[")
#: A file naming the inputs one a line (Common Crawl ships `warc.paths.gz`).
LISTINGS = (".paths", ".paths.gz", ".txt")
HASH_CHUNK = 4 << 20


@dataclass(frozen=True)
class Source:
    uri: str  # an absolute local path, or a URI with a scheme
    name: str  # the file name, as `source` columns show it
    size: int | None
    mtime_ns: int | None = None
    etag: str | None = None

    @property
    def remote(self) -> bool:
        return "://" in self.uri

    def open(self) -> BinaryIO:
        """A seekable binary file of the source's bytes."""
        if not self.remote:
            return open(self.uri, "rb")  # the caller closes it
        return _remote_open(self.uri)

    def checksum(self) -> str:
        """`sha1:<hex>` of the bytes, or `etag:<value>` for a remote file that has one."""
        if self.remote and self.etag:
            return f"etag:{self.etag}"
        digest = hashlib.sha1()
        with self.open() as f:
            while chunk := f.read(HASH_CHUNK):
                digest.update(chunk)
        return f"sha1:{digest.hexdigest()}"


def expand(args: list[str]) -> list[Source]:
    """The sources named by `args` (files, directories, globs, URIs, listings), each once,
    in order."""
    found: dict[str, Source] = {}
    for arg in args:
        if arg.endswith(LISTINGS):
            found.update((s.uri, s) for s in expand(_listing(arg)) if s.uri not in found)
            continue
        for source in (_remote(arg) if "://" in arg else _local(arg)):
            found.setdefault(source.uri, source)
    return list(found.values())


def _listing(arg: str) -> list[str]:
    """The lines of a listing (cc-pyspark's input: one path or URI a line, `#` comments;
    gzip'd when it ends in .gz, as Common Crawl's warc.paths.gz)."""
    try:
        if "://" in arg:
            fs, path = _filesystem(arg)
            with fs.open(path, "rb") as f:
                data = f.read()
        else:
            data = Path(arg).expanduser().read_bytes()
        if arg.endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise NoInput(f"{arg}: cannot read this listing ({exc})") from None
    lines = [line.strip() for line in data.decode("utf-8").splitlines()]
    entries = [line for line in lines if line and not line.startswith("#")]
    if not entries:
        raise NoInput(f"{arg}: an empty listing")
    return entries


def _is_input(name: str) -> bool:
    return name.endswith(SUFFIXES) and not name.endswith(UNFINISHED)


def _local(arg: str) -> list[Source]:
    path = Path(arg).expanduser()
    if any(c in arg for c in _GLOB_CHARS) and not path.exists():
        matches = sorted(glob.glob(str(path), recursive=True))
        if not matches:
            raise NoInput(f"{arg}: no file matches")
        return [s for m in matches for s in _local(m) if not m.endswith(UNFINISHED)]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _is_input(p.name))
        if not files:
            raise NoInput(f"{arg}: no WARC or WAT file in this directory")
        return [_local_file(p) for p in files]
    if not path.is_file():
        raise NoInput(f"{arg}: no such file or directory")
    return [_local_file(path)]


def _local_file(path: Path) -> Source:
    stat = path.stat()
    return Source(str(path.resolve()), path.name, stat.st_size, stat.st_mtime_ns)


# -- remote -----------------------------------------------------------------------------


def _remote(uri: str) -> list[Source]:
    fs, path = _filesystem(uri)
    paths = fs.glob(path) if any(c in path for c in _GLOB_CHARS) else [path]
    if not paths:
        raise NoInput(f"{uri}: no file matches")
    scheme = uri.split("://", 1)[0]
    sources = []
    for p in sorted(paths):
        info = _info(fs, p, uri)
        full = p if "://" in p else f"{scheme}://{p}"
        sources.append(Source(full, full.rstrip("/").rsplit("/", 1)[-1], info.get("size"),
                              etag=_etag(info)))
    return sources


def _filesystem(uri: str) -> tuple[Any, str]:
    """(filesystem, path) for a URI: fsspec's, else pyarrow's wrapped to look alike."""
    try:
        import fsspec

        return fsspec.core.url_to_fs(uri)
    except ImportError:
        pass
    try:
        from pyarrow import fs as pafs

        filesystem, path = pafs.FileSystem.from_uri(uri)
    except (ImportError, ValueError, OSError) as exc:
        raise SourceError(f"{uri}: cannot open ({exc}); installing fsspec may help") from None
    return _ArrowFS(filesystem), path


def _info(fs: Any, path: str, uri: str) -> dict[str, Any]:
    try:
        return fs.info(path)
    except (OSError, ValueError) as exc:
        raise SourceError(f"{uri}: {exc}") from None


def _etag(info: dict[str, Any]) -> str | None:
    for key in ("ETag", "etag", "md5Hash", "checksum"):
        if info.get(key):
            return str(info[key]).strip('"')
    return None


def _remote_open(uri: str) -> BinaryIO:
    fs, path = _filesystem(uri)
    return fs.open(path, "rb")


class _ArrowFS:
    """The three calls we need from a pyarrow filesystem, spelled as fsspec spells them."""

    def __init__(self, fs: Any) -> None:
        self.fs = fs

    def glob(self, pattern: str) -> list[str]:
        from pyarrow import fs as pafs

        base = pattern.split("*", 1)[0].rsplit("/", 1)[0]
        infos = self.fs.get_file_info(pafs.FileSelector(base, recursive=True))
        return [i.path for i in infos if i.type == pafs.FileType.File and fnmatch.fnmatch(i.path, pattern)]

    def info(self, path: str) -> dict[str, Any]:
        info = self.fs.get_file_info(path)
        if info.type.name == "NotFound":
            raise OSError(f"{path}: no such file")
        return {"size": info.size}

    def open(self, path: str, mode: str = "rb") -> BinaryIO:
        return self.fs.open_input_file(path)


def warc_file_column(source: Source, data_dir: str | os.PathLike[str]) -> str:
    """What `pages.warc_file` holds: the path relative to the data directory for a file
    inside it (as the crawl writes it), else the absolute path or URI."""
    if source.remote:
        return source.uri
    try:
        return str(Path(source.uri).relative_to(Path(data_dir).resolve()))
    except ValueError:
        return source.uri
