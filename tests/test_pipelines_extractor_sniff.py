"""Which responses are HTML (pipelines/extractor/sniff.py): each rule of the WHATWG MIME
Sniffing standard we follow, on hand-made bytes, and the real corpus pages that start
with an XML declaration, a commented-out one or bare `<meta>` tags, extracted without a
Content-Type and compared with html5lib's parse of the same bytes."""

from __future__ import annotations

import gzip
import json
from collections import Counter

import html5lib
import pytest

from pipelines.extractor import extract
from pipelines.extractor.decode import decode_html
from pipelines.extractor.sniff import is_html, sniffs_as_html
from tests.support.corpus import need_corpus
from tests.test_pipelines_extractor_corpus import reference_links

# ---- the standard's HTML patterns (MIME Sniffing 7.1), after optional whitespace -----------

WHATWG_TAGS = ["!DOCTYPE HTML", "HTML", "HEAD", "SCRIPT", "IFRAME", "H1", "DIV", "FONT", "TABLE",
               "A", "STYLE", "TITLE", "B", "BODY", "BR", "P", "!--"]
FIREFOX_TAGS = ["meta", "link", "base", "img", "form", "center", "h2", "h6", "pre", "frameset",
                "applet", "isindex"]


@pytest.mark.parametrize("tag", WHATWG_TAGS)
@pytest.mark.parametrize("end", [" ", ">"])
def test_every_whatwg_html_pattern_sniffs_as_html_in_any_case(tag, end):
    for written in (tag, tag.lower(), tag.title()):
        assert sniffs_as_html(f"<{written}{end}x".encode())


@pytest.mark.parametrize("tag", FIREFOX_TAGS)
def test_the_tags_firefox_also_takes_as_html_sniff_as_html(tag):
    assert sniffs_as_html(f"<{tag} x>".encode())
    assert sniffs_as_html(f"\t<{tag.upper()}>".encode())


@pytest.mark.parametrize("space", [b"\t", b"\n", b"\x0c", b"\r", b" ", b" \r\n\t \x0c"])
def test_leading_whitespace_is_skipped(space):
    assert sniffs_as_html(space + b"<html>")


def test_a_tag_name_must_end_where_the_tokenizer_ends_it():
    assert sniffs_as_html(b"<br/>") and sniffs_as_html(b"<html\nlang=en>")
    for longer in (b"<abbr>", b"<bx>", b"<paragraph>", b"<htmlx>", b"<headline>", b"<metadata>"):
        assert not sniffs_as_html(longer), longer


def test_text_other_tags_and_binary_are_not_html():
    for body in (b"", b"hello <a href=x>x</a>", b"<rss version='2.0'>", b"<svg>", b"%PDF-1.7 <html>",
                 b"\x89PNG\r\n\x1a\n<html>", b"{\"html\": 1}", b"<", b"<?php echo 1; ?>"):
        assert not sniffs_as_html(body), body


# ---- byte-order marks ---------------------------------------------------------------------


def test_a_utf8_bom_is_skipped():
    assert sniffs_as_html(b"\xef\xbb\xbf<!DOCTYPE html><p>x")
    assert sniffs_as_html(b"\xef\xbb\xbf \n<meta charset=utf-8>")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_its_bom_is_read_as_text(codec):
    bom = "\ufeff".encode(codec)
    assert sniffs_as_html(bom + "<html><p>x".encode(codec))
    assert not sniffs_as_html(bom + "plain text".encode(codec))


# ---- the prolog: comments, processing instructions, doctypes --------------------------------


def test_a_comment_is_html_at_once_and_an_odd_one_is_skipped():
    assert sniffs_as_html(b"<!-- generated -->")  # the standard's `<!--` pattern
    assert sniffs_as_html(b'<!--?xml version="1.0"?--><!DOCTYPE html><html>')
    assert sniffs_as_html(b"<!--x-->\n<!--y-->  <div>")
    assert not sniffs_as_html(b"<!--x--> plain text")
    assert not sniffs_as_html(b"<!--never closed")


def test_an_xml_declaration_makes_it_xml_html_only_with_an_xhtml_root():
    xhtml = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN"'
             b' "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n<!-- licence -->\n'
             b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head></html>')
    assert sniffs_as_html(xhtml)
    assert sniffs_as_html(b"<?xml version='1.0'?><!-- c --><?xml-stylesheet href='s.xsl'?>\n<html\n>")
    for xml in (b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>",
                b"<?xml version='1.0'?><!DOCTYPE svg><svg/>",
                b"<?xml version='1.0'?><div>x</div>",  # no XHTML root: an XML tree in a browser
                b"<?xml version='1.0'?><!-- feed --><feed xmlns='http://www.w3.org/2005/Atom'/>"):
        assert not sniffs_as_html(xml), xml


