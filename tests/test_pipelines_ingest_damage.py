"""Damaged WARCs, built in the test from real corpus pages with warcio and then broken:
every good record still gives its rows, every damaged spot is one counted error, and the
run goes on (both readers).
"""

from __future__ import annotations

import gzip
import zlib

import pytest

from pipelines.ingest import ingest
from tests.support.warcs import Rec, corpus_pages, record_bytes, responses, table, write_warc

READERS = ["fastwarc", "warcio"]
N = 8


@pytest.fixture(scope="module")
def pages():
    return corpus_pages(N, sets=("mozilla-readability",))


@pytest.fixture(scope="module")
def clean(tmp_path_factory, pages):
    """The undamaged file's rows: what each damaged file is compared with."""
    tmp = tmp_path_factory.mktemp("clean")
    write_warc(tmp / "clean.warc.gz", responses(pages))
    ingest([str(tmp / "clean.warc.gz")], tmp / "data", "clean", processes=1)
    return {p["url"]: p for p in table(tmp / "data", "pages", "clean")}, table(tmp / "data", "links", "clean")


def run(tmp_path, data: bytes, reader: str, name: str = "damaged.warc.gz"):
    path = tmp_path / name
    path.write_bytes(data)
    summary = ingest([str(path)], tmp_path / "data", "d", processes=1, reader=reader)
    return summary, table(tmp_path / "data", "pages", "d"), table(tmp_path / "data", "links", "d")


def assert_same_pages(pages, clean, missing=()):
    """The rows of every page not in `missing` are those of the undamaged file."""
    by_url, _ = clean
    assert {p["url"] for p in pages} == set(by_url) - set(missing)
    for page in pages:
        assert page["content_sha1"] == by_url[page["url"]]["content_sha1"]
        assert page["links_internal"] + page["links_external"] == \
            by_url[page["url"]]["links_internal"] + by_url[page["url"]]["links_external"]


def built(pages, *, gz=True):
    recs = responses(pages)
    chunks = [record_bytes(r, gz=gz) for r in recs]
    return chunks, [r.url for r in recs]


