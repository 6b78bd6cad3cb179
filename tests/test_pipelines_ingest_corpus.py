"""WARC ingest over the real WARC files of ../shared/corpus/warc (Common Crawl, Heritrix,
wget, wpull, pywb, warcio's own test files, well-formed and broken).

Every file is read to its end by both readers; a broken file gives its good records and a
counted error, never an exception; both readers give the same rows; and the links of the
WAT extractor's own test pages agree with its published expectations.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from urllib.parse import urldefrag, urljoin

import pytest

from pipelines.extractor.urls import canonical_url
from pipelines.ingest import ingest
from tests.support.warcs import WARC_CORPUS, need_corpus, table, without

#: file -> (pages, errors by kind). Pages are HTML responses and redirects, plus revisits
#: resolved to an HTML original; errors are what each damaged file is known to hold.
EXPECTED = {
    "commoncrawl/jwarc-cc.warc.gz": (1, {}),
    "commoncrawl/resiliparse-warcfile.warc.gz": (16, {}),
    "commoncrawl/whirlwind/whirlwind.warc.gz": (1, {}),
    "commoncrawl/whirlwind/whirlwind.warc.wat.gz": (0, {}),  # the request's envelope only
    "edge-cases/resiliparse-clipped.warc.gz": (0, {"truncated": 1}),
    "edge-cases/resiliparse-clueweb-quirk.warc.gz": (29, {}),  # bad WARC-Dates, stale gzip header
    "heritrix/IAH-urls-wget.warc.gz": (11, {}),
    "heritrix/aut-example.warc.gz": (141, {}),  # WARC/0.17
    "ia-web-commons/html-lang-attribute.warc": (5, {}),
    "ia-web-commons/link-extraction-test.warc": (9, {}),  # odd line breaks after the last record
    "ia-web-commons/meta-itemprop.warc": (1, {}),
    "ia-web-commons/text-extraction-test.warc": (1, {}),
    "ia-web-commons/title-extraction-embedded-SVG.warc": (1, {}),
    "pywb/dupes.warc.gz": (3, {}),
    "pywb/example-wget-1-14.warc.gz": (1, {}),
    "pywb/example-wpull.warc.gz": (1, {}),
    "pywb/iana.warc.gz": (20, {}),  # its 123 revisits are of images, scripts and styles
    "warcio/example-bad-non-chunked.warc.gz": (2, {}),  # one gzip member: read as a stream
    "warcio/example-digest.warc": (0, {}),
    "warcio/example-iana.org-chunked.warc": (1, {}),
    "warcio/example-resource.warc.gz": (0, {}),
    "warcio/example-space-in-target-uri.warc.gz": (0, {}),
    # its response's Content-Length is two bytes short (the end of its gzip trailer), its
    # payload whole: the page is kept, the two bytes after it are the damage
    "warcio/example-trunc.warc": (1, {"malformed": 1}),
    "warcio/example-wget-bad-target-uri.warc.gz": (1, {}),
    "warcio/example-wrong-chunks.warc.gz": (1, {}),  # a record split over gzip members
    "warcio/example.warc": (2, {}),  # a response and its revisit
    "warcio/example.warc.gz": (2, {}),
    "warcio/post-test.warc.gz": (0, {}),  # POST responses, not HTML
    "wikipedia-sopa-2012/post-blackout-main-page.warc.gz": (1, {}),
    "wikipedia-sopa-2012/post-blackout-thankyou.warc.gz": (1, {}),
    "wikipedia-sopa-2012/sopa-wikipedia-homepage.warc.gz": (1, {}),
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """Every corpus WARC ingested file by file, once per reader: {reader: {file: summary}}."""
    need_corpus("warc")
    data = tmp_path_factory.mktemp("corpus")
    out = {}
    for reader in ("fastwarc", "warcio"):
        out[reader] = {name: ingest([str(WARC_CORPUS / name)], data, f"{reader}-{i}", processes=1, reader=reader)
                       for i, name in enumerate(EXPECTED)}
    return data, out


@pytest.mark.parametrize("reader", ["fastwarc", "warcio"])
def test_every_corpus_file_gives_its_pages_and_counts_its_damage(ingested, reader):
    _, summaries = ingested
    got = {name: (s.pages, s.errors) for name, s in summaries[reader].items()}
    assert got == EXPECTED
    assert all(s.files_ingested == 1 and not s.files_failed for s in summaries[reader].values())


def _warcio_whole_html_responses(path) -> Counter[str]:
    """The targets of the HTML responses (or redirects) that warcio, alone, reads whole
    (their block as long as its Content-Length), up to its first error."""
    from warcio.archiveiterator import ArchiveIterator

    found: Counter[str] = Counter()
    with open(path, "rb") as f, contextlib.redirect_stderr(io.StringIO()):
        try:
            for record in ArchiveIterator(f):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                block = record.raw_stream.read()
                declared = int(record.rec_headers.get_header("Content-Length"))
                whole = len(block) + len(record.http_headers.to_bytes()) >= declared
                content_type = record.http_headers.get_header("Content-Type") or ""
                redirect = record.http_headers.get_statuscode().startswith("3")
                if whole and ("html" in content_type.lower() or redirect):
                    found[canonical_url(record.rec_headers.get_header("WARC-Target-URI"))] += 1
        except Exception:  # noqa: BLE001  the reference stops at its first error, whatever it is
            pass
    return found


@pytest.mark.parametrize("reader", ["fastwarc", "warcio"])
def test_every_record_readable_before_the_damage_is_a_page(ingested, reader):
    """Compared with an independent reading, warcio's, record by record up to its first
    error: every HTML response it reads whole is a page (a clipped one is not whole)."""
    data, _ = ingested
    checked = 0
    for i, name in enumerate(EXPECTED):
        expected = _warcio_whole_html_responses(WARC_CORPUS / name)
        got = Counter(page["url"] for page in table(data, "pages", f"{reader}-{i}"))
        assert not expected - got, name
        checked += sum(expected.values())
    assert checked >= 200


def test_both_readers_give_the_same_rows(ingested):
    data, _ = ingested
    for i, name in enumerate(EXPECTED):
        for name_table in ("pages", "links"):
            fast = table(data, name_table, f"fastwarc-{i}")
            slow = table(data, name_table, f"warcio-{i}")
            assert without(fast, "crawl_id") == without(slow, "crawl_id"), name


def test_record_counts_match_the_corpus_manifest(ingested):
    _, summaries = ingested
    manifest = [json.loads(line) for line in (WARC_CORPUS / "manifest.jsonl").read_text().splitlines()]
    for entry in manifest:
        if entry["file"] not in EXPECTED or EXPECTED[entry["file"]][1]:
            continue  # damaged files: their broken records are not all counted as records
        summary = summaries["fastwarc"][entry["file"]]
        assert summary.records == entry["record_types"], entry["file"]


def test_revisits_of_html_resolve_to_their_original(ingested):
    data, summaries = ingested
    i = list(EXPECTED).index("warcio/example.warc.gz")
    pages = sorted(table(data, "pages", f"fastwarc-{i}"), key=lambda p: p["fetched_at"])
    links = table(data, "links", f"fastwarc-{i}")
    original, revisit = pages
    assert original["url"] == revisit["url"] == "http://example.com/"
    assert revisit["fetched_at"] > original["fetched_at"]
    assert revisit["source"] != original["source"] and revisit["warc_offset"] > original["warc_offset"]
    by_fetch = Counter((link["fetched_at"], link["dst_url"]) for link in links)
    assert {url for (when, url) in by_fetch if when == original["fetched_at"]} == \
           {url for (when, url) in by_fetch if when == revisit["fetched_at"]}
    assert summaries["fastwarc"]["warcio/example.warc.gz"].stats["revisits/resolved"] == 1


def test_links_agree_with_the_wat_extractors_own_expectations(ingested):
    """ia-web-commons' test pages, with the (url, path) pairs Common Crawl's WAT code must
    find: every A and AREA href, resolved against the page's base, is one of our links."""
    data, _ = ingested
    vectors = json.loads(need_corpus("vectors", "ia-web-commons-link-extraction.json").read_text())
    i = list(EXPECTED).index("ia-web-commons/link-extraction-test.warc")
    links = table(data, "links", f"fastwarc-{i}")
    checked = 0
    for record in vectors["records"]:
        url = record["warc_target_uri"].strip("<>")
        base = next((x["url"] for x in record["expected_links"] if x["path"] == "__base__"), url)
        expected = {urldefrag(urljoin(urljoin(url, base), x["url"]))[0]
                    for x in record["expected_links"] if x["path"] in ("A@/href", "AREA@/href")}
        expected = {e for e in expected if e.startswith(("http://", "https://"))}
        got = {row["dst_url"] for row in links if row["src_url"] == url and row["kind"] in ("a", "area")}
        assert got == expected, url
        checked += len(expected)
    assert checked >= 10


def test_every_page_row_points_at_its_record(ingested):
    """warc_file/offset/length lead back to a record whose target is the page's URL."""
    from warcio.archiveiterator import ArchiveIterator

    data, _ = ingested
    i = list(EXPECTED).index("commoncrawl/resiliparse-warcfile.warc.gz")
    pages = table(data, "pages", f"fastwarc-{i}")
    assert len(pages) == 16
    raw = (WARC_CORPUS / "commoncrawl/resiliparse-warcfile.warc.gz").read_bytes()
    for page in pages:
        assert page["source"] == f"warc:resiliparse-warcfile.warc.gz@{page['warc_offset']}"
        assert page["depth"] is None and page["error"] is None and page["fetched_at"] is not None
        chunk = raw[page["warc_offset"]: page["warc_offset"] + page["warc_length"]]
        record = next(iter(ArchiveIterator(io.BytesIO(chunk))))
        assert record.rec_type == "response"
        assert canonical_url(record.rec_headers.get_header("WARC-Target-URI")) == page["url"]
