"""One task of an ingest: the records of one file that start in one byte range.

The worker streams the records (readers.py, with recovery), turns each into rows (the
crawl's extractor for responses and resolved revisits, wat.py for WAT envelopes), and
keeps them in part-file buffers. A record's rows are committed only once the reader has
gone past it: its length is then known, and a record whose end does not match its
Content-Length is dropped (counted), not half-stored. Every CHECKPOINT_* rows or seconds
the buffers become part files and the worker reports a checkpoint (the next record's
offset, the parts, the counters), which the parent records in the manifest.

Counters (`stats`): records/<type>, pages, links, skipped/<why>, errors/<kind>,
digests/<block|payload>_<checked|mismatch>, revisits/<resolved|deferred>, wat/pages,
extract/warnings; capture/first and capture/last hold the span of capture dates.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipelines.dataset import schema
from pipelines.dataset.layout import run_stamp
from pipelines.dataset.parts import PartWriter
from pipelines.ingest import defaults, framing, records, revisits, wat
from pipelines.ingest.manifest import part_dirs
from pipelines.ingest.readers import Failure, ReadError, RecordStream, read_one
from pipelines.ingest.records import Block, Capture, RecordError, Skip
from pipelines.ingest.sources import Source

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from typing import BinaryIO

    from pipelines.ingest.readers import RawRecord

logger = logging.getLogger(__name__)

#: Counters of what a record produced, undone when the record is dropped.
PRODUCED = ("pages", "links", "wat/pages", "revisits/resolved", "revisits/deferred", "extract/warnings")
_SCHEMAS = {"links": schema.LINKS, "pages": schema.PAGES,
            "originals": revisits.ORIGINALS, "deferred": revisits.DEFERRED}


@dataclass
class Task:
    """A byte range of one file to ingest, and where an earlier run left it."""

    crawl_id: str
    data_dir: str
    key: str  # the file's checksum: its key in the manifest
    index: int  # the range's number in the file's entry
    source: Source
    warc_file: str  # what pages.warc_file says
    layout: str
    start: int
    end: int | None  # None: to the end of the file
    resume: int | None  # the next record to read; None: a fresh range
    parts: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    reader: str = "fastwarc"
    verify: bool = False
    private_suffixes: bool = False
    #: checkpoint thresholds (defaults.CHECKPOINT_*), set by the parent
    checkpoint: tuple[int, int, float] = (defaults.CHECKPOINT_LINKS, defaults.CHECKPOINT_PAGES,
                                          defaults.CHECKPOINT_SECONDS)


@dataclass
class Pending:
    """A record read but not yet committed: its rows wait until its end is known."""

    offset: int
    stats: Counter[str] = field(default_factory=Counter)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    captured: list[datetime] = field(default_factory=list)
    failed: bool = False  # already counted as an error

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def drop(self) -> None:
        self.rows.clear()
        self.captured.clear()
        for name in PRODUCED:
            self.stats.pop(name, None)


class Worker:
    def __init__(self, task: Task, emit: Callable[[tuple[Any, ...]], None]) -> None:
        self.task, self.emit = task, emit
        self.stats: Counter[str] = Counter({k: v for k, v in task.stats.items() if isinstance(v, int)})
        self.span = [task.stats.get("capture/first"), task.stats.get("capture/last")]
        self.parts = list(task.parts)
        file_id = hashlib.sha1(task.key.encode()).hexdigest()[:12]
        prefix = f"{defaults.PART_PREFIX}-{file_id}-{task.index:03d}-{run_stamp()}"
        self.writers = {name: PartWriter(directory, _SCHEMAS[name], prefix, rows_per_file=1 << 62)
                        for name, directory in part_dirs(task.data_dir, task.crawl_id).items()}
        self.local = revisits.OriginalIndex()
        self.random: BinaryIO | None = None  # a second handle, to read originals
        self.logged = 0
        self.shared = False  # the last record settled shared its gzip member with others
        self.last_checkpoint = time.monotonic()
        self.last_progress = time.monotonic()
        self.f: BinaryIO | None = None
        self.base = self.position = task.resume if task.resume is not None else task.start
        self.sent: Counter[str] = self._current()

    # -- the loop ---------------------------------------------------------------------

    def run(self) -> None:
        task = self.task
        try:
            self.f = task.source.open()
        except (OSError, ValueError) as exc:
            self.stats["errors/file"] += 1
            logger.error("Cannot open %s: %s", task.source.uri, exc)
            self._checkpoint(None, done=False, failed=str(exc))
            return
        try:
            self._read(self.f)
        finally:
            self.f.close()
            if self.random is not None:
                self.random.close()

    def _read(self, f: BinaryIO) -> None:
        task = self.task
        begin = task.resume if task.resume is not None else self._first(f)
        if begin is None:
            self._checkpoint(None, done=True)
            return
        stream = RecordStream(f, task.layout, task.reader, begin, task.end)
        pending: Pending | None = None
        for item in stream:
            if isinstance(item, Failure):
                self._failure(f, item, pending)
                pending = None  # settled by _failure
                continue
            if pending is not None:
                self._commit(pending, item.offset - pending.offset)
                self._maybe_checkpoint(item.offset)
            pending = self._process(item)
            self._progress(f)
        if pending is not None:
            self._commit_last(f, stream, pending)
        self._checkpoint(None, done=True)

    def _first(self, f: BinaryIO) -> int | None:
        """The first record of a fresh range: at its start, or the first one after it."""
        task = self.task
        if task.start == 0:
            return 0
        begin = framing.next_boundary(f, task.layout, task.start)
        return None if begin is None or (task.end is not None and begin >= task.end) else begin

    # -- one record ---------------------------------------------------------------------

    def _process(self, record: RawRecord) -> Pending:
        p = Pending(record.offset)
        p.stats[f"records/{record.type or 'unknown'}"] += 1
        block = Block(record, verify=self.task.verify, payload_digest=record.type != "revisit")
        try:
            try:
                if record.type == "response":
                    self._response(record, block, p)
                elif record.type == "revisit":
                    self._revisit(record, block, p)
                elif record.type == "metadata" and wat.is_wat(record.header("Content-Type")):
                    self._wat(record, block, p)
            except Skip as skip:
                p.stats[f"skipped/{skip.kind}"] += 1
            self._digests(block, p)
        except RecordError as exc:
            self._error(p, exc.kind, record.offset, str(exc))
        except ReadError as exc:
            self._error(p, "malformed", record.offset, str(exc))
        except Exception:  # isolation boundary: one record must not stop the file
            logger.exception("Failed on the record at %s@%d", self.task.source.name, record.offset)
            self._error(p, "extract", record.offset, None)
        return p

    def _response(self, record: RawRecord, block: Block, p: Pending) -> None:
        capture = records.capture(record, block)
        self._extract(p, capture, records.source("warc", self.task.source.name, record.offset))
        row = revisits.original_row(record, self.task.key, capture.url)
        p.add("originals", row)
        self.local.add(row)

    def _revisit(self, record: RawRecord, block: Block, p: Pending) -> None:
        url = records.http_target(record)
        head = block.head() if (record.content_length or 0) > 0 else None
        if head is not None and records.wanted(head) is False:
            raise Skip("non_html")
        when = records.capture_date(record, head)
        ref = revisits.reference(record)
        ip = records.ip_address(record)
        original = self._original(self.local.find(ref))
        if original is None:
            p.add("deferred", revisits.deferred_row(
                record, ref, file_key=self.task.key, name=self.task.source.name,
                warc_file=self.task.warc_file, url=url, when=when, ip=ip, head=head))
            p.stats["revisits/deferred"] += 1
            return
        capture = revisits.revisit_capture(url, when, ip, head, original)
        self._extract(p, capture, records.source("warc", self.task.source.name, record.offset))
        p.stats["revisits/resolved"] += 1

    def _original(self, offset: int | None) -> Capture | None:
        if offset is None:
            return None
        if self.random is None:
            self.random = self.task.source.open()
        for record in read_one(self.random, self.task.layout, self.task.reader, offset):
            try:
                return records.capture(record, Block(record, verify=False))
            except (Skip, RecordError, ReadError) as exc:
                logger.warning("The original at %s@%d cannot be read again: %s",
                               self.task.source.name, offset, exc)
        return None

    def _wat(self, record: RawRecord, block: Block, p: Pending) -> None:
        if (record.content_length or 0) > defaults.MAX_WAT:
            raise Skip("too_large")
        env = wat.envelope(block.all())
        found = wat.response_links(env, private_suffixes=self.task.private_suffixes) if env else None
        if found is None:
            return
        _, when, rows = found
        source = records.source("wat", self.task.source.name, record.offset)
        columns = records.ingest_columns(self.task.crawl_id, when, source)
        for row in rows:
            row.update(columns)
            p.add("links", row)
        p.stats["wat/pages"] += 1
        p.stats["links"] += len(rows)
        p.captured.append(when)

    def _extract(self, p: Pending, capture: Capture, source: str) -> None:
        page, links, warnings = records.extract_rows(
            capture, crawl_id=self.task.crawl_id, source_value=source, warc_file=self.task.warc_file,
            offset=p.offset, private_suffixes=self.task.private_suffixes)
        p.add("pages", page)
        for link in links:
            p.add("links", link)
        p.stats["pages"] += 1
        p.stats["links"] += len(links)
        p.stats["extract/warnings"] += warnings
        p.captured.append(capture.fetched_at)

    def _digests(self, block: Block, p: Pending) -> None:
        block_ok, payload_ok = block.finish()
        for name, ok in (("block", block_ok), ("payload", payload_ok)):
            if ok is None:
                continue
            p.stats[f"digests/{name}_checked"] += 1
            if not ok:
                p.stats[f"digests/{name}_mismatch"] += 1
                self._log(p.offset, f"WARC-{name.capitalize()}-Digest does not match")

    def _error(self, p: Pending, kind: str, offset: int, message: str | None) -> None:
        p.drop()
        p.failed = True
        p.stats[f"errors/{kind}"] += 1
        if message is not None:
            self._log(offset, f"{message} (errors/{kind}; record skipped)")

    def _log(self, offset: int, message: str) -> None:
        self.logged += 1
        if self.logged <= defaults.LOGGED_ERRORS_PER_FILE:
            logger.warning("%s@%d: %s", self.task.source.name, offset, message)
        elif self.logged == defaults.LOGGED_ERRORS_PER_FILE + 1:
            logger.warning("%s: more problems, counted but not logged", self.task.source.name)

    # -- damage between records -----------------------------------------------------------

    def _failure(self, f: BinaryIO, failure: Failure, pending: Pending | None) -> None:
        """The reader failed after `pending` (if any): keep it if it ends where it says."""
        where = failure.position
        if pending is not None:
            counted = pending.failed
            if failure.after == pending.offset:
                end = self._settle(f, pending)
            else:
                end = None
                self._commit(pending, None)
            if counted or end is None or self.shared:
                self.shared = False
                return  # the damage is this record's (or its member's), counted already
            where = end
        self.stats["errors/malformed"] += 1
        self._log(where, f"unreadable: {failure.message}; reading on at the next record")

    def _commit_last(self, f: BinaryIO, stream: RecordStream, pending: Pending) -> None:
        """The last record of the range: its end is the next boundary, or the data's end."""
        if self.task.layout == framing.GZIP_STREAM:
            self._commit(pending, None if stream.stop is None else stream.stop - pending.offset)
            return
        self._settle(f, pending)

    def _settle(self, f: BinaryIO, pending: Pending) -> int | None:
        """Commit the record read last before a failure or the end, if it ends where its
        Content-Length says (else drop it, counted); return where it ends. A gzip member
        holding more records than this one has them read too (they share its offset)."""
        counted = pending.failed
        end = framing.record_end(f, self.task.layout, pending.offset)
        inner = None
        if end is None and self.task.layout == framing.GZIP_RECORDS:
            inner = framing.member_records(f, pending.offset)
            end = inner[0] if inner is not None else None
        if end is None and not counted:
            self._error(pending, "framing", pending.offset,
                        "the record does not end where its Content-Length says")
        length = None if end is None else end - pending.offset
        self._commit(pending, length)
        if inner is not None:
            self._log(pending.offset, "one gzip member holds several records: all are read, at its offset")
            self.stats["recovered/shared_member"] += 1
            self.shared = True
            self._inner(pending.offset, length, inner[1])
        return end

    def _inner(self, offset: int, length: int | None, data: bytes) -> None:
        """The records after the first in one gzip member, as if each were at `offset`."""
        with io.BytesIO(data) as stream:
            for item in RecordStream(stream, framing.PLAIN, self.task.reader, 0, None):
                if isinstance(item, Failure):
                    self.stats["errors/malformed"] += 1
                    continue
                self._commit(self._process(_AtOffset(item, offset)), length)

    # -- rows, checkpoints, progress --------------------------------------------------------

    def _commit(self, p: Pending, length: int | None) -> None:
        for page in p.rows.get("pages", ()):
            page["warc_length"] = length
        for row in p.rows.get("deferred", ()):
            row["length"] = length
        for table, rows in p.rows.items():
            writer = self.writers[table]
            for row in rows:
                writer.add(row)
        self.stats.update(p.stats)
        for when in p.captured:
            stamp = when.isoformat()
            self.span[0] = min(self.span[0] or stamp, stamp)
            self.span[1] = max(self.span[1] or stamp, stamp)

    def _maybe_checkpoint(self, next_offset: int) -> None:
        w = self.writers
        links, pages, seconds = self.task.checkpoint
        if (w["links"].rows >= links or w["pages"].rows >= pages
                or time.monotonic() - self.last_checkpoint >= seconds):
            self._checkpoint(next_offset, done=False)

    def _checkpoint(self, next_offset: int | None, *, done: bool, failed: str | None = None) -> None:
        for name in ("links", "pages", "originals", "deferred"):  # links before their pages
            path = self.writers[name].flush()
            if path is not None:
                self.parts.append(str(path.relative_to(self.task.data_dir)))
        stats: dict[str, Any] = {k: v for k, v in sorted(self.stats.items()) if v}
        stats["capture/first"], stats["capture/last"] = self.span
        self.emit(("checkpoint", self.task.key, self.task.index, next_offset, done, list(self.parts),
                   stats, failed))
        self.last_checkpoint = time.monotonic()
        self._send_progress(force=True)

    def _progress(self, f: BinaryIO) -> None:
        with contextlib.suppress(OSError, ValueError):  # a stream that cannot tell: no bytes shown
            self.position = f.tell()
        if time.monotonic() - self.last_progress >= defaults.PROGRESS_SECONDS:
            self._send_progress()

    def _current(self) -> Counter[str]:
        current = Counter({"bytes": max(0, self.position - self.base)})
        for key, value in self.stats.items():
            if key.startswith("records/"):
                current["records"] += value
            elif key.startswith("errors/"):
                current["errors"] += value
        current["pages"], current["links"] = self.stats["pages"], self.stats["links"]
        return current

    def _send_progress(self, force: bool = False) -> None:
        current = self._current()
        delta = Counter({k: v - self.sent[k] for k, v in current.items() if v != self.sent[k]})
        self.sent = current
        self.last_progress = time.monotonic()
        if delta or force:
            self.emit(("progress", dict(delta)))


class _AtOffset:
    """A record read out of a shared gzip member, placed at the member's offset."""

    def __init__(self, record: RawRecord, offset: int) -> None:
        self.record, self.offset = record, offset
        self.type, self.content_length = record.type, record.content_length

    def header(self, name: str) -> str | None:
        return self.record.header(name)

    def read(self, size: int = -1) -> bytes:
        return self.record.read(size)


def run_task(task: Task, emit: Callable[[tuple[Any, ...]], None]) -> None:
    Worker(task, emit).run()
