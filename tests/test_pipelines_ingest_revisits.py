"""Revisit records: resolved to their original when it is in the input (same file or
another), as a capture of their own; counted when it is not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipelines.ingest import ingest
from tests.support.warcs import T0, Rec, corpus_pages, need_corpus, table, write_warc


def revisit_of(url: str, original: Rec, *, days: int, by: str = "digest", status: str = "200 OK") -> Rec:
    """A revisit written as Heritrix and pywb write them (identical-payload-digest)."""
    import base64
    import hashlib

    digest = "sha1:" + base64.b32encode(hashlib.sha1(original.body).digest()).decode()
    headers = {"WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
               "WARC-Payload-Digest": digest,
               "WARC-Refers-To-Target-URI": original.url,
               "WARC-Refers-To-Date": original.date.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if by != "digest":
        headers.pop("WARC-Payload-Digest")
    return Rec(url, type="revisit", status=status, date=original.date + timedelta(days=days),
               headers=[("Content-Type", "text/html")], warc_headers=headers)


@pytest.fixture(scope="module")
def pages():
    return corpus_pages(3, sets=("article-extraction-benchmark",))


def test_a_revisit_in_the_same_file_is_a_capture_of_its_own(tmp_path, pages):
    (url, body), _, _ = pages
    original = Rec(url, body)
    write_warc(tmp_path / "a.warc.gz", [original, revisit_of(url, original, days=30)])
    summary = ingest([str(tmp_path / "a.warc.gz")], tmp_path / "data", "r", processes=1)
    assert (summary.pages, summary.stats["revisits/resolved"]) == (2, 1)
    first, again = sorted(table(tmp_path / "data", "pages", "r"), key=lambda p: p["fetched_at"])
    assert again["fetched_at"] - first["fetched_at"] == timedelta(days=30)
    assert again["content_sha1"] == first["content_sha1"] and again["source"] != first["source"]
    links = table(tmp_path / "data", "links", "r")
    by_date = {}
    for link in links:
        by_date.setdefault(link["fetched_at"], []).append((link["dst_url"], link["anchor_text"], link["position"]))
    assert len(by_date) == 2 and sorted(by_date[first["fetched_at"]]) == sorted(by_date[again["fetched_at"]])


def test_revisits_resolve_across_files_and_a_missing_original_is_counted(tmp_path, pages):
    (url0, body0), (url1, body1), (url2, body2) = pages
    originals = [Rec(url0, body0), Rec(url1, body1)]
    write_warc(tmp_path / "first.warc.gz", originals)
    elsewhere = Rec(url2, body2, date=T0 - timedelta(days=400))  # in no input
    write_warc(tmp_path / "second.warc.gz", [
        revisit_of(url0, originals[0], days=7),
        revisit_of(url1, originals[1], days=7, by="uri-date", status="304 Not Modified"),
        revisit_of(url2, elsewhere, days=7),
    ])
    summary = ingest([str(tmp_path / "second.warc.gz"), str(tmp_path / "first.warc.gz")],
                     tmp_path / "data", "x", processes=1)
    assert summary.stats["revisits/resolved"] == 2 and summary.stats["revisits/unresolved"] == 1
    pages_rows = table(tmp_path / "data", "pages", "x")
    assert len(pages_rows) == 4
    resolved = [p for p in pages_rows if p["source"].startswith("warc:second.warc.gz@")]
    assert {p["url"] for p in resolved} == {url0, url1}
    assert {p["status"] for p in resolved} == {200}  # a 304 keeps the original's status
    again = ingest([str(tmp_path / "second.warc.gz"), str(tmp_path / "first.warc.gz")],
                   tmp_path / "data", "x", processes=1)
    assert (again.pages, again.stats["revisits/resolved"]) == (0, 0)  # resolved once only


def test_the_pywb_dedup_crawl(tmp_path):
    """pywb's dupes.warc.gz: an HTML page, a redirect, a script, and 9 revisits; the HTML
    revisit of example.com resolves in the file, the one of www.iana.org/ only once
    iana.warc.gz (its original, a day earlier) is in the input too."""
    dupes = need_corpus("warc", "pywb", "dupes.warc.gz")
    alone = ingest([str(dupes)], tmp_path / "alone", "p", processes=1)
    assert alone.errors == {} and alone.records["revisit"] == 9
    assert (alone.pages, alone.stats["revisits/resolved"], alone.stats["revisits/unresolved"]) == (3, 1, 1)
    both = ingest([str(dupes), str(need_corpus("warc", "pywb", "iana.warc.gz"))], tmp_path / "both", "p", processes=1)
    assert (both.stats["revisits/resolved"], both.stats["revisits/unresolved"]) == (2, 0)
    iana = [p for p in table(tmp_path / "both", "pages", "p") if p["url"] == "http://www.iana.org/"]
    assert sorted(p["source"].split("@")[0] for p in iana) == ["warc:dupes.warc.gz", "warc:iana.warc.gz"]
    assert len({p["content_sha1"] for p in iana}) == 1
