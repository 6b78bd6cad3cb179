"""The record handler alone, one record at a time: WARC records built with warcio in memory,
read back with the project's reader, each handed to `RecordHandler.handle`; the rows are
checked against the page each record holds (written here, so the truth is known)."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from pipelines.ingest import framing, sources
from pipelines.ingest.handler import RecordHandler
from pipelines.ingest.readers import Failure, RecordStream
from tests.support.warcs import Rec, write_warc

T = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
PAGE = (b"<html><head><title>Hello</title></head><body><p>See <a href='https://b.org/x'>B</a> and "
        b"<a href='/local' rel='nofollow'>here</a>.</p></body></html>")


def _revisit(original: Rec, days: int) -> Rec:
    digest = "sha1:" + base64.b32encode(hashlib.sha1(original.body).digest()).decode()
    return Rec(original.url, type="revisit", date=original.date + timedelta(days=days),
               headers=[("Content-Type", "text/html")],
               warc_headers={"WARC-Payload-Digest": digest, "WARC-Refers-To-Target-URI": original.url,
                             "WARC-Refers-To-Date": original.date.strftime("%Y-%m-%dT%H:%M:%SZ")})


@pytest.fixture
def handled(tmp_path):
    """The RecordRows of each record of a four-record file, in order."""
    page = Rec("https://a.com/post", PAGE, date=T)
    records = [page, Rec("https://a.com/logo.png", b"\x89PNG....", date=T,
                         headers=[("Content-Type", "image/png")]),
               _revisit(page, days=30),
               _revisit(Rec("https://a.com/elsewhere", b"other", date=T), days=1)]
    path = tmp_path / "four.warc.gz"
    write_warc(path, records)
    source = sources.expand([str(path)])[0]
    handler = RecordHandler(source, crawl_id="c1", key="k1", warc_file="four.warc.gz",
                            layout=framing.GZIP_RECORDS, reader="warcio")
    with path.open("rb") as f:
        out = []
        for item in RecordStream(f, framing.GZIP_RECORDS, "warcio", 0, None):
            assert not isinstance(item, Failure)
            out.append(handler.handle(item))
    handler.close()
    return out


def test_a_response_gives_its_page_its_links_and_an_original(handled):
    rows = handled[0]
    assert rows.stats["records/response"] == 1 and rows.stats["pages"] == 1 and rows.stats["links"] == 2
    [page] = rows.rows["pages"]
    assert (page["url"], page["status"], page["title"], page["crawl_id"]) == ("https://a.com/post", 200, "Hello", "c1")
    assert page["source"] == "warc:four.warc.gz@0" and page["fetched_at"] == T
    assert [(r["dst_url"], r["anchor_text"], r["nofollow"]) for r in rows.rows["links"]] == [
        ("https://b.org/x", "B", False), ("https://a.com/local", "here", True)]
    assert [r["target_uri"] for r in rows.rows["originals"]] == ["https://a.com/post"]
    assert rows.captured == [T] and not rows.failed


def test_a_non_html_response_is_counted_not_extracted(handled):
    rows = handled[1]
    assert rows.stats["skipped/non_html"] == 1 and rows.rows == {} and rows.captured == []


def test_a_revisit_of_a_record_in_the_file_is_a_capture_of_its_own(handled):
    rows = handled[2]
    assert rows.stats["revisits/resolved"] == 1 and rows.stats["links"] == 2
    [page] = rows.rows["pages"]
    assert page["fetched_at"] == T + timedelta(days=30) and page["title"] == "Hello"
    assert page["source"] == f"warc:four.warc.gz@{rows.offset}"


def test_a_revisit_whose_original_is_elsewhere_is_deferred(handled):
    rows = handled[3]
    assert rows.stats["revisits/deferred"] == 1 and "pages" not in rows.rows
    assert [r["url"] for r in rows.rows["deferred"]] == ["https://a.com/elsewhere"]


def test_a_failed_record_keeps_nothing_but_its_error(handled):
    rows = handled[0]
    rows.fail("framing")
    assert rows.failed and rows.rows == {} and rows.captured == []
    assert rows.stats["errors/framing"] == 1 and rows.stats["pages"] == 0 and rows.stats["links"] == 0
    assert rows.stats["records/response"] == 1  # the record was read; it counts as read


def test_a_record_the_handler_cannot_parse_is_an_error_not_an_exception(tmp_path):
    path = tmp_path / "bad.warc"
    write_warc(path, [Rec("https://a.com/", b"x", status="not a status line")], gz=False)
    source = sources.expand([str(path)])[0]
    handler = RecordHandler(source, crawl_id="c1", key="k", warc_file="bad.warc", layout=framing.PLAIN,
                            reader="warcio")
    with path.open("rb") as f:
        [item] = list(RecordStream(f, framing.PLAIN, "warcio", 0, None))
        rows = handler.handle(item)
    assert rows.failed and rows.rows == {} and sum(v for k, v in rows.stats.items() if k.startswith("errors/")) == 1
