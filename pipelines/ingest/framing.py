"""How a WARC file is laid out, and how to find a record boundary in it without a reader.

Three layouts:

- `plain`: an uncompressed WARC. Offsets are file offsets.
- `gzip-records`: one gzip member per record (the norm: Common Crawl, Heritrix, warcio,
  our own crawl). Offsets are file offsets of the members, so one record can be read
  alone and a damaged member skipped, and a large file can be split into byte ranges.
- `gzip-stream`: any other gzip file (the whole file one member, or records split across
  members). It is read as one stream; offsets count uncompressed bytes, and a record is
  found again only by decompressing from the start (../shared/DESIGN.md, "WARC ingest reads what
  the format allows").

The readers (readers.py) parse records; this module is what lets the ingest recover: the
next boundary after a damaged spot (`next_boundary`) and whether a record ends where its
Content-Length says (`record_end`).
"""

from __future__ import annotations

import gzip
import re
import zlib
from typing import TYPE_CHECKING

from pipelines.ingest import defaults

if TYPE_CHECKING:
    from typing import BinaryIO

PLAIN = "plain"
GZIP_RECORDS = "gzip-records"
GZIP_STREAM = "gzip-stream"

GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD_START = re.compile(rb"WARC/[0-9]+\.[0-9]+\r?\n")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length[ \t]*:[ \t]*([0-9]+)[ \t]*\r?$")


class NotWarc(ValueError):
    """A file that does not start with a WARC record (an ARC file, a stray JSON...)."""


def detect(f: BinaryIO) -> str:
    """The layout of the WARC file `f` (read from its start; left at an unknown position).

    A gzip file is `gzip-records` when its first member holds exactly its first record,
    else `gzip-stream`. A first member that never ends (a truncated file) counts as
    `gzip-records`: the one record it starts is then all there is to read. NotWarc if the
    file does not start with a WARC record.
    """
    f.seek(0)
    head = f.read(defaults.MAX_HEADER)
    if not head.startswith(GZIP_MAGIC[:2]):
        _check_start(head)
        return PLAIN
    try:
        _check_start(zlib.decompressobj(31).decompress(head, 64))
    except zlib.error as exc:
        raise NotWarc(f"not a gzip'd WARC file: {exc}") from None
    f.seek(0)
    first = _first_member(f)
    if first is None:
        return GZIP_RECORDS
    header_len, block_len, member_len = first
    if header_len is None or member_len < header_len + block_len:
        return GZIP_STREAM  # the record goes on in the next member
    slack = member_len - header_len - block_len
    return GZIP_RECORDS if slack <= defaults.MAX_TRAILER else GZIP_STREAM


def _check_start(data: bytes) -> None:
    if not _RECORD_START.match(data):
        raise NotWarc(f"not a WARC file: it starts with {data[:20]!r}")


def _first_member(f: BinaryIO) -> tuple[int | None, int, int] | None:
    """(WARC header length, Content-Length, decompressed length) of the member at the
    current position; None if the member does not end before the data does."""
    inflater = zlib.decompressobj(31)
    head = b""
    total = 0
    while not inflater.eof:
        chunk = f.read(defaults.SCAN_WINDOW)
        if not chunk:
            return None
        try:
            out = inflater.decompress(chunk)
        except zlib.error:
            return None
        total += len(out)
        if len(head) < defaults.MAX_HEADER:
            head += out[: defaults.MAX_HEADER - len(head)]
    header_len, block_len = parse_header_lengths(head)
    return header_len, block_len or 0, total


def parse_header_lengths(data: bytes) -> tuple[int | None, int | None]:
    """(length of the WARC header with its blank line, Content-Length) of a record that
    starts at `data[0]`; None for what cannot be found."""
    if not _RECORD_START.match(data):
        return None, None
    end = _HEADER_END.search(data)
    if end is None:
        return None, None
    match = _CONTENT_LENGTH.search(data, 0, end.start() + 2)
    return end.end(), int(match.group(1)) if match else None


def open_at(f: BinaryIO, layout: str, offset: int) -> BinaryIO:
    """A stream of the WARC records from `offset` on (decompressed for gzip-stream, whose
    offsets count uncompressed bytes); its `tell()` speaks the layout's offsets."""
    if layout != GZIP_STREAM:
        f.seek(offset)
        return f
    f.seek(0)
    stream = gzip.GzipFile(fileobj=f, mode="rb")
    stream.seek(offset)
    return stream  # type: ignore[return-value]


def next_boundary(f: BinaryIO, layout: str, offset: int) -> int | None:
    """The offset of the first record that starts at or after `offset`, or None.

    gzip-records: a member whose data inflates to `WARC/x.y`; otherwise a `WARC/x.y` line
    whose header block has a Content-Length. A damaged gzip-stream cannot be re-entered
    past the damage (deflate has no sync points): None there.
    """
    if layout == GZIP_RECORDS:
        return _scan(open_at(f, layout, offset), offset, GZIP_MAGIC, _is_member_start)
    try:
        return _scan(open_at(f, layout, offset), offset, b"WARC/", _is_header_start)
    except (OSError, EOFError, zlib.error):
        return None  # gzip-stream: the stream breaks before another record starts