def test_a_long_prolog_is_read_past_the_standards_1445_bytes():
    prolog = b"<?xml version='1.0'?><!-- " + b"licence text " * 300 + b"-->"
    assert len(prolog) > 1445
    assert sniffs_as_html(prolog + b"<html>")


# ---- the Content-Type decides first ------------------------------------------------------------


@pytest.mark.parametrize("content_type", [None, "", "  ", "nonsense", "text", "unknown/unknown",
                                          "application/unknown", "*/*", "text/html/extra"])
def test_no_type_or_an_unknown_one_lets_the_body_decide(content_type):
    assert is_html(content_type, b"<meta charset=utf-8><a href=/x>x</a>")
    assert not is_html(content_type, b"just text")


@pytest.mark.parametrize("content_type", ["text/html", "TEXT/HTML; charset=utf-8", "application/xhtml+xml",
                                          "application/vnd.wap.xhtml+xml", "text/x-server-parsed+html"])
def test_html_types_are_html_whatever_the_body(content_type):
    assert is_html(content_type, b"just text")


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain; charset=UTF-8", "application/octet-stream",
                                          "image/png", "image/svg+xml", "application/json", "text/css"])
def test_a_browser_never_renders_other_types_as_html(content_type):
    """MIME Sniffing 7: a supplied type other than the unknown ones is kept (text/plain
    only checked for binary), so a browser shows the markup as text, or downloads it."""
    assert not is_html(content_type, b"<!DOCTYPE html><html><a href=/x>x</a>")


@pytest.mark.parametrize("content_type", ["text/xml", "application/xml; charset=utf-8", "application/rss+xml"])
def test_an_xml_type_is_html_when_the_document_is_xhtml(content_type):
    assert is_html(content_type, b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>")
    assert is_html(content_type, b"<!DOCTYPE html><html xmlns='http://www.w3.org/1999/xhtml'>")
    assert not is_html(content_type, b"<?xml version='1.0'?><rss><channel><link>http://x/</link></channel></rss>")
    assert not is_html(content_type, b"<!-- a comment first --><svg/>")  # no `<!--` shortcut for XML


def test_extract_follows_the_decision():
    body = b"\t<meta property='og:title' content='t'>\n<title>T</title><a href='https://other.example/'>x</a>"
    for content_type, links in ((None, 1), ("application/octet-stream", 0), ("text/plain", 0),
                                ("unknown/unknown", 1)):
        headers = {"Content-Type": content_type} if content_type else {}
        result = extract("https://example.com/", body, headers)
        assert len(result.links) == links, content_type
        assert result.page["title"] == ("T" if links else None)


# ---- the real pages that sniffing missed -------------------------------------------------------

CASES = [("trafilatura", "027.html.gz"),  # <?xml ...?> then an XHTML 1.1 doctype
         ("mozilla-readability", "herald-sun-1.html.gz"),  # <!--?xml ...?--> then XHTML Mobile
         ("trafilatura", "035.html.gz")]  # \t<meta property=...> ... : the head's tags, no <html>


def _corpus_page(page_set: str, name: str) -> tuple[str, bytes]:
    folder = need_corpus("pages", page_set)
    for line in (folder / "manifest.jsonl").read_text().splitlines():
        entry = json.loads(line)
        if entry["file"] == name:
            return entry["url"], gzip.decompress((folder / name).read_bytes())
    raise AssertionError(f"{page_set}/{name} is not in its manifest")


def _html5lib_title(text: str) -> str | None:
    root = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    title = root.find(".//title")
    return " ".join("".join(title.itertext()).split()) if title is not None else None


@pytest.mark.parametrize(("page_set", "name"), CASES, ids=[c[1] for c in CASES])
def test_a_real_page_without_content_type_gives_its_links_and_title(page_set, name):
    url, body = _corpus_page(page_set, name)
    result = extract(url, body, {})
    _, text = decode_html(None, body)
    theirs, _ = reference_links(url, text)
    ours = Counter(row["dst_url"] for row in result.links if row["kind"] in ("a", "area"))
    expected = Counter(target for target, _, _ in theirs)
    assert sum(expected.values()) > 10
    assert ours == expected
    assert result.page["title"] and result.page["title"] == _html5lib_title(text)
