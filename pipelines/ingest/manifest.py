"""The ingest manifest `DATA/ingest/crawl=<id>/manifest.json`: what is ingested, and how far.

One entry per input file, keyed by its checksum (sources.py), with its size, layout and
byte ranges. Each range records its checkpoints: the offset of the next record to read,
the part files written up to there, and its counters. A worker writes its part files
first and reports the checkpoint after, and only the parent process writes this file
(atomically): whatever a crash interrupts, the manifest names complete part files only,
and the rows of a range are exactly those of its records before `next`.

On start, `open_manifest` takes a lock (one ingest per crawl id at a time) and deletes the
part files an interrupted run wrote after its last checkpoint (ingest's own parts only,
those named `part-ingest-*` and not in the manifest): a re-run then reads those records
again, and nothing is written twice.
"""

from __future__ import annotations

import fcntl
import json
import logging
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.dataset.layout import check_crawl_id, manifest_path, table_dir
from pipelines.dataset.location import Location
from pipelines.dataset.manifest import read_manifest, utc_now, write_manifest
from pipelines.dataset.parts import remove_stale_temp
from pipelines.ingest import defaults
from pipelines.ingest.errors import BadIngestManifest, CrawlIdTaken, IngestLocked

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

VERSION = 1


def ingest_dir(data_dir: str | Path, crawl_id: str) -> Path:
    return Path(data_dir) / "ingest" / f"crawl={check_crawl_id(crawl_id)}"


def part_dirs(data_dir: str | Path, crawl_id: str) -> dict[str, Path]:
    """Where ingest writes parts: the two tables, and its revisit bookkeeping."""
    state = ingest_dir(data_dir, crawl_id)
    return {"links": Path(table_dir(data_dir, "links", crawl_id)),
            "pages": Path(table_dir(data_dir, "pages", crawl_id)),
            "originals": state / "originals", "deferred": state / "deferred"}


class Manifest:
    def __init__(self, data_dir: str | Path, crawl_id: str, doc: dict[str, Any]) -> None:
        self.data_dir, self.crawl_id, self.doc = Path(data_dir), crawl_id, doc
        self.path = ingest_dir(data_dir, crawl_id) / "manifest.json"

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        return self.doc["files"]

    def save(self) -> None:
        """Write the manifest atomically (temporary file, fsync, rename), as every small
        file of the dataset is written."""
        Location(self.path.parent).write_bytes(json.dumps(self.doc, indent=1, default=str).encode(),
                                               str(self.path))

    def done(self, key: str) -> bool:
        entry = self.files.get(key)
        return entry is not None and all(r["done"] for r in entry["ranges"])

    def checkpoint(self, key: str, index: int, *, next_offset: int | None, done: bool,
                   parts: list[str], stats: dict[str, Any]) -> None:
        """A range's progress, as its worker reported it; saved at once."""
        r = self.files[key]["ranges"][index]
        r.update(next=next_offset, done=done, parts=parts, stats=stats)
        self.save()

    def committed_parts(self) -> set[str]:
        parts = {p for e in self.files.values() for r in e["ranges"] for p in r["parts"]}
        for step in self.doc["revisit_passes"]:
            parts.update(step["parts"])
        return parts

    def resolved_deferred(self) -> set[str]:
        return {p for step in self.doc["revisit_passes"] for p in step["deferred"]}

    def totals(self) -> Counter[str]:
        """Every counter of every range and revisit pass: the crawl's stats."""
        total: Counter[str] = Counter()
        for e in self.files.values():
            for r in e["ranges"]:
                total.update({k: v for k, v in r["stats"].items() if isinstance(v, int)})
        for step in self.doc["revisit_passes"]:
            total.update(step["stats"])
        return total

    def capture_span(self) -> tuple[str | None, str | None]:
        """The first and last capture date of every range (ISO, UTC)."""
        firsts = [r["stats"].get("capture/first") for e in self.files.values() for r in e["ranges"]]
        lasts = [r["stats"].get("capture/last") for e in self.files.values() for r in e["ranges"]]
        firsts, lasts = [f for f in firsts if f], [t for t in lasts if t]
        return (min(firsts) if firsts else None, max(lasts) if lasts else None)

    def remove_uncommitted(self) -> int:
        """Delete ingest's part files that no checkpoint names, and temp files; how many."""
        keep = self.committed_parts()
        removed = 0
        for directory in part_dirs(self.data_dir, self.crawl_id).values():
            removed += remove_stale_temp(directory, defaults.PART_PREFIX)
            if not directory.is_dir():
                continue
            for path in directory.glob(f"part-{defaults.PART_PREFIX}-*.parquet"):
                if str(path.relative_to(self.data_dir)) not in keep:
                    path.unlink()
                    removed += 1
        return removed


@contextmanager
def open_manifest(data_dir: str | Path, crawl_id: str) -> Iterator[Manifest]:
    """The crawl's ingest manifest, locked for this process, cleaned of uncommitted parts."""
    check_crawl_id(crawl_id)
    state = ingest_dir(data_dir, crawl_id)
    state.mkdir(parents=True, exist_ok=True)
    with open(state / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestLocked(f"another ingest into crawl {crawl_id} is running "
                               f"(lock {state / '.lock'})") from None
        manifest = Manifest(data_dir, crawl_id, _load(state / "manifest.json", crawl_id))
        removed = manifest.remove_uncommitted()
        if removed:
            logger.warning("Removed %d part files of an interrupted ingest of crawl %s; "
                           "their records are read again", removed, crawl_id)
        yield manifest


def _load(path: Path, crawl_id: str) -> dict[str, Any]:
    if not path.exists():
        return {"crawl_id": crawl_id, "version": VERSION, "first_run": utc_now(), "files": {},
                "revisit_passes": []}
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("version") != VERSION:
        raise BadIngestManifest(f"{path} has manifest version {doc.get('version')}, this backlinks reads {VERSION}")
    return doc


def check_not_a_crawl(data_dir: str | Path, crawl_id: str) -> None:
    """A crawl id a crawl (not an ingest) wrote is not ingested into: its manifest would go."""
    doc = read_manifest(Location(data_dir), crawl_id)
    if doc is not None and doc.get("source") != "warc":
        raise CrawlIdTaken(f"crawl id {crawl_id!r} is a crawl's ({manifest_path(data_dir, crawl_id)}): "
                           "ingest into another --crawl-id")


def write_crawl_manifest(manifest: Manifest, *, inputs: list[str], settings: dict[str, Any],
                         reason: str) -> Path:
    """`DATA/crawls/<id>.json`, as a crawl writes it, so the analysis orders this crawl
    among the others: started_at and finished_at are the first and last capture dates
    (an archive of 2019 comes before a crawl of today, whenever it was ingested)."""
    first, last = manifest.capture_span()
    doc: dict[str, Any] = {
        "crawl_id": manifest.crawl_id, "worker_id": None,
        "started_at": first, "finished_at": last, "finish_reason": reason,
        "seeds": [], "source": "warc",
        "settings": {"inputs": inputs, **settings},
        "ingest": {"first_run": manifest.doc.get("first_run"), "last_run": utc_now()},
        "stats": dict(sorted(manifest.totals().items())),
    }
    return Path(write_manifest(Location(manifest.data_dir), doc))
