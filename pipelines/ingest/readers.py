"""WARC readers behind one interface: fastwarc (resiliparse's, the default) and warcio.

A reader turns a stream positioned on a record boundary into `RawRecord`s: type, offset,
WARC headers, declared length and the block as a stream, each valid until the next one.
It parses WARC framing only; HTTP is parsed once, in http.py, for both readers, so both
give the same rows (and digests can be checked over the exact block bytes).

`records()` adds what neither library does alone: after a malformed record, a bad gzip
member or garbage between records, it logs and counts the failure, finds the next record
boundary (framing.py) and goes on with a fresh reader there, so one damaged spot costs one
record, not the rest of the file. It reads the records that start in [start, end), which
is how a large file is shared by several workers.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pipelines.ingest import defaults, framing
from pipelines.ingest.errors import BadReader

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO

logger = logging.getLogger(__name__)

READERS = ("fastwarc", "warcio")


class RawRecord(Protocol):
    type: str  # WARC-Type, lower-cased ("response", "revisit", ...)
    offset: int  # where the record starts (see framing.py for what offsets count)
    content_length: int | None  # the declared block length; None when missing

    def header(self, name: str) -> str | None:
        """The first value of WARC header `name` (any case)."""

    def read(self, size: int = -1) -> bytes:
        """The next `size` bytes of the block (all that is left with -1)."""


class ReadError(Exception):
    """The reader could not parse the stream at some point after `after` (an offset)."""


@dataclass
class Failure:
    """What `RecordStream` yields for a spot it could not read: the offset of the record
    yielded just before (None if none since the last restart), where the reader was
    (that record, or where it restarted), and why."""

    after: int | None
    position: int
    message: str


def brief(text: str, limit: int = 160) -> str:
    """A reader's message for a log line: one line, printable, short."""
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() and ord(c) < 0x250 else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def default_reader() -> str:
    try:
        import fastwarc  # noqa: F401
    except ImportError:
        return "warcio"
    return "fastwarc"


def check_reader(name: str) -> str:
    """`name` ("auto" picks fastwarc when installed); BadReader if unknown or missing."""
    if name == "auto":
        return default_reader()
    if name not in READERS:
        raise BadReader(f"unknown WARC reader {name!r}: use one of auto, {', '.join(READERS)}")
    if name == "fastwarc" and default_reader() != "fastwarc":
        raise BadReader("the fastwarc reader is not installed (pip install fastwarc)")
    return name


# -- fastwarc ---------------------------------------------------------------------------


class _FastRecord:
    __slots__ = ("_record", "_reader", "content_length", "offset", "type")

    def __init__(self, record, offset: int) -> None:
        self._record = record
        self._reader = record.reader
        self.offset = offset
        self.type = (record.headers.get("WARC-Type") or "").strip().lower()
        self.content_length = record.content_length if record.headers.get("Content-Length") else None

    def header(self, name: str) -> str | None:
        return self._record.headers.get(name)

    def read(self, size: int = -1) -> bytes:
        try:
            return self._reader.read(size)
        except (OSError, ValueError) as exc:
            raise ReadError(str(exc)) from None


def _fastwarc(stream: BinaryIO, layout: str) -> Iterator[RawRecord]:
    from fastwarc.warc import ArchiveIterator

    # A gzip-stream arrives decompressed: no detection, or a payload that happens to look
    # compressed would be inflated.
    records = iter(ArchiveIterator(stream, parse_http=False, stream_detect=layout != framing.GZIP_STREAM))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (OSError, ValueError) as exc:
            raise ReadError(str(exc) or type(exc).__name__) from None
        yield _FastRecord(record, record.stream_pos)


# -- warcio -----------------------------------------------------------------------------


class _WarcioRecord:
    __slots__ = ("_record", "content_length", "offset", "type")

    def __init__(self, record, offset: int) -> None:
        self._record = record
        self.offset = offset
        self.type = (record.rec_type or "").lower()
        length = record.rec_headers.get_header("Content-Length")
        self.content_length = int(length) if length and length.strip().isdigit() else None

    def header(self, name: str) -> str | None:
        return self._record.rec_headers.get_header(name)

    def read(self, size: int = -1) -> bytes:
        errors = io.StringIO()
        try:
            with contextlib.redirect_stderr(errors):  # warcio prints inflate errors, then stops
                data = self._record.raw_stream.read(size if size >= 0 else None)
        except (OSError, ValueError, EOFError, zlib.error) as exc:
            raise ReadError(str(exc)) from None
        if errors.getvalue():
            raise ReadError(errors.getvalue().strip())
        return data


