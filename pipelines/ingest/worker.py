"""One task of an ingest, the range reader: the records of one file that start in one byte
range, read with recovery, committed, checkpointed.

The reader streams the records (readers.py, with recovery), hands each to the record handler
(handler.py: record -> `RecordRows`), and keeps the rows in part-file buffers. A record's
rows are committed only once the reader has gone past it: its length is then known, and a
record whose end does not match its Content-Length is dropped (counted), not half-stored.
Every CHECKPOINT_* rows or seconds the buffers become part files and the reader emits a
`Checkpoint` (the next record's offset, the parts, the counters), which the parent records
in the manifest; `Progress` events carry the counts in between (events.py).

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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.dataset import schema
from pipelines.dataset.layout import run_stamp
from pipelines.dataset.parts import PartWriter
from pipelines.ingest import defaults, framing, revisits
from pipelines.ingest.events import Checkpoint, Progress, RecordRows
from pipelines.ingest.handler import FileLog, RecordHandler
from pipelines.ingest.manifest import part_dirs
from pipelines.ingest.readers import Failure, RecordStream
from pipelines.ingest.sources import Source

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO

    from pipelines.ingest.events import Event
    from pipelines.ingest.readers import RawRecord

logger = logging.getLogger(__name__)

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
    #: what names this run's part files after the file and range (None: the time of the run);
    #: the Spark engine names them by where the range starts, so a retried task rewrites them
    stamp: str | None = None


class Worker:
    """Reads one Task's range and emits its events (Progress, Checkpoint) through `emit`."""

    def __init__(self, task: Task, emit: Callable[[Event], None]) -> None:
        self.task, self.emit = task, emit
        self.stats: Counter[str] = Counter({k: v for k, v in task.stats.items() if isinstance(v, int)})
        self.span = [task.stats.get("capture/first"), task.stats.get("capture/last")]
        self.parts = list(task.parts)
        file_id = hashlib.sha1(task.key.encode()).hexdigest()[:12]
        prefix = f"{defaults.PART_PREFIX}-{file_id}-{task.index:03d}-{task.stamp or run_stamp()}"
        self.writers = {name: PartWriter(directory, _SCHEMAS[name], prefix, rows_per_file=None)
                        for name, directory in part_dirs(task.data_dir, task.crawl_id).items()}
        self.log = FileLog(task.source.name)
        self.handler = RecordHandler(
            task.source, crawl_id=task.crawl_id, key=task.key, warc_file=task.warc_file,
            layout=task.layout, reader=task.reader, verify=task.verify,
            private_suffixes=task.private_suffixes, log=self.log)
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
            self.handler.close()

    def _read(self, f: BinaryIO) -> None:
        task = self.task
        begin = task.resume if task.resume is not None else self._first(f)
        if begin is None:
            self._checkpoint(None, done=True)
            return
        stream = RecordStream(f, task.layout, task.reader, begin, task.end)
        pending: RecordRows | None = None
        for item in stream:
            if isinstance(item, Failure):
                self._failure(f, item, pending)
                pending = None  # settled by _failure
                continue
            if pending is not None:
                self._commit(pending, item.offset - pending.offset)
                self._maybe_checkpoint(item.offset)
            pending = self.handler.handle(item)
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

    # -- damage between records -----------------------------------------------------------

    def _failure(self, f: BinaryIO, failure: Failure, pending: RecordRows | None) -> None:
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
        self.log.warning(where, f"unreadable: {failure.message}; reading on at the next record")

    def _commit_last(self, f: BinaryIO, stream: RecordStream, pending: RecordRows) -> None:
        """The last record of the range: its end is the next boundary, or the data's end."""
        if self.task.layout == framing.GZIP_STREAM:
            self._commit(pending, None if stream.stop is None else stream.stop - pending.offset)
            return
        self._settle(f, pending)

    def _settle(self, f: BinaryIO, pending: RecordRows) -> int | None:
        """Commit the record read last before a failure or the end, if it ends where its
        Content-Length says (else drop it, counted); return where it ends. A gzip member
        holding more records than this one has them read too (they share its offset).

        A record not followed by its blank lines but whose HTTP payload shows its own end
        (a whole gzip stream, a last chunk, its HTTP Content-Length: `http.whole`) is kept,
        ending where its Content-Length says: what comes after it is the damage."""
        counted = pending.failed
        end = framing.record_end(f, self.task.layout, pending.offset)
        inner = None
        if end is None and self.task.layout == framing.GZIP_RECORDS:
            inner = framing.member_records(f, pending.offset)
            end = inner[0] if inner is not None else None
        if end is None and not counted and pending.whole:
            end = framing.declared_end(f, self.task.layout, pending.offset)
            if end is not None:
                self.stats["recovered/whole_payload"] += 1
                self.log.warning(end, "the record before does not end with its blank lines here, but "
                                 "its HTTP payload is whole: kept, reading on at the next record")
        if end is None and not counted:
            self.log.skipped(pending, "framing", "the record does not end where its Content-Length says")
        length = None if end is None else end - pending.offset
        self._commit(pending, length)
        if inner is not None:
            self.log.warning(pending.offset, "one gzip member holds several records: all are read, at its offset")
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
                self._commit(self.handler.handle(_AtOffset(item, offset)), length)

    # -- rows, checkpoints, progress --------------------------------------------------------

    def _commit(self, p: RecordRows, length: int | None) -> None:
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
                self.parts.append(str(Path(path).relative_to(self.task.data_dir)))
        stats: dict[str, Any] = {k: v for k, v in sorted(self.stats.items()) if v}
        stats["capture/first"], stats["capture/last"] = self.span
        self.emit(Checkpoint(self.task.key, self.task.index, next_offset, done, list(self.parts), stats, failed))
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
            self.emit(Progress(dict(delta)))


class _AtOffset:
    """A record read out of a shared gzip member, placed at the member's offset."""

    def __init__(self, record: RawRecord, offset: int) -> None:
        self.record, self.offset = record, offset
        self.type, self.content_length = record.type, record.content_length

    def header(self, name: str) -> str | None:
        return self.record.header(name)

    def read(self, size: int = -1) -> bytes:
        return self.record.read(size)


def run_task(task: Task, emit: Callable[[Event], None]) -> None:
    Worker(task, emit).run()
