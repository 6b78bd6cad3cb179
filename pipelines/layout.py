"""Where a crawl's files go under the data directory (DESIGN.md, "Dataset layout").

    DATA/links/crawl=<id>/part-<worker>-<start>-<seq>.parquet
    DATA/pages/crawl=<id>/part-<worker>-<start>-<seq>.parquet
    DATA/warc/crawl=<id>/<worker>-<start>-<seq>.warc.gz
    DATA/crawls/<id>.json

Part names carry the worker id and the worker's start time, so workers sharing a location,
and a worker restarted under the same id, never write the same name. Files being written
start with "." (Parquet) or end in ".open" (WARC): no reader's glob matches them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pipelines.storage import is_uri


def table_dir(data_dir: str | Path, table: str, crawl_id: str) -> Path | str:
    """The directory of one crawl's part files; a URI string for an object store."""
    if is_uri(data_dir):
        return f"{str(data_dir).rstrip('/')}/{table}/crawl={crawl_id}"
    return Path(data_dir) / table / f"crawl={crawl_id}"


def manifest_path(data_dir: str | Path, crawl_id: str) -> Path:
    return Path(data_dir) / "crawls" / f"{crawl_id}.json"


def run_stamp() -> str:
    """This process's start time, part of every file name it writes."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")[:-3]
