"""The crawl manifest `crawls/<crawl_id>.json` (`<crawl_id>.<worker>.json` when several
workers or processes share the crawl): written here for the crawl and for WARC ingest alike,
read here for the analysis.

A manifest holds `crawl_id`, `worker_id`, `started_at`, `finished_at`, `finish_reason`,
`seeds`, `settings` and `stats` (ingest adds `source: "warc"` and `ingest`). It is written
atomically: a temporary dot-file, fsynced, renamed over the old one, the directory fsynced
(location.py); on an object store, a temporary key moved into place. A reader never sees
half a manifest, and a crash leaves the previous one.

The analysis orders crawls by `started_at`; a crawl without a manifest (a dataset written by
another tool) is ordered by its first fetch.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.dataset.layout import manifest_name

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pipelines.dataset.location import Location

logger = logging.getLogger(__name__)

MANIFEST_DIR = "crawls"


def utc_now() -> str:
    """Now, as the manifests write times: ISO 8601, UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def manifest_location_path(location: Location, crawl_id: str, worker_id: str | None = None) -> str:
    """Where the manifest of `crawl_id` (of one worker, when given) is, in `location`."""
    return location.path(MANIFEST_DIR, manifest_name(crawl_id, worker_id))


def write_manifest(location: Location, doc: dict[str, Any], *, worker_id: str | None = None) -> str:
    """Write `doc` as the manifest of `doc["crawl_id"]` (of `worker_id`'s share, when given),
    atomically; return its path."""
    path = manifest_location_path(location, doc["crawl_id"], worker_id)
    location.write_bytes(json.dumps(doc, indent=2, default=str).encode(), path)
    return path


def read_manifest(location: Location, crawl_id: str, worker_id: str | None = None) -> dict[str, Any] | None:
    """The manifest as written, or None when there is none (or it is unreadable)."""
    try:
        doc = json.loads(location.read_bytes(manifest_location_path(location, crawl_id, worker_id)))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def read_manifests(data_dir: str | Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every readable manifest of a local data directory, with its path; an unreadable one
    is logged and skipped (its crawl is then ordered by its first fetch)."""
    for path in sorted((Path(data_dir) / MANIFEST_DIR).glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("Skipped unreadable crawl manifest %s: %s", path, exc)
            continue
        if not isinstance(doc, dict):
            logger.warning("Skipped crawl manifest %s: not a JSON object", path)
            continue
        yield path, doc
