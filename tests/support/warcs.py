"""WARC files for ingest tests, built with warcio from the real pages of ../shared/corpus.

    pages = corpus_pages(20)                     # (url, html bytes), real pages nobody here wrote
    offsets = write_warc(path, responses(pages))  # one record per item; returns record offsets
    rows = ingested(data, "c1")                  # the pages and links tables of a crawl id
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support.corpus import CORPUS, ROOT, need_corpus  # noqa: F401  (re-exported for the ingest tests)

WARC_CORPUS = CORPUS / "warc"
PAGE_SETS = ("mozilla-readability", "article-extraction-benchmark", "trafilatura")
T0 = datetime(2024, 5, 18, 1, 58, 10, tzinfo=UTC)



def corpus_pages(count: int | None = None, sets: tuple[str, ...] = PAGE_SETS) -> list[tuple[str, bytes]]:
    """(URL, raw HTML) of real pages from the corpus, in manifest order, `count` of them.
    A URL already taken (readability's pages all claim http://fakehost/test/page.html)
    gets a query naming its file."""
    pages: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for name in sets:
        folder = need_corpus("pages", name)
        for line in (folder / "manifest.jsonl").read_text().splitlines():
            meta = json.loads(line)
            url = meta["url"]
            if not url.startswith(("http://", "https://")):
                continue
            if url in seen:
                url = f"{url}?file={meta['file'].split('.')[0]}"
            seen.add(url)
            pages.append((url, gzip.decompress((folder / meta["file"]).read_bytes())))
            if count is not None and len(pages) >= count:
                return pages
    return pages


@dataclass
class Rec:
    """One record to write: a response unless `type` says otherwise."""

    url: str
    body: bytes = b""
    type: str = "response"
    status: str = "200 OK"
    headers: list[tuple[str, str]] = field(default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")])
    date: datetime = T0
    warc_headers: dict[str, str] = field(default_factory=dict)
    http: bool = True


def responses(pages: list[tuple[str, bytes]], start: datetime = T0) -> list[Rec]:
    return [Rec(url, body, date=start + timedelta(seconds=i)) for i, (url, body) in enumerate(pages)]


def record_bytes(rec: Rec, *, gz: bool) -> bytes:
    """One record as written by warcio (digests included)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    warc_headers = {"WARC-Date": rec.date.strftime("%Y-%m-%dT%H:%M:%SZ"), **rec.warc_headers}
    http = None
    if rec.http:
        headers = [*rec.headers, ("Content-Length", str(len(rec.body)))] if rec.type == "response" else rec.headers
        http = StatusAndHeaders(rec.status, headers, protocol="HTTP/1.1")
    if rec.type == "revisit":
        record = writer.create_warc_record(rec.url, "revisit", payload=io.BytesIO(b""), length=0,
                                           http_headers=http, warc_headers_dict=warc_headers)
    else:
        record = writer.create_warc_record(rec.url, rec.type, payload=io.BytesIO(rec.body),
                                           length=len(rec.body), http_headers=http,
                                           warc_headers_dict=warc_headers)
    writer.write_record(record)
    return out.getvalue()


def write_warc(path: Path, records: list[Rec], *, gz: bool = True) -> list[int]:
    """Write `records`; return each record's offset, then the file size."""
    offsets, data = [], b""
    for rec in records:
        offsets.append(len(data))
        data += record_bytes(rec, gz=gz)
    path.write_bytes(data)
    return [*offsets, len(data)]


def table(data: Path, name: str, crawl_id: str) -> list[dict[str, Any]]:
    """Every row of one table of one crawl (empty if none was written)."""
    files = sorted((data / name / f"crawl={crawl_id}").glob("part-*.parquet"))
    return pq.read_table(files, partitioning=None).to_pylist() if files else []


def without(rows: list[dict[str, Any]], *columns: str) -> list[tuple]:
    """The rows as sorted tuples, leaving out `columns`: for multiset comparisons."""
    return sorted(tuple((k, repr(v)) for k, v in sorted(r.items()) if k not in columns) for r in rows)
