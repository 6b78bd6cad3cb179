"""The revisits no worker could resolve, resolved once every range is read (revisits.py).

Reads the deferred revisits not yet handled and, from every originals index of the
crawl, only the originals they name; then reads each original again from its file and
writes the revisit's page and links. The pass is recorded in the manifest with its part
files (a crash before that leaves parts the next run deletes, and the pass is redone).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.dataset import schema
from pipelines.dataset.layout import run_stamp
from pipelines.dataset.parts import PartWriter
from pipelines.ingest import defaults, records, revisits
from pipelines.ingest.http import HttpHead
from pipelines.ingest.manifest import part_dirs
from pipelines.ingest.readers import ReadError, read_one
from pipelines.ingest.records import Block, RecordError, Skip
from pipelines.ingest.sources import Source

if TYPE_CHECKING:
    from pipelines.ingest.manifest import Manifest

logger = logging.getLogger(__name__)


def resolve_deferred(manifest: Manifest, *, reader: str, private_suffixes: bool) -> Counter[str]:
    """Resolve the deferred revisits of `manifest`'s crawl; the pass's counters."""
    handled = manifest.resolved_deferred()
    parts = [p for e in manifest.files.values() for r in e["ranges"] for p in r["parts"]]
    pending = [p for p in parts if "/deferred/" in p and p not in handled]
    if not pending:
        return Counter()
    data = manifest.data_dir
    revisit_rows = pa.concat_tables([pq.read_table(data / p, schema=revisits.DEFERRED) for p in pending]).to_pylist()
    index = _index(data, [p for p in parts if "/originals/" in p], revisit_rows)
    stats: Counter[str] = Counter()
    by_file: dict[str, list[tuple[dict[str, Any], int]]] = defaultdict(list)
    for row in revisit_rows:
        ref = revisits.Reference(row["refers_to"], row["payload_digest"], row["refers_to_uri"], row["refers_to_date"])
        found = index.find(ref)
        if found is None:
            stats["revisits/unresolved"] += 1
        else:
            by_file[found[0]].append((row, found[1]))
    prefix = f"{defaults.PART_PREFIX}-revisits-{run_stamp()}"
    dirs = part_dirs(data, manifest.crawl_id)
    writers = {t: PartWriter(dirs[t], s, prefix, rows_per_file=None)
               for t, s in (("links", schema.LINKS), ("pages", schema.PAGES))}
    for file_key, items in by_file.items():
        _resolve_file(manifest, file_key, items, writers, stats, reader=reader, private=private_suffixes)
    written = [str(Path(path).relative_to(data)) for t in ("links", "pages") if (path := writers[t].flush())]
    manifest.doc["revisit_passes"].append({"deferred": pending, "parts": written, "stats": dict(stats)})
    manifest.save()
    return stats


def _index(data: Any, parts: list[str], wanted: list[dict[str, Any]]) -> revisits.OriginalIndex:
    """The originals the deferred revisits may name, from every originals index part."""
    ids = pa.array({r["refers_to"] for r in wanted if r["refers_to"]}, pa.string())
    digests = pa.array({r["payload_digest"] for r in wanted if r["payload_digest"]}, pa.string())
    uris = pa.array({r["refers_to_uri"] for r in wanted if r["refers_to_uri"]}, pa.string())
    index = revisits.OriginalIndex()
    for part in parts:
        table = pq.read_table(data / part, schema=revisits.ORIGINALS)
        mask = pc.or_kleene(pc.or_kleene(pc.is_in(table["record_id"], ids), pc.is_in(table["payload_digest"], digests)),
                            pc.is_in(table["target_uri"], uris))
        for row in table.filter(pc.fill_null(mask, False)).to_pylist():
            index.add(row, (row["file_key"], row["offset"]))
    return index


def _resolve_file(manifest: Manifest, file_key: str, items: list[tuple[dict[str, Any], int]],
                  writers: dict[str, PartWriter], stats: Counter[str], *, reader: str, private: bool) -> None:
    entry = manifest.files[file_key]
    source = Source(entry["uri"], entry["name"], entry["size"])
    try:
        f = source.open()
    except (OSError, ValueError) as exc:
        logger.warning("Cannot open %s to resolve %d revisits: %s", source.uri, len(items), exc)
        stats["revisits/unresolved"] += len(items)
        return
    with f:
        for row, offset in sorted(items, key=lambda item: item[1]):
            original = _original(f, entry["layout"], reader, offset, source.name)
            if original is None:
                stats["revisits/unresolved"] += 1
                continue
            _write(row, original, manifest.crawl_id, writers, stats, private)


def _original(f: Any, layout: str, reader: str, offset: int, name: str) -> records.Capture | None:
    for record in read_one(f, layout, reader, offset):
        try:
            return records.capture(record, Block(record, verify=False))
        except (Skip, RecordError, ReadError) as exc:
            logger.warning("The original at %s@%d cannot be read again: %s", name, offset, exc)
    return None


def _write(row: dict[str, Any], original: records.Capture, crawl_id: str,
           writers: dict[str, PartWriter], stats: Counter[str], private: bool) -> None:
    head = HttpHead(row["status"], [tuple(h) for h in row["headers"]], 0) if row["status"] is not None else None
    capture = revisits.revisit_capture(row["url"], row["fetched_at"], row["ip_address"], head, original)
    try:
        page, links, warnings = records.extract_rows(
            capture, crawl_id=crawl_id, source_value=records.source("warc", row["name"], row["offset"]),
            warc_file=row["warc_file"], offset=row["offset"], private_suffixes=private)
    except Exception:  # isolation boundary: one revisit
        logger.exception("Failed on the revisit at %s@%d", row["name"], row["offset"])
        stats["errors/extract"] += 1
        return
    page["warc_length"] = row["length"]
    for link in links:
        writers["links"].add(link)
    writers["pages"].add(page)
    stats.update({"revisits/resolved": 1, "pages": 1, "links": len(links), "extract/warnings": warnings})
