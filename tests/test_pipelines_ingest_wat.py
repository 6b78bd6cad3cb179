"""WAT input: Common Crawl's metadata records, recognised by content, give link rows
without context or placement.

The corpus WAT (whirlwind) holds only a request's envelope, so response envelopes are
built here, in Common Crawl's layout (Envelope / WARC-Header-Metadata / Payload-Metadata /
HTTP-Response-Metadata / HTML-Metadata with Head and Links), from an independent parse of
real corpus pages with html5lib.
"""

from __future__ import annotations

import json
from collections import Counter

import html5lib
import pytest

from pipelines.ingest import ingest
from tests.support.warcs import T0, Rec, corpus_pages, need_corpus, responses, table, write_warc


def _attrs(element) -> dict[str, str]:
    return {k.rsplit("}", 1)[-1]: v for k, v in element.attrib.items()}


def envelope(url: str, html: bytes, date: str) -> dict:
    """A WAT response envelope of a page: what ia-web-commons records (raw attribute values
    with their paths), found by html5lib, which follows the HTML standard's parsing."""
    tree = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    head: dict = {"Link": [], "Metas": []}
    links: list[dict] = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        a = _attrs(element)
        if tag == "a" and "href" in a:
            link = {"path": "A@/href", "url": a["href"], "text": " ".join("".join(element.itertext()).split())}
            links.append({**link, "rel": a["rel"]} if a.get("rel") else link)
        elif tag == "area" and "href" in a:
            links.append({"path": "AREA@/href", "url": a["href"], "alt": a.get("alt", "")})
        elif tag == "link" and "href" in a:
            optional: dict[str, str] = {k: a[k] for k in ("rel", "hreflang") if k in a}
            head["Link"].append({"path": "LINK@/href", "url": a["href"], **optional})
        elif tag == "base" and "href" in a and "Base" not in head:
            head["Base"] = a["href"]
        elif tag in ("iframe", "frame") and "src" in a:
            links.append({"path": f"{tag.upper()}@/src", "url": a["src"]})
        elif tag == "img" and "src" in a:
            links.append({"path": "IMG@/src", "url": a["src"], "alt": a.get("alt", "")})
        elif tag == "meta" and a.get("name"):
            head["Metas"].append({"name": a["name"], "content": a.get("content", "")})
    http_type = "application/http; msgtype=response"
    response = {"Response-Message": {"Status": "200", "Version": "HTTP/1.1", "Reason": "OK"},
                "Headers": {"Content-Type": "text/html"},
                "HTML-Metadata": {"Head": head, "Links": links}}
    warc = {"WARC-Type": "response", "WARC-Date": date, "WARC-Target-URI": url, "Content-Type": http_type}
    return {"Container": {"Filename": "test.warc.gz", "Compressed": True, "Offset": "0"},
            "Envelope": {"Format": "WARC", "WARC-Header-Length": "300", "WARC-Header-Metadata": warc,
                         "Payload-Metadata": {"Actual-Content-Type": http_type, "HTTP-Response-Metadata": response}}}


def wat_record(url: str, env: dict) -> Rec:
    return Rec(url, json.dumps(env).encode(), type="metadata", http=False, date=T0,
               warc_headers={"Content-Type": "application/json"})


@pytest.fixture(scope="module")
def pages():
    return corpus_pages(12, sets=("trafilatura",))


@pytest.fixture(scope="module")
def both(tmp_path_factory, pages):
    """The same pages as a WARC of responses and as a WAT of envelopes, both ingested."""
    tmp = tmp_path_factory.mktemp("wat")
    date = T0.strftime("%Y-%m-%dT%H:%M:%SZ")
    write_warc(tmp / "pages.warc.gz", responses(pages, start=T0))
    write_warc(tmp / "pages.warc.wat.gz", [wat_record(u, envelope(u, b, date)) for u, b in pages])
    warc = ingest([str(tmp / "pages.warc.gz")], tmp / "data", "warc", processes=1)
    wat = ingest([str(tmp / "pages.warc.wat.gz")], tmp / "data", "wat", processes=1)
    return tmp, warc, wat


def test_wat_envelopes_give_link_rows_marked_as_such(both, pages):
    tmp, _, wat = both
    rows = table(tmp / "data", "links", "wat")
    assert wat.errors == {} and wat.stats["wat/pages"] == len(pages)
    assert wat.pages == 0 and table(tmp / "data", "pages", "wat") == []
    assert rows and all(r["source"].startswith("wat:pages.warc.wat.gz@") for r in rows)
    assert all(r["placement"] is None and r["context_before"] is None and r["context_after"] is None
               and r["image"] is None for r in rows)
    assert all(r["fetched_at"] == T0 and r["crawl_id"] == "wat" for r in rows)


def test_wat_links_are_the_links_the_crawl_extractor_finds(both):
    """Same targets, kinds and rel flags as the HTML of the same pages (anchor texts are
    compared where the anchor holds text only: WAT keeps no image alt in its text)."""
    tmp, _, _ = both
    key = ("src_url", "dst_url", "kind", "nofollow", "ugc", "sponsored", "page_nofollow", "external")
    wat = table(tmp / "data", "links", "wat")
    html = [r for r in table(tmp / "data", "links", "warc") if r["kind"] in {w["kind"] for w in wat}]
    assert Counter(tuple(r[k] for k in key) for r in wat) == Counter(tuple(r[k] for k in key) for r in html)
    texts = Counter((r["dst_url"], r["anchor_text"]) for r in html if r["kind"] == "a" and not r["image"])
    assert sum((texts & Counter((r["dst_url"], r["anchor_text"]) for r in wat if r["kind"] == "a")).values()) \
        >= 0.9 * sum(texts.values())


def test_a_wat_is_recognised_by_its_content_not_its_name(tmp_path, pages):
    url, html = pages[0]
    write_warc(tmp_path / "renamed.warc.gz", [wat_record(url, envelope(url, html, "2024-05-18T01:58:10Z"))])
    summary = ingest([str(tmp_path / "renamed.warc.gz")], tmp_path / "data", "w", processes=1)
    assert summary.stats["wat/pages"] == 1 and summary.links > 0


def test_the_corpus_wat_reads_without_errors(tmp_path):
    path = need_corpus("warc", "commoncrawl", "whirlwind", "whirlwind.warc.wat.gz")
    summary = ingest([str(path)], tmp_path / "data", "w", processes=1)
    assert summary.records == {"metadata": 1, "warcinfo": 1}
    assert (summary.errors, summary.links) == ({}, 0)  # a request's envelope: no links


def test_a_broken_wat_envelope_is_counted(tmp_path, pages):
    url, html = pages[0]
    good = wat_record(url, envelope(url, html, "2024-05-18T01:58:10Z"))
    bad = Rec(url, b'{"Envelope": {"WARC-Header-Metadata": ', type="metadata", http=False,
              warc_headers={"Content-Type": "application/json"})
    write_warc(tmp_path / "bad.wat.gz", [bad, good])
    summary = ingest([str(tmp_path / "bad.wat.gz")], tmp_path / "data", "w", processes=1)
    assert summary.errors == {"wat": 1} and summary.stats["wat/pages"] == 1