def _scan(stream: BinaryIO, offset: int, needle: bytes, check) -> int | None:
    """Scan forward from `offset` for `needle` where `check(window, i)` holds."""
    window = stream.read(defaults.SCAN_WINDOW)
    base = offset
    while window:
        i = window.find(needle)
        while i >= 0:
            if len(window) - i < defaults.MAX_HEADER:
                more = stream.read(defaults.SCAN_WINDOW)
                if more:
                    window += more
                    continue
            if check(window, i):
                return base + i
            i = window.find(needle, i + 1)
        keep = len(needle) - 1
        base += len(window) - keep
        more = stream.read(defaults.SCAN_WINDOW)
        window = window[-keep:] + more if more else b""
    return None


def _is_member_start(window: bytes, i: int) -> bool:
    try:
        out = zlib.decompressobj(31).decompress(window[i : i + defaults.MAX_HEADER], 16)
    except zlib.error:
        return False
    return bool(_RECORD_START.match(out))


def _is_header_start(window: bytes, i: int) -> bool:
    if i > 0 and window[i - 1 : i] != b"\n":
        return False
    header_len, block_len = parse_header_lengths(window[i : i + defaults.MAX_HEADER])
    return header_len is not None and block_len is not None


def record_end(f: BinaryIO, layout: str, offset: int) -> int | None:
    """Where the record at `offset` ends if it is framed as the format says (exactly
    Content-Length bytes of block, then the blank lines, then for gzip-records the end of
    its member); None if it is not."""
    try:
        if layout == GZIP_RECORDS:
            return _member_record_end(f, offset)
        return _stream_record_end(open_at(f, layout, offset), offset)
    except (OSError, EOFError, zlib.error):
        return None


def declared_end(f: BinaryIO, layout: str, offset: int) -> int | None:
    """Where the block of the record at `offset` ends by its Content-Length alone, in a
    plain or gzip-stream file (None for gzip-records, whose members frame the records, or
    when the header cannot be read): the end of a record that `record_end` finds wrongly
    framed, so that what follows it is damage after it."""
    if layout == GZIP_RECORDS:
        return None
    try:
        header_len, block_len = parse_header_lengths(open_at(f, layout, offset).read(defaults.MAX_HEADER))
    except (OSError, EOFError, zlib.error):
        return None
    return None if header_len is None or block_len is None else offset + header_len + block_len


def _stream_record_end(stream: BinaryIO, offset: int) -> int | None:
    head = stream.read(defaults.MAX_HEADER)
    header_len, block_len = parse_header_lengths(head)
    if header_len is None or block_len is None:
        return None
    end = header_len + block_len  # where the blank lines must be
    trailer = head[end : end + 4]
    skip = end - len(head)
    while skip > 0:
        chunk = stream.read(min(defaults.SCAN_WINDOW, skip))
        if not chunk:
            return None
        skip -= len(chunk)
    if len(trailer) < 4:
        trailer += stream.read(4 - len(trailer))
    if trailer == b"\r\n\r\n":
        return offset + end + 4
    # The last record of a file may end with fewer (or odd) line breaks: nothing is lost.
    rest = trailer + stream.read(defaults.MAX_TRAILER)
    if len(rest) <= defaults.MAX_TRAILER and not rest.strip(b"\r\n") and not stream.read(1):
        return offset + end + len(rest)
    return None


def _member_record_end(f: BinaryIO, offset: int) -> int | None:
    f.seek(offset)
    inflater = zlib.decompressobj(31)
    head, total, consumed, tail = b"", 0, 0, b""
    while not inflater.eof:
        chunk = f.read(defaults.SCAN_WINDOW)
        if not chunk:
            return None
        out = inflater.decompress(chunk)
        consumed += len(chunk)
        total += len(out)
        tail = (tail + out)[-defaults.MAX_TRAILER :]
        if len(head) < defaults.MAX_HEADER:
            head += out[: defaults.MAX_HEADER - len(head)]
    header_len, block_len = parse_header_lengths(head)
    if header_len is None or block_len is None:
        return None
    slack = total - header_len - block_len
    if not 0 <= slack <= defaults.MAX_TRAILER or tail[len(tail) - slack :].strip(b"\r\n"):
        return None
    return offset + consumed - len(inflater.unused_data)


def member_records(f: BinaryIO, offset: int) -> tuple[int, bytes] | None:
    """For a gzip member at `offset` that holds more than one record (a file gzip'd per
    record but for this member): (where the member ends, its decompressed bytes after the
    first record). None for any other member, or one over MAX_MEMBER bytes."""
    f.seek(offset)
    inflater = zlib.decompressobj(31)
    out, size, consumed = [], 0, 0
    try:
        while not inflater.eof:
            chunk = f.read(defaults.SCAN_WINDOW)
            if not chunk:
                return None
            consumed += len(chunk)
            out.append(inflater.decompress(chunk, defaults.MAX_MEMBER + 1 - size))
            size += len(out[-1])
            if size > defaults.MAX_MEMBER:
                return None
    except zlib.error:
        return None
    data = b"".join(out)
    header_len, block_len = parse_header_lengths(data)
    if header_len is None or block_len is None:
        return None
    rest = data[header_len + block_len :].lstrip(b"\r\n")
    if not _RECORD_START.match(rest):
        return None
    return offset + consumed - len(inflater.unused_data), rest
