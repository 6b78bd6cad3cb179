"""Archive every response as a WARC request + response record pair (warcio, gzip per record).

The page row keeps the response record's file, offset and length, so any row leads back to
its bytes (`warcio extract FILE OFFSET`). Scrapy hands over the body already decoded
(gzip/br removed), so the record holds the decoded payload: Content-Encoding is dropped and
Content-Length set to the body's length, so the record parses as the HTTP message it says.
A file is written as `<name>.warc.gz.open` and renamed when closed: a crashed worker leaves
an `.open` file that no reader picks up. A write that fails (a full disk) stops the crawl
(crawler/storage_failure.py); the file is cut back to its last complete record and closed.

Settings read: BACKLINKS_WARC_ENABLED, BACKLINKS_WARC_MAX_BYTES, BACKLINKS_DATA_DIR,
BACKLINKS_CRAWL_ID, BACKLINKS_WORKER_ID. Stats: archive/records, archive/bytes, archive/files.
"""

from __future__ import annotations

import io
import os
import zlib
from contextlib import suppress
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, BinaryIO

from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.storage_failure import WRITE_ERRORS, failed, stop_crawl
from pipelines.dataset.layout import check_worker_id, run_stamp, warc_dir
from pipelines.dataset.location import Location

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawler.items import PageItem

_DROPPED_HEADERS = {b"content-encoding", b"content-length", b"transfer-encoding"}


class ArchivePipeline:
    def __init__(self, crawler: Crawler, data_dir: str, crawl_id: str, worker: str, max_bytes: int) -> None:
        self.crawler, self.max_bytes = crawler, max_bytes
        self.location = Location(data_dir)
        self.relative_dir = warc_dir(crawl_id)
        self.prefix = f"{check_worker_id(worker)}-{run_stamp()}"
        self.seq = 0
        self.file: BinaryIO | None = None
        self.name: str | None = None  # of the file being written, relative to the data dir
        self.writer: WARCWriter | None = None
        self.complete = 0  # where the last complete record pair ends in the file being written

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        if not s.getbool("BACKLINKS_WARC_ENABLED"):
            raise NotConfigured("BACKLINKS_WARC_ENABLED is off: no WARC archive")
        return cls(crawler, s.get("BACKLINKS_DATA_DIR"), s.get("BACKLINKS_CRAWL_ID"),
                   s.get("BACKLINKS_WORKER_ID"), s.getint("BACKLINKS_WARC_MAX_BYTES"))

    def process_item(self, item: PageItem) -> PageItem:
        if item.response is None or failed(self.crawler):
            return item
        try:
            self._archive(item)
        except WRITE_ERRORS as exc:
            what = f"cannot write the WARC file {self.name or self.relative_dir}"
            self._abandon_file()
            stop_crawl(self.crawler, what, exc)
        return item

    def _archive(self, item: PageItem) -> None:
        """Write the item's response and request records; point the item at the response."""
        assert item.response is not None
        writer = self._writer()
        response = item.response
        # WARC/1.1 dates carry fractions: the ingested fetched_at equals the crawled one
        date = item.fetched_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        request_record = writer.create_warc_record(
            item.url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=_request_headers(response),
            warc_headers_dict={"WARC-Date": date},
        )
        warc_headers = {"WARC-Date": date}
        if response.ip_address is not None:
            warc_headers["WARC-IP-Address"] = str(response.ip_address)
        response_record = writer.create_warc_record(
            item.url, "response", payload=io.BytesIO(response.body), length=len(response.body),
            http_headers=_response_headers(response), warc_headers_dict=warc_headers,
        )
        assert self.file is not None  # opened by _writer()
        offset = self.file.tell()
        writer.write_record(response_record)
        end = self.file.tell()
        writer.write_record(request_record)
        item.warc_file = self.name
        item.warc_offset, item.warc_length = offset, end - offset
        stats = self.crawler.stats
        stats.inc_value("archive/records", 2)
        stats.inc_value("archive/bytes", self.file.tell() - offset)
        self.complete = self.file.tell()
        if self.complete >= self.max_bytes:
            self._close_file()

    def close_spider(self) -> None:
        if failed(self.crawler):
            self._abandon_file()
            return
        try:
            self._close_file()
        except WRITE_ERRORS as exc:
            self._abandon_file()
            stop_crawl(self.crawler, "cannot close the WARC file", exc)

    def _writer(self) -> WARCWriter:
        if self.writer is None:
            self.location.makedirs(self.location.path(*self.relative_dir.split("/")))
            self.seq += 1
            self.name = f"{self.relative_dir}/{self.prefix}-{self.seq:05d}.warc.gz"
            self.file = self.location.open_output(self._path(".open"))
            self.writer = GzipMemberWriter(self.file, warc_version="WARC/1.1")
            self.crawler.stats.inc_value("archive/files")
        return self.writer

    def _path(self, suffix: str = "") -> str:
        return self.location.path(*f"{self.name}{suffix}".split("/"))

    def _close_file(self) -> None:
        if self.file is None:
            return
        self.file.close()
        self.location.publish(self._path(".open"), self._path())
        self.file = self.writer = self.name = None
        self.complete = 0

    def _abandon_file(self) -> None:
        """After a failed write: keep the complete records (a local file is cut back to the
        last one and renamed into place; an empty one goes), give up on the rest."""
        if self.file is None:
            return
        with suppress(*WRITE_ERRORS):
            self.file.close()  # flushing what is buffered may fail again
        if self.location.local:
            with suppress(OSError):
                if self.complete:
                    os.truncate(self._path(".open"), self.complete)
                    self.location.publish(self._path(".open"), self._path())
                else:
                    os.unlink(self._path(".open"))
        self.file = self.writer = self.name = None
        self.complete = 0


#: zlib's default level. warcio compresses at 9, which costs 1.7 times the CPU of 6 on
#: real pages for files 0.5% smaller; the WARC is the crawl's biggest cost after extraction.
GZIP_LEVEL = 6


class GzipMemberWriter(WARCWriter):
    """warcio's WARCWriter, one gzip member per record (as `gzip=True` writes them), at
    `GZIP_LEVEL`."""

    def __init__(self, filebuf: BinaryIO, **kwargs: Any) -> None:
        super().__init__(filebuf, gzip=False, **kwargs)

    def write_record(self, record: Any, params: Any = None) -> None:
        # With gzip off, warcio writes the record's bytes to `out` and ends with a flush().
        self._write_warc_record(_GzipMember(self.out), record)


class _GzipMember:
    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self.out.write(self.compressor.compress(data))

    def flush(self) -> None:
        self.out.write(self.compressor.flush())
        self.out.flush()


def _response_headers(response: Response) -> StatusAndHeaders:
    headers = [
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, values in response.headers.items() if k.lower() not in _DROPPED_HEADERS
        for v in values
    ]
    headers.append(("Content-Length", str(len(response.body))))
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    protocol = response.protocol or "HTTP/1.1"
    return StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol=protocol)


def _request_headers(response: Response) -> StatusAndHeaders:
    request = response.request
    assert request is not None  # a downloaded response knows its request
    target = request.url.split("/", 3)[3] if request.url.count("/") >= 3 else ""
    headers = [(k.decode("latin-1"), v.decode("latin-1"))
               for k, values in request.headers.items() for v in values]
    return StatusAndHeaders(f"{request.method} /{target} HTTP/1.1", headers, is_http_request=True)
