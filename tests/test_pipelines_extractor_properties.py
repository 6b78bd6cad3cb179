"""Property tests: whatever the bytes, URL and headers, extract() returns rows that fit the
schema and never raises; hostile shapes (deep nesting, absurd attributes) stay cheap."""

from __future__ import annotations

import gzip
import json
import time
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.dataset import schema
from pipelines.extractor import Extraction, extract
from pipelines.extractor.context import WINDOW
from tests.support.corpus import ABSENT, CORPUS

CALLER_COLUMNS = {"crawl_id", "fetched_at", "source", "depth", "error", "warc_file", "warc_offset", "warc_length"}
PAGE_SCHEMA = pa.schema([field for field in schema.PAGES if field.name not in CALLER_COLUMNS])
LINK_SCHEMA = pa.schema([field for field in schema.LINKS if field.name not in schema.CRAWL_COLUMNS])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(result: Extraction) -> None:
    """The invariants every extraction keeps."""
    assert set(result.page) == set(PAGE_SCHEMA.names)
    pa.Table.from_pylist([result.page], schema=PAGE_SCHEMA)
    pa.Table.from_pylist(result.links, schema=LINK_SCHEMA)
    for position, row in enumerate(result.links):
        assert set(row) == set(LINK_SCHEMA.names)
        assert row["position"] == position
        assert row["kind"] in schema.LINK_KINDS and row["placement"] in schema.PLACEMENTS
        assert row["dst_url"].startswith(("http://", "https://"))
        assert len(row["context_before"]) <= WINDOW and len(row["context_after"]) <= WINDOW
        assert row["external"] == (row["dst_domain"] != row["src_domain"])
    for value in [*result.page.values(), *(v for row in result.links for v in row.values())]:
        if isinstance(value, str):
            assert "\x00" not in value
    external = sum(row["external"] for row in result.links)
    assert result.page["links_external"] == external
    assert result.page["links_internal"] == len(result.links) - external


CONTENT_TYPES = st.sampled_from(
    [None, "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1251", "text/html; charset=shift_jis",
     "text/html; charset=gb18030", "text/html; charset=utf-16", "text/html; charset=bogus", "application/xhtml+xml",
     "text/plain", "application/octet-stream", "text/html; charset=unicode_escape", "text/html; charset=utf-7"]
)  # fmt: skip
URLS = st.one_of(
    st.sampled_from(["https://www.example.com/a/b?c=d", "http://xn--bcher-kva.example/", "http://[::1]:8080/", ""]),
    st.text(max_size=60),
)


@FAST
@given(body=st.binary(max_size=4000), content_type=CONTENT_TYPES, url=URLS, status=st.integers(-5, 1000))
def test_random_bytes(body: bytes, content_type: str | None, url: str, status: int) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    check(extract(url, body, headers, status=status))


@FAST
@given(
    headers=st.lists(
        st.tuples(st.one_of(st.text(max_size=20), st.binary(max_size=20)),
                  st.one_of(st.text(max_size=80), st.binary(max_size=80))),
        max_size=8,
    ),
    location=st.text(max_size=80),
    status=st.sampled_from([200, 301, 302, 307, 404]),
)
def test_random_headers(headers: list[tuple[Any, Any]], location: str, status: int) -> None:
    headers = [*headers, ("Location", location), ("Link", f"<{location}>; rel=canonical")]
    check(extract("https://h.example/p", b"<a href=/x>x</a>", headers, status=status))


ATTRIBUTE = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@FAST
@given(
    href=ATTRIBUTE, rel=ATTRIBUTE, cls=ATTRIBUTE, alt=ATTRIBUTE, base=ATTRIBUTE, refresh=ATTRIBUTE, hreflang=ATTRIBUTE,
    text=st.text(max_size=200),
)  # fmt: skip
def test_absurd_attribute_values(href: str, rel: str, cls: str, alt: str, base: str, refresh: str, hreflang: str,
                                 text: str) -> None:
    def q(value: str) -> str:
        return value.replace("&", "&amp;").replace('"', "&quot;")

    html = (
        f'<html><head><base href="{q(base)}"><meta http-equiv="refresh" content="{q(refresh)}">'
        f'<link rel="alternate" hreflang="{q(hreflang)}" href="{q(href)}"><link rel="canonical" href="{q(href)}">'
        f'</head><body><div class="{q(cls)}" id="{q(cls)}" role="{q(rel)}"><p>{text}'
        f'<a href="{q(href)}" rel="{q(rel)}">{text}<img alt="{q(alt)}"></a>'
        f'<area href="{q(href)}" alt="{q(alt)}"><iframe src="{q(href)}"></iframe>{text}</p></div></body></html>'
    )
    check(extract("https://www.example.com/dir/page", html.encode("utf-8", "surrogatepass"),
                  {"Content-Type": "text/html"}))


