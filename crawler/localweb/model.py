"""The local web's data model: planted links, pages, replies, and how an href is written.

A page is built as data first (its links in document order, each with the target the truth
records), then rendered to HTML. The truth comes from the data, never from parsing the HTML, so
it is independent of any extractor.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PLACEMENTS = ("content", "nav", "header", "footer", "aside", "comment", "other")

#: An item of a streamed body: bytes to send, or a float of seconds to wait before the next item.
Chunk = bytes | float


@dataclass(slots=True)
class Reply:
    """One HTTP response. ``body`` is bytes, or an iterable of chunks for streaming and slow
    endpoints: each chunk is bytes to write or a float of seconds to wait (the server sleeps
    asynchronously, so a slow reply never blocks other requests). A streamed body without a
    Content-Length header is sent chunked; the connection is closed after any streamed body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes | Iterable[Chunk] = b""

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


@dataclass(slots=True)
class Link:
    """One planted link. ``dst`` is the truth target (absolute, normalised); ``href`` is the
    spelling written in the page, filled in by the page builder (``None`` until then)."""

    dst: str
    anchor: str  # the truth anchor: whitespace-collapsed text, or the image alt
    placement: str = "content"
    rel: str = ""  # as written in the HTML (mixed case, extra spaces allowed)
    style: str = "abs"  # how to write href: abs, root, proto, rel, dot, upper, port, frag, ws
    kind: str = "a"  # a | area
    image: bool = False
    html: str | None = None  # inner HTML to write instead of the escaped anchor
    href: str | None = None  # a literal href (overrides style)

    def rel_tokens(self) -> list[str]:
        return self.rel.lower().split()


@dataclass(slots=True)
class Page:
    """An HTML page (or a redirect/error) of a site, as data."""

    url: str
    status: int = 200
    title: str = ""
    description: str = ""  # the meta description, when not empty
    links: list[Link] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    base_href: str | None = None
    meta_nofollow: str | None = None  # the meta robots content when it says nofollow
    x_robots_nofollow: bool = False
    charset: str = "utf-8"
    meta_charset: bool = True  # write <meta charset> too (never for the non-UTF-8 pages)
    redirect_to: str | None = None
    decoys: bool = False
    trap: bool = False
    pad_kb: int = 0
    lang: str = "en"
    site_name: str = ""
    #: analytics and ad account ids the page's scripts carry (Google Analytics UA-/G-, AdSense
    #: ca-pub-): the planted spam network shares them (spam.py)
    tracking: tuple[str, ...] = ()

    @property
    def base_url(self) -> str:
        """The URL relative hrefs resolve against (``<base href>`` or the page's own URL)."""
        if self.base_href is None:
            return self.url
        if self.base_href.startswith("/"):
            parts = urlsplit(self.url)
            return f"{parts.scheme}://{parts.netloc}{self.base_href}"
        return self.base_href

    @property
    def page_nofollow(self) -> bool:
        return self.meta_nofollow is not None or self.x_robots_nofollow

    def in_order(self) -> Iterator[Link]:
        """Links in document order (the order the renderer writes the placements in)."""
        for placement in RENDER_ORDER:
            yield from (link for link in self.links if link.placement == placement)


#: The order the page template writes its regions in; ``position`` follows it.
RENDER_ORDER = ("header", "nav", "content", "comment", "aside", "other", "footer")


def relative_path(src_path: str, dst_path: str) -> str:
    """The shortest ``../x/y.html`` style reference from ``src_path`` to ``dst_path``."""
    src_dir = src_path.rsplit("/", 1)[0] or "/"
    dst_dir, name = dst_path.rsplit("/", 1)
    rel = posixpath.relpath(dst_dir or "/", src_dir)
    if rel == ".":
        return name or "./"
    return f"{rel}/{name}"


def write_href(link: Link, base: str) -> str:
    """The href spelling of ``link`` for a page whose base URL is ``base``."""
    if link.href is not None:
        return link.href
    dst = urlsplit(link.dst)
    b = urlsplit(base)
    same_host = dst.netloc == b.netloc
    path_query = dst.path + (f"?{dst.query}" if dst.query else "")
    style = link.style
    if style == "root" and same_host:
        return path_query
    if style == "proto":
        return f"//{dst.netloc}{path_query}"
    if style in ("rel", "dot") and same_host:
        rel = relative_path(b.path or "/", dst.path)
        if style == "dot" and not rel.startswith("."):
            rel = "./" + rel
        return rel + (f"?{dst.query}" if dst.query else "")
    if style == "upper":
        return f"HTTP://{dst.netloc.upper()}{path_query}"
    if style == "port":
        return f"http://{dst.netloc}:80{path_query}"
    if style == "frag":
        return f"{link.dst}#section-{len(dst.path) % 7}"
    if style == "ws":
        return f"  \n {link.dst}\t "
    if style == "idn":
        return f"http://{dst.netloc.encode('ascii').decode('idna')}{path_query}"
    if style == "utm":
        sep = "&" if dst.query else "?"
        return f"{link.dst}{sep}utm_medium=referral&utm_source=localweb"
    return link.dst
