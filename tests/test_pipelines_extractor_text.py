"""`pages.text`: the page's main text, without navigation, sidebars and the site's header
and footer (pipelines/extractor/facts.py split_text), for crawl and ingest alike."""

from __future__ import annotations

from pipelines.extractor import extract
from pipelines.extractor.facts import MAX_TEXT

HTML = {"content-type": "text/html; charset=utf-8"}


def text_of(body: str) -> str | None:
    return extract("https://example.com/a", body.encode(), HTML).page["text"]


def test_site_regions_are_left_out_and_the_article_kept() -> None:
    body = """<html><body>
    <header><a href="/">Home</a> Site banner</header>
    <nav><a href="/x">Menu entry</a></nav>
    <div role="navigation">Breadcrumb trail</div>
    <div role="complementary">Sidebar widget</div>
    <main><article><header><h1>Trail shoes tested</h1></header>
      <p>We ran forty kilometres in each pair.</p><footer>By Ann Smith</footer></article></main>
    <aside><nav>Nested menu inside an aside</nav> Related posts</aside>
    <footer>Copyright notice</footer>
    </body></html>"""
    assert text_of(body) == "Trail shoes tested We ran forty kilometres in each pair. By Ann Smith"


def test_the_visible_text_still_reads_every_region() -> None:
    body = """<html><body><nav>Menu words</nav><p>Body words</p>
    <footer>Write to info@example.com</footer></body></html>"""
    extraction = extract("https://example.com/a", body.encode(), HTML)
    assert extraction.page["text"] == "Body words"
    assert "Menu words" in extraction.text and "Body words" in extraction.text
    assert extraction.page["contacts"] == ["info@example.com"]  # found in the footer


def test_whitespace_is_collapsed_and_the_text_cut() -> None:
    words = " \n\t ".join(f"word{i}" for i in range(10_000))
    text = text_of(f"<html><body><p>{words}</p></body></html>")
    assert text is not None and len(text) == MAX_TEXT
    assert text.startswith("word0 word1 word2 ") and "\n" not in text and "  " not in text


def test_a_page_without_text_has_none() -> None:
    assert text_of("<html><body><nav>only a menu</nav></body></html>") is None
    assert extract("https://example.com/a", b"%PDF-1.4", {"content-type": "application/pdf"}).page["text"] is None


def test_role_values_are_read_case_and_space_insensitively() -> None:
    body = '<html><body><div role=" Navigation ">menu</div><div role="button">Go</div><p>Body</p></body></html>'
    assert text_of(body) == "Go Body"