@FAST
@given(markup=st.lists(st.sampled_from(
    ["<a href='/x'>", "</a>", "<div class='nav'>", "</div>", "<p>", "<!--", "-->", "<script>", "</script>",
     "<template>", "</template>", "<table><tr><td>", "<svg><a href='/s'>", "<base href='//other.example/'>",
     "<footer>", "<article>", "<header>", "text ", "<img alt='alt'>", "<area href='/area'>", "<noscript>", "<style>",
     "<textarea>", "<a href=javascript:x>", "<select><option>", "<math>", "<frameset><frame src=/f>",
     "<meta http-equiv=refresh content='0;url=/r'>", "\x00", "&amp;", "&#0;"]
), max_size=60))  # fmt: skip
def test_random_markup_soup(markup: list[str]) -> None:
    check(extract("http://soup.example/", "".join(markup).encode(), {"Content-Type": "text/html"}))


def _window_before(text: str) -> str:
    """The spec of `context_before`: the text with whitespace collapsed, its last
    `WINDOW` characters at most, without a word cut in two."""
    collapsed = " ".join(text.split())
    if len(collapsed) <= WINDOW:
        return collapsed
    cut = collapsed[-WINDOW - 1 :]
    space = cut.find(" ")
    return (cut[space + 1 :] if 0 <= space < WINDOW else cut[-WINDOW:]).lstrip()


def _window_after(text: str) -> str:
    """The spec of `context_after`: the first `WINDOW` characters, as above."""
    collapsed = " ".join(text.split())
    if len(collapsed) <= WINDOW:
        return collapsed
    cut = collapsed[: WINDOW + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut[:WINDOW]).rstrip()


# Running text of words (short and long) and whitespace runs (one space, many, newlines).
PROSE = st.lists(
    st.one_of(st.text("abcdefghij", min_size=1, max_size=12), st.text("xyz", min_size=40, max_size=300),
              st.sampled_from([" ", "  ", "\n", " \n\t  ", " " * 500])),
    max_size=300,
).map("".join)  # fmt: skip


@FAST
@given(before=PROSE, after=PROSE)
def test_the_context_window_of_a_link_in_long_text(before: str, after: str) -> None:
    """However long the paragraph and its whitespace, the window is that of the whole
    text around the link (the extractor collapses only as much of it as it needs)."""
    page = f"<p>{before}<a href='/x'>link</a>{after}</p>".encode()
    [row] = extract("http://prose.example/", page, {"Content-Type": "text/html"}).links
    assert (row["context_before"], row["context_after"]) == (_window_before(before), _window_after(after))


def _corpus_pages(count: int) -> list[tuple[str, bytes]]:
    folder = CORPUS / "pages" / "trafilatura"
    if not folder.is_dir():
        return []
    entries = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()][:count]
    return [(entry["url"], gzip.decompress((folder / entry["file"]).read_bytes())) for entry in entries]


PAGES = _corpus_pages(8)


@pytest.mark.skipif(not PAGES, reason=ABSENT)
@settings(max_examples=60, deadline=None)
@given(index=st.integers(0, 7), cut=st.floats(0, 1))
def test_truncated_real_pages(index: int, cut: float) -> None:
    url, body = PAGES[index % len(PAGES)]
    check(extract(url, body[: int(len(body) * cut)], {"Content-Type": "text/html"}))


HOSTILE = {
    "10,000 nested divs": b"<div>" * 10_000 + b"<a href=/deep>deep</a>" + b"</div>" * 10_000,
    "10,000 nested divs, a link in each": b"<div class=nav>x <a href=/x>l</a>" * 10_000,
    "10,000 nested spans, a link in each": b"<p>" + b"<span>t <a href=/y>a</a> " * 10_000,
    "10,000 unclosed anchors": b"<a href=/z>" * 10_000,
    "10,000 nested lists": b"<ul><li>" * 10_000 + b"<a href=/l>l</a>",
    "nested landmarks": b"<article><header><nav><footer><aside>" * 2_000 + b"<a href=/q>q</a>",
    "20,000 image links in one div": b"<div>" + b"<a href=/s><img></a>" * 20_000 + b"</div>",
    "a 5 MB href and 100,000 rel tokens":
        b'<a href="/' + b"a" * 5_000_000 + b'" rel="' + b"nofollow " * 100_000 + b'">x</a>',
    "50,000 attributes on one tag": b"<p>x</p><a " + b" ".join(b"a%d=1" % i for i in range(50_000)) + b" href=/m>m</a>",
    "1 MB of one word": b"<p>" + b"x" * 1_000_000 + b"<a href=/w>w</a>" + b"y" * 1_000_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_shapes_stay_cheap(name: str) -> None:
    started = time.process_time()
    result = extract("http://hostile.example/", HOSTILE[name], {"Content-Type": "text/html"})
    check(result)
    assert time.process_time() - started < 5, "quadratic somewhere"
