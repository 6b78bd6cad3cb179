"""Where a crawl's files go under the data directory, and the one rule for the names in them.

    DATA/links/crawl=<id>/part-<worker>-<start>-<seq>.parquet
    DATA/pages/crawl=<id>/part-<worker>-<start>-<seq>.parquet
    DATA/warc/crawl=<id>/<worker>-<start>-<seq>.warc.gz
    DATA/crawls/<id>.json                     (<id>.<worker>.json: one per worker)

Part names carry the worker id and the worker's start time, so workers sharing a location,
and a worker restarted under the same id, never write the same name. Files being written
start with "." (Parquet) or end in ".open" (WARC): no reader's glob matches them.

A crawl id and a worker id become parts of paths (and of Redis keys), so both follow one
rule, checked here and by every function that builds a path from them: 1 to 100 letters,
digits, '.', '_' or '-', the first a letter or digit. Nothing else can name a file outside
the data directory (`../x`) or a directory no reader looks in (`a/b`).

This module imports nothing heavy: every command checks its ids before it loads anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.errors import BadCrawlId, BadWorkerId

#: The one rule of crawl and worker ids.
NAME_RULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
NAME_HELP = "1-100 letters, digits, '.', '_' or '-', starting with a letter or digit"
#: The two tables of the dataset.
TABLES = ("pages", "links")


def check_crawl_id(crawl_id: str) -> str:
    """`crawl_id` if it follows the rule, else BadCrawlId."""
    if not isinstance(crawl_id, str) or not NAME_RULE.fullmatch(crawl_id):
        raise BadCrawlId(f"crawl id {crawl_id!r}: a crawl id is {NAME_HELP}")
    return crawl_id


def check_worker_id(worker_id: str) -> str:
    """`worker_id` if it follows the rule, else BadWorkerId."""
    if not isinstance(worker_id, str) or not NAME_RULE.fullmatch(worker_id):
        raise BadWorkerId(f"worker id {worker_id!r}: a worker id is {NAME_HELP}")
    return worker_id


def is_uri(location: str | Path) -> bool:
    """An object-store (or file://) URI rather than a local path."""
    return "://" in str(location)


def table_dir(data_dir: str | Path, table: str, crawl_id: str) -> Path | str:
    """The directory of one crawl's part files; a URI string for an object store."""
    check_crawl_id(crawl_id)
    if is_uri(data_dir):
        return f"{str(data_dir).rstrip('/')}/{table}/crawl={crawl_id}"
    return Path(data_dir) / table / f"crawl={crawl_id}"


def manifest_name(crawl_id: str, worker_id: str | None = None) -> str:
    """The crawl manifest's file name under `crawls/`: one per worker when several share it."""
    check_crawl_id(crawl_id)
    if worker_id is None:
        return f"{crawl_id}.json"
    return f"{crawl_id}.{check_worker_id(worker_id)}.json"


def manifest_path(data_dir: str | Path, crawl_id: str, worker_id: str | None = None) -> Path:
    return Path(data_dir) / "crawls" / manifest_name(crawl_id, worker_id)


def warc_dir(crawl_id: str) -> str:
    """The WARC files' directory of a crawl, relative to the data directory."""
    return f"warc/crawl={check_crawl_id(crawl_id)}"


@dataclass(frozen=True, order=True)
class PartFile:
    """A complete part file as the analysis sees it (the graph records them, to tell whether
    it is still current)."""

    path: str  # relative to the data directory, with "/"
    size: int
    mtime_ns: int


def part_files(data_dir: str | Path, table: str) -> list[PartFile]:
    """The complete part files of `table` ("pages" or "links") in a local data directory,
    sorted by path: every `*.parquet` directly under `<table>/crawl=<id>/` whose name does
    not start with "." (a file being written). Ours are named `part-*.parquet`; a dataset
    written by another tool may name its files as it likes."""
    root = Path(data_dir)
    found = []
    for path in (root / table).glob("crawl=*/*.parquet"):
        if path.name.startswith(".") or not path.is_file():
            continue
        st = path.stat()
        found.append(PartFile(path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
    return sorted(found)


def run_stamp() -> str:
    """This process's start time, part of every file name it writes."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")[:-3]
