"""The HTTP message inside a WARC response or revisit record: status, headers, body.

WARC writers differ in what they keep: our crawl and Common Crawl store the decoded body
(CC renames the transfer headers to X-Crawler-*), wget, Heritrix and warcprox store the
bytes as they came, chunked and gzip'd. The body handed to the extractor is what a browser
(and Scrapy) would have decoded: de-chunked, then content-decoded, capped at MAX_BODY.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import brotli

from pipelines.ingest import defaults

_STATUS = re.compile(rb"HTTP/[0-9.]+[ \t]+([0-9]{3})(?:[ \t]|$)")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_CHUNK_SIZE = re.compile(rb"[ \t]*([0-9A-Fa-f]+)[ \t]*(?:;[^\r\n]*)?\r?\n")


class HttpError(ValueError):
    """The HTTP message cannot be read; `kind` names the counter (chunking, encoding...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class HttpHead:
    status: int
    headers: list[tuple[str, str]]
    size: int  # bytes of the status line, headers and blank line

    def get(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


def parse_head(data: bytes) -> HttpHead | None:
    """The status line and headers at the start of `data`; None until `data` holds the
    whole head. HttpError if it is no HTTP response head."""
    end = _HEAD_END.search(data, 0, defaults.MAX_HEADER + 4)
    if end is None:
        if len(data) > defaults.MAX_HEADER:
            raise HttpError("http", "HTTP header block longer than MAX_HEADER")
        return None
    lines = data[: end.start()].decode("latin-1").splitlines()
    match = _STATUS.match(lines[0].encode("latin-1")) if lines else None
    if match is None:
        raise HttpError("http", f"no HTTP status line: {lines[0][:80] if lines else ''!r}")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:  # obsolete line folding
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers.append((name.strip(), value.strip()))
    return HttpHead(int(match.group(1)), headers, end.end())


def decode_body(head: HttpHead, body: bytes) -> bytes:
    """The body as the extractor should see it: de-chunked when it is chunked, then
    decoded by its Content-Encoding. HttpError (kind chunking/encoding/too_large) if not."""
    if "chunked" in (head.get("transfer-encoding") or "").lower() and not _is_markup(body):
        body = dechunk(body)  # unless a writer stored it de-chunked under the old header
    for coding in reversed([c.strip().lower() for c in (head.get("content-encoding") or "").split(",")]):
        if coding in ("", "identity", "none") or _already_decoded(coding, body):
            continue
        body = _decode(coding, body)
    if len(body) > defaults.MAX_BODY:
        raise HttpError("too_large", f"body of {len(body)} bytes is over MAX_BODY")
    return body


def whole(head: HttpHead, payload: bytes) -> bool:
    """Whether the payload shows by itself that it is all there, whatever the WARC record
    around it says: a chunked body up to its last chunk, a gzip/deflate/br body whose
    compressed stream ends, or a body of exactly its Content-Length. A record whose
    Content-Length is wrong keeps its page only then (worker.py): no partial page."""
    if "chunked" in (head.get("transfer-encoding") or "").lower() and not _is_markup(payload):
        try:
            dechunk(payload)
        except HttpError:
            return False
        return True
    codings = [c.strip().lower() for c in (head.get("content-encoding") or "").split(",")]
    outer = next((c for c in reversed(codings) if c not in ("", "identity", "none")), None)
    if outer is not None and not _already_decoded(outer, payload) and not _is_markup(payload):
        return _stream_ends(outer, payload)
    length = (head.get("content-length") or "").strip()
    return length.isdigit() and int(length) == len(payload)


def _stream_ends(coding: str, payload: bytes) -> bool:
    """Whether a compressed payload's stream reaches its end. For gzip and zlib, the end of
    the deflate data: a trailer (checksum and size) cut short loses nothing of the body."""
    if coding == "br":
        decoder = brotli.Decompressor()
        try:
            decoder.process(payload, output_buffer_limit=defaults.MAX_BODY + 1)
        except brotli.error:
            return False
        return decoder.is_finished()
    if coding not in ("gzip", "x-gzip", "deflate"):
        return False
    start = _gzip_header_size(payload)
    if start is None:  # zlib (RFC 1950: a 2-byte header), as servers send "deflate" or raw deflate
        start = 2 if len(payload) >= 2 and payload[0] & 0x0F == 8 and int.from_bytes(payload[:2]) % 31 == 0 else 0
    inflater = zlib.decompressobj(-15)
    data = payload[start:]
    try:
        while data and not inflater.eof:
            inflater.decompress(data, defaults.SCAN_WINDOW)
            data = inflater.unconsumed_tail
    except zlib.error:
        return False
    return inflater.eof


def _gzip_header_size(data: bytes) -> int | None:
    """The length of the gzip member header at the start of `data` (RFC 1952), or None."""
    if len(data) < 10 or not data.startswith(b"\x1f\x8b\x08"):
        return None
    flags, position = data[3], 10
    if flags & 4:  # FEXTRA: a length, then that many bytes
        position += 2 + int.from_bytes(data[position : position + 2], "little")
    for flag in (8, 16):  # FNAME, FCOMMENT: zero-terminated
        if flags & flag:
            end = data.find(b"\0", position)
            if end < 0:
                return None
            position = end + 1
    if flags & 2:  # FHCRC
        position += 2
    return position if position <= len(data) else None


def _is_markup(body: bytes) -> bool:
    return body[:64].lstrip().startswith(b"<")


def dechunk(body: bytes) -> bytes:
    """The data of a chunked body; HttpError("chunking") when a chunk is malformed."""
    out: list[bytes] = []
    pos = 0
    while True:
        match = _CHUNK_SIZE.match(body, pos)
        if match is None:
            raise HttpError("chunking", f"bad chunk size line at body byte {pos}")
        size = int(match.group(1), 16)
        start = match.end()
        if size == 0:
            return b"".join(out)
        if start + size > len(body):
            raise HttpError("chunking", f"chunk of {size} bytes runs past the body end")
        out.append(body[start : start + size])
        pos = start + size
        if body[pos : pos + 2] == b"\r\n":
            pos += 2
        elif body[pos : pos + 1] == b"\n":
            pos += 1
        else:
            raise HttpError("chunking", f"chunk not followed by CRLF at body byte {pos}")


def _already_decoded(coding: str, body: bytes) -> bool:
    """Whether a writer kept a gzip Content-Encoding header but stored the decoded body (as
    ClueWeb09 and some proxies do): gzip data always starts with its magic number."""
    return coding in ("gzip", "x-gzip") and not body.startswith(b"\x1f\x8b")


def _decode(coding: str, body: bytes) -> bytes:
    try:
        if coding in ("gzip", "x-gzip"):
            return _inflate(body, 47)  # gzip or zlib header, auto-detected
        if coding == "deflate":
            try:
                return _inflate(body, 15)
            except zlib.error:
                return _inflate(body, -15)  # raw deflate, as some servers send it
        if coding == "br":
            return _unbrotli(body)
    except (zlib.error, brotli.error) as exc:
        if _is_markup(body):
            return body  # stored decoded under its old header (see _already_decoded)
        raise HttpError("encoding", f"{coding} body does not decode: {exc}") from None
    raise HttpError("encoding", f"unsupported Content-Encoding {coding!r}")


def _inflate(body: bytes, wbits: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(body, defaults.MAX_BODY + 1)
    if len(out) > defaults.MAX_BODY:
        raise HttpError("too_large", "decoded body is over MAX_BODY (decompression bomb?)")
    return out


def _unbrotli(body: bytes) -> bytes:
    decoder = brotli.Decompressor()
    out = decoder.process(body, output_buffer_limit=defaults.MAX_BODY + 1)
    if len(out) > defaults.MAX_BODY:
        raise HttpError("too_large", "decoded body is over MAX_BODY (decompression bomb?)")
    return out
