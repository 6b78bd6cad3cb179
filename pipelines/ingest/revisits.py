"""Revisit records: a capture whose payload was the same as an earlier one (deduplication).

A revisit resolves to its original when the original is in the same input: then it is a
capture of its own, at its own date, with the original's body (its links seen again),
under the revisit's URL, source and record (../shared/DESIGN.md: never a second copy of the
original's rows). An original is found by WARC-Refers-To (its record id), by the payload
digest (identical-payload-digest profile) preferring one of the same URL, or by
WARC-Refers-To-Target-URI + WARC-Refers-To-Date. A revisit whose original is not there
(Common Crawl's point to earlier crawls) is counted as unresolved.

A worker resolves what it can in the file range it reads; the rest is deferred: each
worker writes an index of its originals and its deferred revisits as small Parquet files
(under DATA/ingest/crawl=<id>/), and `resolve_deferred` joins them once all ranges are
read, across every file ingested into the crawl, this run or an earlier one.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipelines.ingest import digests
from pipelines.ingest.records import Capture, parse_date, target_uri

if TYPE_CHECKING:
    from pipelines.ingest.http import HttpHead
    from pipelines.ingest.readers import RawRecord

_ts = pa.timestamp("ms", tz="UTC")

#: Where each HTML (or redirect) response of a range is, by the keys a revisit may use.
ORIGINALS = pa.schema([
    ("file_key", pa.string()), ("offset", pa.int64()), ("record_id", pa.string()),
    ("payload_digest", pa.string()), ("target_uri", pa.string()), ("date", pa.string()),
])
#: A revisit its worker could not resolve, with what its page row needs.
DEFERRED = pa.schema([
    ("file_key", pa.string()), ("name", pa.string()), ("warc_file", pa.string()),
    ("offset", pa.int64()), ("length", pa.int64()), ("url", pa.string()), ("fetched_at", _ts),
    ("ip_address", pa.string()), ("status", pa.int16()),
    ("headers", pa.list_(pa.list_(pa.string()))),
    ("refers_to", pa.string()), ("refers_to_uri", pa.string()), ("refers_to_date", pa.string()),
    ("payload_digest", pa.string()),
])


@dataclass(frozen=True)
class Reference:
    """What a revisit says about its original."""

    refers_to: str | None
    payload_digest: str | None
    uri: str | None
    date: str | None


def canonical_digest(text: str | None) -> str | None:
    """A payload digest as `algorithm:hex`, whatever base it was written in."""
    parsed = digests.parse(text)
    if parsed is None:
        return None
    algorithm, value = parsed
    for decode in (lambda v: base64.b32decode(v.upper() + "=" * (-len(v) % 8)), bytes.fromhex,
                   lambda v: base64.b64decode(v + "=" * (-len(v) % 4), validate=True),
                   lambda v: base64.urlsafe_b64decode(v + "=" * (-len(v) % 4))):
        try:
            return f"{algorithm}:{decode(value).hex()}"
        except (binascii.Error, ValueError):
            continue
    return f"{algorithm}:{value}"


def normal_date(text: str | None) -> str | None:
    when = parse_date(text)
    return when.isoformat() if when else None


def reference(record: RawRecord) -> Reference:
    uri = record.header("WARC-Refers-To-Target-URI")
    return Reference(
        refers_to=(record.header("WARC-Refers-To") or "").strip() or None,
        payload_digest=canonical_digest(record.header("WARC-Payload-Digest")),
        uri=uri.strip().strip("<>") if uri else target_uri(record),
        date=normal_date(record.header("WARC-Refers-To-Date")),
    )


def original_row(record: RawRecord, file_key: str, url: str) -> dict[str, Any]:
    """The originals-index row of a response record."""
    return {"file_key": file_key, "offset": record.offset,
            "record_id": (record.header("WARC-Record-ID") or "").strip() or None,
            "payload_digest": canonical_digest(record.header("WARC-Payload-Digest")),
            "target_uri": url, "date": normal_date(record.header("WARC-Date"))}


class OriginalIndex:
    """Originals by the keys a revisit may use -> where each is (any value: an offset in a
    worker's own file, or (file key, offset) when resolving across files)."""

    def __init__(self) -> None:
        self.by_id: dict[str, Any] = {}
        self.by_digest: dict[str, dict[str | None, Any]] = {}
        self.by_uri_date: dict[tuple[str, str], Any] = {}

    def add(self, row: dict[str, Any], value: Any = None) -> None:
        value = row["offset"] if value is None else value
        if row["record_id"]:
            self.by_id.setdefault(row["record_id"], value)
        if row["payload_digest"]:
            self.by_digest.setdefault(row["payload_digest"], {}).setdefault(row["target_uri"], value)
        if row["target_uri"] and row["date"]:
            self.by_uri_date.setdefault((row["target_uri"], row["date"]), value)

    def find(self, ref: Reference) -> Any:
        if ref.refers_to and ref.refers_to in self.by_id:
            return self.by_id[ref.refers_to]
        same = self.by_digest.get(ref.payload_digest or "")
        if same:
            return same.get(ref.uri, next(iter(same.values())))
        if ref.uri and ref.date:
            return self.by_uri_date.get((ref.uri, ref.date))
        return None


def revisit_capture(url: str, when: Any, ip: str | None, head: HttpHead | None, original: Capture) -> Capture:
    """The revisit as a capture of its own: its URL, date and address, the original's body;
    its own status and headers when it has them (a 304 keeps the original's)."""
    if head is None or head.status == 304:
        status, headers = original.status, original.headers
    else:
        status, headers = head.status, list(head.headers)
        if head.get("content-type") is None and original.headers:
            headers += [(k, v) for k, v in original.headers if k.lower() == "content-type"]
    return Capture(url, when, status, headers, original.body, ip)


def deferred_row(record: RawRecord, ref: Reference, *, file_key: str, name: str, warc_file: str,
                 url: str, when: Any, ip: str | None, head: HttpHead | None) -> dict[str, Any]:
    return {
        "file_key": file_key, "name": name, "warc_file": warc_file, "offset": record.offset,
        "length": None, "url": url, "fetched_at": when, "ip_address": ip,
        "status": head.status if head else None,
        "headers": [[k, v] for k, v in head.headers] if head else None,
        "refers_to": ref.refers_to, "refers_to_uri": ref.uri, "refers_to_date": ref.date,
        "payload_digest": ref.payload_digest,
    }
