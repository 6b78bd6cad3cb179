"""One WARC record to rows: the record handler of an ingest (no framing, no checkpoints).

`RecordHandler.handle(record)` gives the `RecordRows` of one record: a `pages` row and
`links` rows for an HTML (or redirect) response, through the crawl's own extractor; the same
for a revisit whose original this file holds (read again at its offset), else a `deferred`
row for the revisit pass; link rows for a WAT envelope; and an `originals` row for every
response (what later revisits resolve against). What it skips or cannot read is counted
(`skipped/<why>`, `errors/<kind>`), never raised: one record never stops a file. The range
reader (worker.py) decides when those rows are committed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pipelines.ingest import defaults, records, revisits, wat
from pipelines.ingest.events import RecordRows
from pipelines.ingest.readers import ReadError, read_one
from pipelines.ingest.records import Block, Capture, RecordError, Skip

if TYPE_CHECKING:
    from typing import BinaryIO

    from pipelines.ingest.readers import RawRecord
    from pipelines.ingest.sources import Source

logger = logging.getLogger(__name__)


class FileLog:
    """Warnings about one file's damaged spots, as `name@offset: what`: the first
    LOGGED_ERRORS_PER_FILE, then one line saying the rest are only counted."""

    def __init__(self, name: str) -> None:
        self.name, self.logged = name, 0

    def warning(self, offset: int, message: str) -> None:
        self.logged += 1
        if self.logged <= defaults.LOGGED_ERRORS_PER_FILE:
            logger.warning("%s@%d: %s", self.name, offset, message)
        elif self.logged == defaults.LOGGED_ERRORS_PER_FILE + 1:
            logger.warning("%s: more problems, counted but not logged", self.name)

    def skipped(self, rows: RecordRows, kind: str, message: str | None) -> None:
        """Fail `rows` as `errors/<kind>` and say so (`message` None: logged already)."""
        rows.fail(kind)
        if message is not None:
            self.warning(rows.offset, f"{message} (errors/{kind}; record skipped)")


class RecordHandler:
    """Rows from the records of one file (`source`), as crawl `crawl_id` records them."""

    def __init__(self, source: Source, *, crawl_id: str, key: str, warc_file: str, layout: str,
                 reader: str, verify: bool = False, private_suffixes: bool = False,
                 log: FileLog | None = None) -> None:
        self.source, self.crawl_id, self.key, self.warc_file = source, crawl_id, key, warc_file
        self.layout, self.reader, self.verify, self.private = layout, reader, verify, private_suffixes
        self.log = log or FileLog(source.name)
        self.local = revisits.OriginalIndex()  # the responses handled so far: revisits' originals
        self.random: BinaryIO | None = None  # a second handle on the file, to read originals

    def close(self) -> None:
        if self.random is not None:
            self.random.close()
            self.random = None

    def handle(self, record: RawRecord) -> RecordRows:
        rows = RecordRows(record.offset)
        rows.stats[f"records/{record.type or 'unknown'}"] += 1
        block = Block(record, verify=self.verify, payload_digest=record.type != "revisit")
        try:
            try:
                if record.type == "response":
                    self._response(record, block, rows)
                elif record.type == "revisit":
                    self._revisit(record, block, rows)
                elif record.type == "metadata" and wat.is_wat(record.header("Content-Type")):
                    self._wat(record, block, rows)
            except Skip as skip:
                rows.stats[f"skipped/{skip.kind}"] += 1
            self._digests(block, rows)
        except RecordError as exc:
            self.log.skipped(rows, exc.kind, str(exc))
        except ReadError as exc:
            self.log.skipped(rows, "malformed", str(exc))
        except Exception:  # isolation boundary: one record must not stop the file
            logger.exception("Failed on the record at %s@%d", self.source.name, record.offset)
            self.log.skipped(rows, "extract", None)
        return rows

    def _response(self, record: RawRecord, block: Block, rows: RecordRows) -> None:
        capture = records.capture(record, block)
        rows.whole = capture.whole
        self._extract(rows, capture, records.source("warc", self.source.name, record.offset))
        original = revisits.original_row(record, self.key, capture.url)
        rows.add("originals", original)
        self.local.add(original)

    def _revisit(self, record: RawRecord, block: Block, rows: RecordRows) -> None:
        url = records.http_target(record)
        head = block.head() if (record.content_length or 0) > 0 else None
        if head is not None and records.wanted(head) is False:
            raise Skip("non_html")
        when = records.capture_date(record, head)
        ref = revisits.reference(record)
        ip = records.ip_address(record)
        original = self._original(self.local.find(ref))
        if original is None:
            rows.add("deferred", revisits.deferred_row(
                record, ref, file_key=self.key, name=self.source.name,
                warc_file=self.warc_file, url=url, when=when, ip=ip, head=head))
            rows.stats["revisits/deferred"] += 1
            return
        capture = revisits.revisit_capture(url, when, ip, head, original)
        self._extract(rows, capture, records.source("warc", self.source.name, record.offset))
        rows.stats["revisits/resolved"] += 1

    def _original(self, offset: int | None) -> Capture | None:
        if offset is None:
            return None
        if self.random is None:
            self.random = self.source.open()
        for record in read_one(self.random, self.layout, self.reader, offset):
            try:
                return records.capture(record, Block(record, verify=False))
            except (Skip, RecordError, ReadError) as exc:
                logger.warning("The original at %s@%d cannot be read again: %s",
                               self.source.name, offset, exc)
        return None

    def _wat(self, record: RawRecord, block: Block, rows: RecordRows) -> None:
        if (record.content_length or 0) > defaults.MAX_WAT:
            raise Skip("too_large")
        env = wat.envelope(block.all())
        found = wat.response_links(env, private_suffixes=self.private) if env else None
        if found is None:
            return
        _, when, links = found
        columns = records.ingest_columns(self.crawl_id, when, records.source("wat", self.source.name, record.offset))
        for row in links:
            row.update(columns)
            rows.add("links", row)
        rows.stats["wat/pages"] += 1
        rows.stats["links"] += len(links)
        rows.captured.append(when)

    def _extract(self, rows: RecordRows, capture: Capture, source: str) -> None:
        page, links, warnings = records.extract_rows(
            capture, crawl_id=self.crawl_id, source_value=source, warc_file=self.warc_file,
            offset=rows.offset, private_suffixes=self.private)
        rows.add("pages", page)
        for link in links:
            rows.add("links", link)
        rows.stats["pages"] += 1
        rows.stats["links"] += len(links)
        rows.stats["extract/warnings"] += warnings
        rows.captured.append(capture.fetched_at)

    def _digests(self, block: Block, rows: RecordRows) -> None:
        block_ok, payload_ok = block.finish()
        for name, ok in (("block", block_ok), ("payload", payload_ok)):
            if ok is None:
                continue
            rows.stats[f"digests/{name}_checked"] += 1
            if not ok:
                rows.stats[f"digests/{name}_mismatch"] += 1
                self.log.warning(rows.offset, f"WARC-{name.capitalize()}-Digest does not match")