@pytest.mark.parametrize("reader", READERS)
def test_a_truncated_file_keeps_every_complete_record(tmp_path, pages, clean, reader):
    chunks, urls = built(pages)
    data = b"".join(chunks)
    summary, got, _ = run(tmp_path, data[: len(data) - len(chunks[-1]) // 2], reader)
    assert summary.errors == {"truncated": 1}
    assert_same_pages(got, clean, missing=[urls[-1]])


@pytest.mark.parametrize("reader", READERS)
def test_a_corrupt_gzip_member_costs_its_record_only(tmp_path, pages, clean, reader):
    chunks, urls = built(pages)
    bad = bytearray(chunks[3])
    for i in range(len(bad) // 2, len(bad) // 2 + 64):
        bad[i] ^= 0x5A
    summary, got, _ = run(tmp_path, b"".join([*chunks[:3], bytes(bad), *chunks[4:]]), reader)
    assert summary.errors == {"malformed": 1}
    assert_same_pages(got, clean, missing=[urls[3]])


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_garbage_between_records_is_skipped(tmp_path, pages, clean, reader, gz):
    chunks, _ = built(pages, gz=gz)
    junk = b"this is not a WARC record\r\n" * 20
    summary, got, _ = run(tmp_path, b"".join([*chunks[:4], junk, *chunks[4:]]), reader,
                          "damaged.warc.gz" if gz else "damaged.warc")
    assert summary.errors == {"malformed": 1}
    assert_same_pages(got, clean)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("delta", [-40, 40], ids=["short", "long"])
def test_a_wrong_content_length_drops_that_record(tmp_path, pages, clean, reader, delta):
    chunks, urls = built(pages, gz=False)
    head, sep, rest = chunks[2].partition(b"\r\n\r\n")
    lines = [line if not line.startswith(b"Content-Length: ") else
             b"Content-Length: %d" % (int(line.split(b": ")[1]) + delta) for line in head.split(b"\r\n")]
    bad = b"\r\n".join(lines) + sep + rest
    summary, got, _ = run(tmp_path, b"".join([*chunks[:2], bad, *chunks[3:]]), reader, "damaged.warc")
    assert summary.errors == {"framing": 1}
    assert_same_pages(got, clean, missing=[urls[2]])


@pytest.mark.parametrize("reader", READERS)
def test_records_sharing_a_gzip_member_are_all_read(tmp_path, pages, clean, reader):
    chunks, _ = built(pages)
    merged = gzip.compress(gzip.decompress(chunks[2]) + gzip.decompress(chunks[3]))
    summary, got, _ = run(tmp_path, b"".join([*chunks[:2], merged, *chunks[4:]]), reader)
    assert summary.errors == {}
    assert summary.stats["recovered/shared_member"] == 1
    assert_same_pages(got, clean)


@pytest.mark.parametrize("reader", READERS)
def test_a_whole_file_gzip_is_read_as_one_stream_with_uncompressed_offsets(tmp_path, pages, clean, reader):
    chunks, _ = built(pages, gz=False)
    plain = b"".join(chunks)
    summary, got, _ = run(tmp_path, gzip.compress(plain), reader)
    assert summary.errors == {}
    assert_same_pages(got, clean)
    offsets = sorted(p["warc_offset"] for p in got)
    assert offsets == [sum(len(c) for c in chunks[:i]) for i in range(len(chunks))]


@pytest.mark.parametrize("reader", READERS)
def test_a_file_cut_inside_a_header_keeps_the_records_before(tmp_path, pages, clean, reader):
    chunks, urls = built(pages, gz=False)
    data = b"".join(chunks[:-1]) + chunks[-1][:60]
    summary, got, _ = run(tmp_path, data, reader, "damaged.warc")
    assert sum(summary.errors.values()) == 1
    assert_same_pages(got, clean, missing=[urls[-1]])


def test_transfer_and_content_encodings_are_decoded_as_a_browser_would(tmp_path, pages, clean):
    """wget and Heritrix keep the bytes as sent: chunked, gzip'd or deflated."""
    recs = []
    for i, (url, body) in enumerate(pages):
        if i % 3 == 0:
            z = gzip.compress(body)
            sent = b"%x\r\n%s\r\n0\r\n\r\n" % (len(z), z)
            headers = [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]
        elif i % 3 == 1:
            sent, headers = zlib.compress(body), [("Content-Encoding", "deflate")]
        else:
            half = len(body) // 2
            sent = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (half, body[:half], len(body) - half, body[half:])
            headers = [("Transfer-Encoding", "chunked")]
        recs.append(Rec(url, sent, headers=[("Content-Type", "text/html; charset=utf-8"), *headers]))
    write_warc(tmp_path / "encoded.warc.gz", recs)
    summary = ingest([str(tmp_path / "encoded.warc.gz")], tmp_path / "data", "e", processes=1)
    assert summary.errors == {}
    assert_same_pages(table(tmp_path / "data", "pages", "e"), clean)


def test_bad_chunking_and_a_decompression_bomb_are_counted_and_skipped(tmp_path, pages, clean):
    url0, body0 = pages[0]
    url1, _ = pages[1]
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb_body = bomb.compress(b"\0" * (64 << 20)) + bomb.flush()  # 64 MiB of zeros in ~64 KiB
    recs = [Rec(url0, b"zz\r\n" + body0, headers=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")]),
            Rec(url1, bomb_body, headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")]),
            *responses(pages[2:])]
    write_warc(tmp_path / "bad.warc.gz", recs)
    summary = ingest([str(tmp_path / "bad.warc.gz")], tmp_path / "data", "b", processes=1)
    assert summary.group("skipped") == {"too_large": 1}
    assert summary.errors == {"chunking": 1}
    assert summary.pages == N - 2
    assert_same_pages(table(tmp_path / "data", "pages", "b"), clean, missing=[url0, url1])


def test_only_html_responses_and_redirects_become_pages(tmp_path, pages):
    url, body = pages[0]
    recs = [
        Rec(url, body),
        Rec("http://example.com/logo.png", b"\x89PNG\r\n\x1a\n", headers=[("Content-Type", "image/png")]),
        Rec("http://example.com/old", b"", status="301 Moved Permanently",
            headers=[("Location", "/new")]),
        Rec("http://example.com/sniffed", b"<!doctype html><a href='/x'>x</a>", headers=[]),
        Rec(url, b"", type="request", status="GET / HTTP/1.1", headers=[("Host", "example.com")]),
        Rec("dns:example.com", b"20240518015810\n93.184.216.34", type="response", http=False),
        Rec(url, body[:500], warc_headers={"WARC-Truncated": "length"}),
        Rec("http://example.com/meta", b"via: crawler", type="metadata", http=False),
    ]
    write_warc(tmp_path / "mixed.warc.gz", recs)
    summary = ingest([str(tmp_path / "mixed.warc.gz")], tmp_path / "data", "m", processes=1)
    assert summary.errors == {}
    assert summary.records == {"metadata": 1, "request": 1, "response": 6}
    assert summary.group("skipped") == {"non_html": 1, "non_http": 1, "warc_truncated": 1}
    got = {p["url"]: p for p in table(tmp_path / "data", "pages", "m")}
    assert set(got) == {url, "http://example.com/old", "http://example.com/sniffed"}
    assert got["http://example.com/old"]["redirect_to"] == "http://example.com/new"
    links = table(tmp_path / "data", "links", "m")
    assert {(r["src_url"], r["kind"], r["dst_url"]) for r in links if r["src_url"] != url} == {
        ("http://example.com/old", "redirect", "http://example.com/new"),
        ("http://example.com/sniffed", "a", "http://example.com/x")}


def test_a_file_that_is_not_a_warc_fails_alone(tmp_path, pages):
    write_warc(tmp_path / "good.warc.gz", responses(pages[:2]))
    (tmp_path / "notes.warc").write_text("these are my notes\n")
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    summary = ingest([str(tmp_path)], tmp_path / "data", "n", processes=1)
    assert (summary.files, summary.files_ingested, summary.files_failed) == (3, 1, 2)
    assert summary.pages == 2


@pytest.mark.parametrize("seed", range(4))
def test_random_damage_never_stops_the_run_nor_stores_a_damaged_page(tmp_path, pages, clean, seed):
    """Cut, flipped, deleted, inserted, zeroed or repeated bytes anywhere in a gzip'd WARC
    (gzip's CRC catches every change inside a member): whatever survives is intact, and a
    lost page is always a counted error."""
    import random

    rng = random.Random(seed)
    chunks, _ = built(pages)
    for attempt in range(6):
        data = bytearray(b"".join(chunks))
        i = rng.randrange(len(data))
        op = rng.choice(["cut", "flip", "delete", "insert", "zero", "repeat"])
        if op == "cut":
            del data[i:]
        elif op == "flip":
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif op == "delete":
            del data[i : i + rng.randint(1, 5000)]
        elif op == "insert":
            data[i:i] = rng.randbytes(rng.randint(1, 300))
        elif op == "zero":
            n = len(data[i : i + rng.randint(1, 3000)])
            data[i : i + n] = bytes(n)
        else:
            data[i:i] = data[max(0, i - 2000) : i]
        for reader in READERS:
            out = tmp_path / f"{attempt}-{reader}"
            out.mkdir()
            summary, got, _ = run(out, bytes(data), reader)
            by_url, _ = clean
            assert all(by_url[p["url"]]["content_sha1"] == p["content_sha1"] for p in got), op
            if len({p["url"] for p in got}) < len(by_url):
                assert summary.errors, (op, summary.stats)


def _content_length(chunk: bytes, delta: int) -> bytes:
    """A plain record with its WARC Content-Length changed by `delta`."""
    head, sep, rest = chunk.partition(b"\r\n\r\n")
    lines = [line if not line.startswith(b"Content-Length: ") else
             b"Content-Length: %d" % (int(line.split(b": ")[1]) + delta) for line in head.split(b"\r\n")]
    return b"\r\n".join(lines) + sep + rest


def _gzip_body_short_by(pages, missing: int):
    """The records of `pages` as an uncompressed WARC's chunks, the fourth with a gzip'd body
    and a WARC Content-Length `missing` bytes short of it."""
    recs = responses(pages)
    recs[3] = Rec(recs[3].url, gzip.compress(pages[3][1]), date=recs[3].date,
                  headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")])
    chunks = [record_bytes(r, gz=False) for r in recs]
    chunks[3] = _content_length(chunks[3], -missing)
    return recs, chunks


@pytest.mark.parametrize("reader", READERS)
def test_a_content_length_short_of_a_whole_gzip_payload_keeps_its_page(tmp_path, pages, clean, reader):
    """warcio's example-trunc.warc, made here: the record's Content-Length leaves out the
    last two bytes of its gzip'd body (the end of the gzip trailer), which then stand
    between its block and its blank lines. The deflate data is whole, so is the page; the
    two bytes are the damage, logged at their offset."""
    recs, chunks = _gzip_body_short_by(pages, 2)
    summary, got, _ = run(tmp_path, b"".join(chunks), reader, "damaged.warc")
    assert summary.errors == {"malformed": 1}
    assert summary.stats["recovered/whole_payload"] == 1
    assert_same_pages(got, clean)
    page = next(p for p in got if p["url"] == recs[3].url)
    assert page["warc_length"] == len(chunks[3]) - 6  # its block, without the 2 bytes and blank lines


@pytest.mark.parametrize("reader", READERS)
def test_a_content_length_short_of_a_gzip_payload_cut_inside_its_data_drops_it(tmp_path, pages, clean, reader):
    """The same, but cut inside the deflate data: a partial page is never stored."""
    recs, chunks = _gzip_body_short_by(pages, 200)
    summary, got, _ = run(tmp_path, b"".join(chunks), reader, "damaged.warc")
    assert summary.errors == {"framing": 1}
    assert_same_pages(got, clean, missing=[recs[3].url])


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_a_bad_header_in_a_later_record_keeps_every_record_before(tmp_path, pages, clean, reader, gz):
    chunks, urls = built(pages, gz=False)
    chunks[5] = chunks[5].replace(b"Content-Length: ", b"Content-Length: x", 1)
    data = [gzip.compress(c) if gz else c for c in chunks]
    summary, got, _ = run(tmp_path, b"".join(data), reader, "damaged.warc.gz" if gz else "damaged.warc")
    assert sum(summary.errors.values()) == 1
    assert_same_pages(got, clean, missing=[urls[5]])


@pytest.mark.parametrize("reader", READERS)
def test_a_content_length_past_the_end_of_the_file_keeps_every_record_before(tmp_path, pages, clean, reader):
    chunks, urls = built(pages, gz=False)
    chunks[-1] = _content_length(chunks[-1], 100_000)
    summary, got, _ = run(tmp_path, b"".join(chunks), reader, "damaged.warc")
    assert summary.errors == {"truncated": 1}
    assert_same_pages(got, clean, missing=[urls[-1]])