def _warcio(stream: BinaryIO, layout: str) -> Iterator[RawRecord]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.recordloader import ArchiveLoadFailed as LoaderFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    # warcio logs (and fixes) a space in WARC-Target-URI; records.py does the same itself.
    logging.getLogger("warcio.recordloader").setLevel(logging.ERROR)
    failures = (ArchiveLoadFailed, LoaderFailed, StatusAndHeadersParserException, OSError,
                ValueError, EOFError, zlib.error)
    errors = io.StringIO()
    iterator = ArchiveIterator(stream, no_record_parse=True)
    records = iter(iterator)
    while True:
        seen = iterator.err_count
        try:
            with contextlib.redirect_stderr(errors):  # "Record not followed by newline"
                record = next(records)
        except StopIteration:
            return
        except failures as exc:
            raise ReadError(str(exc) or type(exc).__name__) from None
        if iterator.err_count != seen:
            raise ReadError("record not followed by a blank line: wrong Content-Length")
        yield _WarcioRecord(record, iterator.offset)


_OPENERS = {"fastwarc": _fastwarc, "warcio": _warcio}


# -- recovery ---------------------------------------------------------------------------


class RecordStream:
    """The records of `f` (a seekable binary file) that start in [start, end), with
    recovery; each item is a RawRecord or a Failure.

    After the iteration, `stop` is where the last record yielded ends: the first record
    boundary at or after `end`, or the end of the data (None when the rest of the file
    could not be read, after a Failure).
    """

    def __init__(self, f: BinaryIO, layout: str, reader: str, start: int, end: int | None) -> None:
        self.f, self.layout, self.reader = f, layout, reader
        self.start, self.end = start, end
        self.stop: int | None = None
        self.restarts = 0

    def __iter__(self) -> Iterator[RawRecord | Failure]:
        next_position: int | None = self.start
        last: int | None = None  # offset of the last record yielded
        failed = False
        while next_position is not None:
            position = next_position
            stream = framing.open_at(self.f, self.layout, position)
            yielded = False
            try:
                for record in _OPENERS[self.reader](stream, self.layout):
                    if record.offset < position or (last is not None and record.offset <= last):
                        raise ReadError(f"record offset {record.offset} out of order: "
                                        "not one gzip member per record")
                    if self.end is not None and record.offset >= self.end:
                        self.stop = record.offset
                        return
                    yielded = True
                    last = record.offset
                    yield record
                self.stop = self._data_end(stream)
                return
            except (ReadError, OSError, EOFError, zlib.error) as exc:
                where = last if yielded and last is not None else position
                if yielded or not failed:  # a restart inside the same damage is no new failure
                    yield Failure(last if yielded else None, where, brief(str(exc) or type(exc).__name__))
                failed = True
                # No progress since the last restart: look past the spot that failed.
                next_position = self._resync(where + 1)

    def _data_end(self, stream: BinaryIO) -> int:
        if self.layout == framing.GZIP_STREAM:
            return stream.tell()
        return self.f.seek(0, io.SEEK_END)

    def _resync(self, offset: int) -> int | None:
        if self.layout == framing.GZIP_STREAM:
            self.restarts += 1
            if self.restarts > defaults.MAX_STREAM_RESYNCS:
                return None
        boundary = framing.next_boundary(self.f, self.layout, offset)
        if boundary is not None and self.end is not None and boundary >= self.end:
            self.stop = boundary
            return None
        return boundary


def read_one(f: BinaryIO, layout: str, reader: str, offset: int) -> Iterator[RawRecord]:
    """The record at `offset` alone (an original a revisit points to), as a one-item
    iterator; empty if it cannot be read. Consume it before using `f` again."""
    stream = framing.open_at(f, layout, offset)
    try:
        for record in _OPENERS[reader](stream, layout):
            if record.offset == offset:
                yield record
            return
    except ReadError as exc:
        logger.warning("Cannot read the record at offset %d: %s", offset, exc)
