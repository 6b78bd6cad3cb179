"""Benchmark of WARC ingest on a generated WARC of real pages (not part of the test run).

    .venv/bin/python tests/bench/bench_ingest.py [--size-mb 500] [--dir DIR] [--keep]

Writes a gzip-per-record WARC of at least `size-mb` MB (compressed, as Common Crawl ships
them): a request and a response record per page, the responses being the real pages of
../shared/corpus/pages (readability, the article-extraction benchmark, trafilatura) under
varied URLs (each copy on its own host, so links resolve to many domains). Then it times:

- the WARC reader alone iterating the file and reading every block (fastwarc, warcio):
  the floor any ingest pays;
- `ingest()` with one worker, and with one worker per core (the file is then read in byte
  ranges): MB/s of the file and pages/s, and the same per CPU second (what a core does,
  whatever else runs on the machine), and the ratio of its CPU time to the reader's alone
  (how much extraction and Parquet storing add).

The generated file and the data written are deleted at the end unless --keep.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
SETS = ("mozilla-readability", "article-extraction-benchmark", "trafilatura")
T0 = datetime(2024, 5, 18, tzinfo=UTC)


def load_pages() -> list[tuple[str, bytes]]:
    pages = []
    for name in SETS:
        folder = CORPUS / name
        for line in (folder / "manifest.jsonl").read_text().splitlines():
            meta = json.loads(line)
            if meta["url"].startswith(("http://", "https://")):
                pages.append((meta["url"], gzip.decompress((folder / meta["file"]).read_bytes())))
    return pages


def varied(url: str, copy: int) -> str:
    """The page's URL on a host of its own for this copy (`s<copy>.<host>`)."""
    parts = urlsplit(url)
    host = f"s{copy}.{parts.hostname}" if parts.hostname else f"s{copy}.example.com"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    return urlunsplit((parts.scheme, host, path, quote(parts.query, safe="=&%/:+,;@!$'()*-._~"), ""))


def _digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def _record(kind: str, url: str, date: str, block: bytes, payload: bytes, extra: str = "") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nWARC-Target-URI: {url}\r\n{extra}"
            f"Content-Type: application/http; msgtype={kind}\r\n"
            f"WARC-Block-Digest: {_digest(block)}\r\nWARC-Payload-Digest: {_digest(payload)}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    return z.compress(head + block + b"\r\n\r\n") + z.flush()


def _pair(url: str, body: bytes, when: datetime) -> bytes:
    date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = urlsplit(url)
    request = (f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\n"
               f"Host: {parts.hostname}\r\nUser-Agent: backlinks-bench\r\n\r\n").encode()
    response = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body)) + body
    return (_record("response", url, date, response, body, "WARC-IP-Address: 192.0.2.1\r\n")
            + _record("request", url, date, request, b""))


def _write_part(args: tuple[str, int, int, int]) -> tuple[int, int]:
    path, first_copy, step, target = args
    pages = load_pages()
    written = count = 0
    copy = first_copy
    with open(path, "wb") as f:
        while written < target:
            for i, (url, body) in enumerate(pages):
                data = _pair(varied(url, copy), body, T0 + timedelta(seconds=copy * len(pages) + i))
                f.write(data)
                written += len(data)
                count += 1
            copy += step
    return written, count


def generate(path: Path, size: int, procs: int) -> int:
    """Write the WARC (in `procs` pieces at once, then joined: gzip members concatenate)."""
    pieces = [f"{path}.{i}" for i in range(procs)]
    with multiprocessing.get_context("spawn").Pool(procs) as pool:
        done = pool.map(_write_part, [(p, i, procs, size // procs + 1) for i, p in enumerate(pieces)])
    with open(path, "wb") as out:
        for piece in pieces:
            with open(piece, "rb") as f:
                shutil.copyfileobj(f, out, 16 << 20)
            os.unlink(piece)
    return sum(count for _, count in done)


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (pool workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def read_alone(path: Path, reader: str) -> tuple[float, float, int]:
    """(seconds, CPU seconds) for the reader to iterate every record and read every block."""
    start, cpu = time.perf_counter(), cpu_seconds()
    n = 0
    if reader == "fastwarc":
        from fastwarc.warc import ArchiveIterator

        for record in ArchiveIterator(str(path), parse_http=False):
            record.reader.read()
            n += 1
    else:
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator

        with open(path, "rb") as f:
            for record in WarcioIterator(f, no_record_parse=True):
                record.raw_stream.read()
                n += 1
    return time.perf_counter() - start, cpu_seconds() - cpu, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size-mb", type=int, default=500, help="size of the generated WARC (compressed)")
    parser.add_argument("--dir", type=Path, default=None, help="where to write (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the WARC and the data")
    args = parser.parse_args()

    from pipelines.ingest import ingest

    cores = multiprocessing.cpu_count()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / "bench.warc.gz"
    try:
        t = time.perf_counter()
        pages = generate(path, args.size_mb * 1_000_000, cores)
        size = path.stat().st_size
        print(f"generated {path}: {size / 1e6:,.0f} MB, {pages:,} pages ({2 * pages:,} records) "
              f"in {time.perf_counter() - t:.0f} s", flush=True)
        os.sync()
        load = os.getloadavg()[0]

        rows: list[tuple[str, float, float, int | None, float | None]] = []
        floor = {}
        for reader in ("fastwarc", "warcio"):
            seconds, cpu, records = read_alone(path, reader)
            floor[reader] = cpu
            rows.append((f"{reader} alone", seconds, cpu, None, None))
            print(f"  {reader} iterates {records:,} records in {seconds:.1f} s", flush=True)
        for processes in sorted({1, cores}):
            data = work / f"data-{processes}"
            cpu = cpu_seconds()
            summary = ingest([str(path)], data, "bench", processes=processes)
            cpu = cpu_seconds() - cpu
            assert summary.pages == pages and not summary.errors, summary
            rows.append((f"ingest, {processes} process{'es' if processes > 1 else ''}", summary.seconds, cpu,
                         pages, cpu / floor["fastwarc"]))
            print(f"  ingest with {processes} process(es): {summary.seconds:.1f} s, {summary.links:,} links",
                  flush=True)
            shutil.rmtree(data, ignore_errors=True)

        mb = size / 1e6
        print(f"\nWARC {mb:,.0f} MB gzip'd, {pages:,} HTML pages; {cores} cores "
              f"(load average before the runs: {load:.1f}, after: {os.getloadavg()[0]:.1f})")
        print(f"{'':20} {'seconds':>8} {'MB/s':>7} {'pages/s':>8} {'CPU s':>7} "
              f"{'MB per CPU s':>13} {'pages per CPU s':>16} {'CPU x reader':>13}")
        for name, seconds, cpu, n, ratio in rows:
            pps = f"{n / seconds:8.0f}" if n else " " * 8
            ppc = f"{n / cpu:16.0f}" if n else " " * 16
            print(f"{name:20} {seconds:8.1f} {mb / seconds:7.1f} {pps} {cpu:7.1f} {mb / cpu:13.1f} {ppc} "
                  f"{'' if ratio is None else f'{ratio:13.1f}'}")
    finally:
        if not args.keep:
            path.unlink(missing_ok=True)
            if args.dir is None:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
