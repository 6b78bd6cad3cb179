"""Whether a response is HTML: by its Content-Type, and by its first bytes when the type
says nothing, as the WHATWG MIME Sniffing standard has a browser decide.

The crawl, `backlinks extract` and WARC ingest all ask `is_html()`, so a page is HTML (or
not) the same way wherever it comes from. The rules, by supplied type (MIME Sniffing, 7,
"determining the computed MIME type"):

- none, one that does not parse, `unknown/unknown`, `application/unknown`, `*/*`: the body
  is sniffed (`sniffs_as_html`, section 7.1);
- `text/html`, `application/xhtml+xml`, WAP's XHTML and any `+html`: HTML;
- an XML type (`text/xml`, `application/xml`, any `+xml` but images such as SVG): HTML when
  the document is XHTML (`is_xhtml`), which a browser renders as a page, not as an XML tree;
- any other (`text/plain`, `application/octet-stream`, images...): not HTML, whatever the
  body holds. A browser shows `text/plain` as text and downloads `application/octet-stream`
  (7.1 runs for neither; the "Apache bug" check only tells text from binary).

Sniffing reads the start of the body, after a byte-order mark (UTF-16 is decoded first)
and whitespace. It is HTML when it starts with one of the standard's HTML patterns
(`<!DOCTYPE HTML`, `<html`, `<head`, `<script`, `<iframe`, `<h1`, `<div`, `<font`,
`<table`, `<a`, `<style`, `<title`, `<b`, `<body`, `<br`, `<p`, `<!--`) or one of the other
tags Firefox's sniffer (nsUnknownDecoder) takes as HTML (`<meta`, `<link`, `<base`,
`<img`, `<form`, `<center`, `<h2`-`<h6`, `<pre`, `<frameset`, `<applet`, `<isindex`:
pages that start with their head's tags, the `<head>` left out). Comments, processing
instructions and doctypes that come before are skipped, as an HTML or XML parser skips
them; after an XML declaration (`<?xml`, the standard's XML pattern), the document is
XML, and only an `html` root (XHTML) makes it HTML.

Where this departs from the standard's table, and why: a tag name may end with any
whitespace or `/` as well as a space or `>` (where the HTML tokenizer ends it: `<html\n`,
`<br/>`); a UTF-8 byte-order mark before the markup is skipped (the table would call such
a page `text/plain`; browsers render it).
"""

from __future__ import annotations

import re

from w3lib.encoding import read_bom

#: Content types whose body is parsed for links.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
#: Types that say nothing: the body decides (MIME Sniffing, 7, step 2).
UNKNOWN_TYPES = frozenset({"unknown/unknown", "application/unknown", "*/*"})
XML_TYPES = frozenset({"text/xml", "application/xml"})
#: How much of the body is read. The standard's own patterns sit at its start (its resource
#: header is 1,445 bytes); the prolog before an XHTML root (an XML declaration, a doctype, a
#: licence in a comment) can be longer.
SNIFF_BYTES = 8192

_TOKEN = r"[!#$%&'*+.^_`|~0-9a-z-]+"
_MIME = re.compile(_TOKEN + "/" + _TOKEN)
_WHITESPACE = b"\t\n\x0c\r "
_TAG_END = rb"[\t\n\x0c\r />]"
_HTML_START = re.compile(
    rb"<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--"
    rb"|meta|link|base|img|form|center|h[2-6]|pre|frameset|applet|isindex)" + _TAG_END,
    re.IGNORECASE,
)
_XHTML_ROOT = re.compile(rb"<(?:!doctype html|html)" + _TAG_END, re.IGNORECASE)
#: What may come before the first element, and where each ends: comments, processing
#: instructions (the XML declaration among them), doctypes.
_PROLOG = ((b"<!--", b"-->"), (b"<?", b"?>"), (b"<!", b">"))


def essence(content_type: str | None) -> str | None:
    """The type/subtype of a Content-Type, lower-cased; None when there is none or it
    does not parse (the standard's "undefined" supplied type)."""
    if not content_type:
        return None
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime if _MIME.fullmatch(mime) else None


def _is_xml(mime: str) -> bool:
    """An XML type that may hold XHTML: not an image (`image/svg+xml` is drawn, never a page)."""
    return mime in XML_TYPES or (mime.endswith("+xml") and not mime.startswith("image/"))


def html_by_type(content_type: str | None) -> bool | None:
    """What the Content-Type alone says: True (an HTML type), False (a type a browser never
    renders as a page), None (the body decides: no type, an unknown one, or XML)."""
    mime = essence(content_type)
    if mime is not None and (mime in HTML_TYPES or mime.endswith("+html")):
        return True
    if mime is None or mime in UNKNOWN_TYPES or _is_xml(mime):
        return None
    return False


def is_html(content_type: str | None, body: bytes) -> bool:
    """Whether the response is HTML: by its Content-Type, else by its first bytes."""
    by_type = html_by_type(content_type)
    if by_type is not None:
        return by_type
    mime = essence(content_type)
    if mime is not None and _is_xml(mime):
        return is_xhtml(body)
    return sniffs_as_html(body)


def sniffs_as_html(body: bytes) -> bool:
    """Whether a body of unknown type is HTML (see the module docstring)."""
    return _first_markup(_head(body), _HTML_START)


def is_xhtml(body: bytes) -> bool:
    """Whether an XML body is an XHTML document: its root element is `html` (or its
    doctype is html's), after the XML declaration, comments and processing instructions."""
    return _first_markup(_head(body), _XHTML_ROOT)


def _head(body: bytes) -> bytes:
    """The first SNIFF_BYTES of `body` after its byte-order mark, UTF-16 decoded to UTF-8
    (markup in UTF-16 has a NUL between its ASCII bytes)."""
    encoding, bom = read_bom(body[:4])
    head = body[len(bom) : len(bom) + SNIFF_BYTES] if bom else body[:SNIFF_BYTES]
    if encoding is not None and encoding.startswith("utf-16"):
        return head.decode(encoding, errors="ignore").encode("utf-8")
    return head


def _first_markup(head: bytes, wanted: re.Pattern[bytes]) -> bool:
    """Whether `wanted` matches at the first markup of `head` that is no comment,
    processing instruction or doctype (those are skipped). After an XML declaration only
    an XHTML root counts."""
    position = 0
    while True:
        while position < len(head) and head[position] in _WHITESPACE:
            position += 1
        if wanted.match(head, position):
            return True
        for opening, closing in _PROLOG:
            if head.startswith(opening, position):
                end = head.find(closing, position + len(opening))
                if end < 0:
                    return False
                if opening == b"<?":
                    wanted = _XHTML_ROOT  # an XML document: XHTML or not HTML at all
                position = end + len(closing)
                break
        else:
            return False
