"""A WARC record -> the extractor's inputs (URL, body, headers, status, date, address).

`Block` reads one record's block (the HTTP head first, the body only when it is wanted),
checking that it is as long as it says and, with --verify-digests, its digests.
`capture()` decides whether a response becomes a page: HTML, or a redirect (a redirect is
a link, kind `redirect`, as in a crawl); anything else is counted, not extracted. What is
dropped raises `Skip` (a deliberate choice, counted under skipped/*) or `RecordError`
(damage, counted under errors/*).
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pipelines.extractor import extract
from pipelines.extractor.sniff import html_by_type, is_html
from pipelines.ingest import defaults, digests, http

if TYPE_CHECKING:
    from pipelines.ingest.readers import RawRecord

HEAD_CHUNK = 16 * 1024
_COMPACT_DATE = re.compile(r"^(\d{14})(\d*)$")


class Skip(Exception):
    """A record that is deliberately not extracted; `kind` names its skipped/* counter."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class RecordError(Exception):
    """A damaged record; `kind` names its errors/* counter."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Capture:
    """One HTTP response as the extractor takes it, and when and where it was captured."""

    url: str
    fetched_at: datetime
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    ip_address: str | None
    #: The HTTP payload shows by itself that it is all there (http.whole): the page is kept
    #: even if the record's Content-Length turns out wrong.
    whole: bool = False


class Block:
    """Reads one record's block once: the HTTP head, then (if wanted) the rest."""

    def __init__(self, record: RawRecord, *, verify: bool, payload_digest: bool = True) -> None:
        self.record = record
        self.read_bytes = 0
        self.ended = False
        self.buffer = b""
        http_block = (record.header("Content-Type") or "").lower().startswith("application/http")
        self.checker = (digests.Checker(record.header("WARC-Block-Digest"), record.header("WARC-Payload-Digest"),
                                        payload=payload_digest, http=http_block)
                        if verify else None)
        if self.checker is not None and not self.checker.active:
            self.checker = None

    def _read(self, size: int) -> bytes:
        data = self.record.read(size)
        if not data:
            self.ended = True
        self.read_bytes += len(data)
        if self.checker is not None and data:
            self.checker.feed(data)
        return data

    def head(self) -> http.HttpHead:
        """The HTTP status line and headers at the start of the block."""
        while True:
            try:
                head = http.parse_head(self.buffer)
            except http.HttpError as exc:
                raise RecordError(exc.kind, str(exc)) from None
            if head is not None:
                if self.checker is not None:
                    self.checker.start_payload(head.size)
                return head
            chunk = self._read(HEAD_CHUNK)
            if not chunk:
                self._check_complete()
                raise RecordError("http", "the block ends inside the HTTP head")
            self.buffer += chunk

    def rest(self, head: http.HttpHead) -> bytes:
        """The payload: the block after the HTTP head, all of it (RecordError if short)."""
        if (self.record.content_length or 0) > defaults.MAX_BODY + defaults.MAX_HEADER:
            raise Skip("too_large")
        payload = self.buffer[head.size :] + self._read(-1)
        self._read(-1)  # a reader may hand out a block in pieces: make sure it is all here
        self._check_complete()
        return payload

    def all(self) -> bytes:
        """The whole block (no HTTP head expected), all of it (RecordError if short)."""
        data = self.buffer + self._read(-1)
        self._read(-1)
        self._check_complete()
        return data

    def finish(self) -> tuple[bool | None, bool | None]:
        """Read what is left when digests are checked; (block ok, payload ok)."""
        if self.checker is None:
            return None, None
        while not self.ended:
            self._read(defaults.SCAN_WINDOW)
        return self.checker.results()

    def _check_complete(self) -> None:
        declared = self.record.content_length
        if declared is None:
            raise RecordError("malformed", "no Content-Length")
        if self.read_bytes < declared:
            raise RecordError("truncated", f"block of {self.read_bytes} bytes, {declared} declared")


def target_uri(record: RawRecord) -> str | None:
    """WARC-Target-URI without the `<...>` of WARC/1.1 drafts, spaces escaped (as warcio)."""
    uri = record.header("WARC-Target-URI")
    if not uri:
        return None
    uri = uri.strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()
    return uri.replace(" ", "%20")


def parse_date(text: str | None) -> datetime | None:
    """A WARC-Date (ISO 8601, with or without fraction; or the 14 digits of WARC 0.1x)."""
    if not text:
        return None
    text = text.strip()
    compact = _COMPACT_DATE.match(text)
    try:
        when = datetime.strptime(compact.group(1), "%Y%m%d%H%M%S") if compact else datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def capture_date(record: RawRecord, head: http.HttpHead | None) -> datetime:
    """WARC-Date, else the HTTP Date header (ClueWeb09 writes impossible WARC-Dates)."""
    when = parse_date(record.header("WARC-Date"))
    if when is None and head is not None and head.get("date"):
        try:
            when = email.utils.parsedate_to_datetime(head.get("date") or "")
        except (TypeError, ValueError):
            when = None
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    if when is None:
        raise RecordError("date", f"no valid WARC-Date ({record.header('WARC-Date')!r}) nor HTTP Date")
    return when


def wanted(head: http.HttpHead) -> bool | None:
    """Whether a response with this head becomes a page: True (HTML or redirect), False
    (another type), None (no Content-Type, an unknown one or XML: the body decides, as in
    a crawl; pipelines/extractor/sniff.py)."""
    if 300 <= head.status < 400 and head.get("location"):
        return True
    return html_by_type(head.get("content-type"))


def http_target(record: RawRecord) -> str:
    """The record's http(s) target URI; Skip("non_http") for dns:, ftp:, whois: ..."""
    uri = target_uri(record)
    if not uri or not uri.lower().startswith(("http://", "https://")):
        raise Skip("non_http")
    return uri


def capture(record: RawRecord, block: Block) -> Capture:
    """The capture of a `response` record (Skip or RecordError when there is none)."""
    url = http_target(record)
    if record.header("WARC-Truncated"):
        raise Skip("warc_truncated")  # the writer cut the payload: no partial page
    head = block.head()
    keep = wanted(head)
    if keep is False:
        raise Skip("non_html")
    payload = block.rest(head)
    body = decoded_body(head, payload)
    if keep is None and not is_html(head.get("content-type"), body):
        raise Skip("non_html")
    return Capture(url, capture_date(record, head), head.status, head.headers, body,
                   ip_address(record), http.whole(head, payload))


def decoded_body(head: http.HttpHead, payload: bytes) -> bytes:
    try:
        return http.decode_body(head, payload)
    except http.HttpError as exc:
        if exc.kind == "too_large":
            raise Skip("too_large") from None
        raise RecordError(exc.kind, str(exc)) from None


def ip_address(record: RawRecord) -> str | None:
    value = record.header("WARC-IP-Address")
    return value.strip() or None if value else None


def source(prefix: str, name: str, offset: int) -> str:
    """The `source` column: `warc:<file name>@<offset>` (or `wat:...`)."""
    return f"{prefix}:{name}@{offset}"


def ingest_columns(crawl_id: str, fetched_at: datetime, source_value: str) -> dict[str, Any]:
    """The columns ingest sets on every row (the crawl's `crawl`, `fetched_at`, `source`)."""
    return {"crawl_id": crawl_id, "fetched_at": fetched_at, "source": source_value}


def extract_rows(capture: Capture, *, crawl_id: str, source_value: str, warc_file: str,
                 offset: int, private_suffixes: bool) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """(page row, link rows, warnings) of a capture, with every column ingest sets
    (warc_length stays None until the record's end is known)."""
    result = extract(capture.url, capture.body, capture.headers, status=capture.status,
                     ip_address=capture.ip_address, private_suffixes=private_suffixes)
    columns = ingest_columns(crawl_id, capture.fetched_at, source_value)
    page = result.page
    page.update(columns, depth=None, error=None, warc_file=warc_file, warc_offset=offset, warc_length=None)
    for link in result.links:
        link.update(columns)
    return page, result.links, len(result.errors)
