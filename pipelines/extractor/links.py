"""The walk over a parsed page that turns its link elements into link rows.

One CSS query returns every element that can link out, in document order (which gives
`position`); hrefs inside comments, scripts, styles and templates are not elements of the
document, so they never show up. Targets are resolved as a browser would (first `<base
href>`, WHATWG rules) and stored in canonical form; only http(s) targets become rows, the
others are counted on the page row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pipelines.extractor.context import ContextFinder
from pipelines.extractor.placement import Placer
from pipelines.extractor.urls import canonical_url, registered_domain, resolve, strip_noise

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Every element that can link out, in one query so that rows come in document order.
LINK_ELEMENTS = "a[href], area[href], link[href], iframe[src], frame[src], meta[http-equiv][content]"
#: Schemes a link row may point to.
HTTP_SCHEMES = ("http:", "https:")
#: Longest anchor text kept (an anchor around a whole article happens).
MAX_ANCHOR = 1000
MAX_HREFLANG = 64

# HTML's "shared declarative refresh steps": a delay, then `;` or `,`, then optionally
# `url=`, then the URL, optionally quoted.
_REFRESH = re.compile(r"\s*(?:[0-9]+[0-9.]*|\.[0-9.]*)\s*(?:[;,]\s*)?(?:url\s*=\s*)?", re.IGNORECASE)


def refresh_url(content: str) -> str | None:
    """The URL of a `<meta http-equiv=refresh content=...>`, or None if it only reloads."""
    match = _REFRESH.match(content)
    if match is None:
        return None  # no delay first: browsers ignore the element
    rest = content[match.end() :]
    if rest[:1] in ("'", '"'):
        quote, rest = rest[0], rest[1:]
        end = rest.find(quote)
        rest = rest if end < 0 else rest[:end]
    rest = rest.strip()
    return rest or None


def split_url(href: str) -> str:
    """The host of an http(s) URL already normalised by the WHATWG parser (which always
    writes a path, so the authority ends at the first slash after `//`)."""
    start = href.find("//")
    if start < 0:
        return ""
    end = href.find("/", start + 2)
    authority = href[start + 2 : end] if end >= 0 else href[start + 2 :]
    if "@" in authority:
        authority = authority.rpartition("@")[2]
    if authority.startswith("["):
        return authority[: authority.find("]") + 1]
    return authority.partition(":")[0]


def rel_tokens(value: str | None) -> str:
    """The rel attribute's tokens, lower-cased and space-joined."""
    return " ".join(value.lower().split()) if value else ""


def frozen_base(tree: LexborHTMLParser, url: str) -> str:
    """The base URL of the document: the first `<base href>`, resolved against the page URL
    (HTML's "frozen base URL"; a data: or javascript: base is ignored)."""
    node = tree.css_first("base[href]")
    if node is None:
        return url
    base = resolve(url, node.attrs.get("href") or "")
    if base is None or base.startswith(("data:", "javascript:")):
        return url
    return base


def _image_alts(tree: LexborHTMLParser) -> set[int]:
    """`mem_id`s of the `<a>` elements that contain an image."""
    anchors: set[int] = set()
    for img in tree.css("a[href] img"):
        parent = img.parent
        while parent is not None and parent.tag != "a":
            parent = parent.parent
        if parent is not None:
            anchors.add(parent.mem_id)
    return anchors


def _image_anchor(node: LexborNode) -> str:
    """The anchor of an image link: its text with each image's alt text in its place."""
    parts = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag == "img":
            parts.append(f" {child.attrs.get('alt') or ''} ")
    return " ".join("".join(parts).split())


class LinkWalker:
    """Turns the link elements of one page into rows and counts what it skipped."""

    def __init__(self, url: str, *, page_nofollow: bool, private_suffixes: bool) -> None:
        self.src_url = canonical_url(url)
        self.src_host = split_url(self.src_url)
        self.private = private_suffixes
        self.src_domain = registered_domain(self.src_host, private=private_suffixes)
        self.page_nofollow = page_nofollow
        self.rows: list[dict[str, Any]] = []
        self.non_http = 0
        self.unresolvable = 0
        self.hrefs: list[str] = []  # non-http(s) targets, for contact details
        self.context = ContextFinder()
        # href -> (dst_url, dst_host, dst_domain), or a str saying why it is no link.
        self._targets: dict[tuple[str, str], tuple[str, str, str] | str] = {}

    def add(
        self,
        kind: str,
        href: str,
        base: str,
        *,
        anchor: str = "",
        image: bool = False,
        rel: str = "",
        placement: str = "other",
        node: LexborNode | None = None,
        hreflang: str | None = None,
        count: bool = False,
    ) -> dict[str, Any] | None:
        """Append the row for `href`, or count it (when `count`) if it is no http(s) link.

        `node`, when given, is the element whose surrounding text becomes the context.
        """
        target = self._targets.get((base, href))
        if target is None:
            target = self._target(base, href)
            self._targets[(base, href)] = target
        if target.__class__ is str:
            if target == "":
                self.unresolvable += count
            else:
                self.non_http += count
                if count:
                    self.hrefs.append(target)  # type: ignore[arg-type]
            return None
        dst, host, domain = target  # type: ignore[misc]
        tokens = rel.split()
        before, after = self.context.around(node) if node is not None else ("", "")
        row = {
            "src_url": self.src_url,
            "src_host": self.src_host,
            "src_domain": self.src_domain,
            "dst_url": dst,
            "dst_host": host,
            "dst_domain": domain,
            "kind": kind,
            "image": image,
            "anchor_text": anchor,
            "rel": rel,
            "nofollow": "nofollow" in tokens,
            "ugc": "ugc" in tokens,
            "sponsored": "sponsored" in tokens,
            "page_nofollow": self.page_nofollow,
            "placement": placement,
            "context_before": before,
            "context_after": after,
            "position": len(self.rows),
            "external": domain != self.src_domain,
            "hreflang": hreflang,
            "href": href,
        }
        self.rows.append(row)
        return row

    def _target(self, base: str, href: str) -> tuple[str, str, str] | str:
        """(dst_url, dst_host, dst_domain) of `href`; "" if it does not resolve, the
        resolved URL if it is no http(s) one."""
        resolved = resolve(base, href)
        if resolved is None:
            return ""
        if not resolved.startswith(HTTP_SCHEMES):
            return resolved
        dst = strip_noise(resolved)
        host = split_url(dst)
        return dst, host, registered_domain(host, private=self.private)

    def walk(self, tree: LexborHTMLParser, base: str) -> None:
        """Add a row for every link element of the parsed page, in document order."""
        placer = Placer()
        images = _image_alts(tree)
        in_text: list[dict[str, Any]] = []
        for node in tree.css(LINK_ELEMENTS):
            tag = node.tag
            attrs = node.attrs
            if tag == "a" or tag == "area":
                key = node.mem_id
                if tag == "area":
                    anchor, image = " ".join((attrs.get("alt") or "").split()), True
                elif key in images:
                    anchor, image = _image_anchor(node), True
                else:
                    anchor = " ".join(node.text(deep=True).split())
                    image = False
                placement, running = placer.of(node)
                row = self.add(
                    tag,
                    attrs.get("href") or "",
                    base,
                    anchor=anchor[:MAX_ANCHOR],
                    image=image,
                    rel=rel_tokens(attrs.get("rel")),
                    placement=placement or "other",
                    node=node,
                    count=True,
                )
                if row is not None and running and placement is None:
                    in_text.append(row)
            elif tag == "link":
                rel = rel_tokens(attrs.get("rel"))
                tokens = rel.split()
                if "canonical" in tokens:
                    self.add("canonical", attrs.get("href") or "", base, rel=rel)
                elif "alternate" in tokens and attrs.get("hreflang"):
                    hreflang = " ".join((attrs.get("hreflang") or "").split())[:MAX_HREFLANG]
                    self.add("alternate", attrs.get("href") or "", base, rel=rel, hreflang=hreflang)
            elif tag == "iframe" or tag == "frame":
                placement, _ = placer.of(node)
                self.add("frame", attrs.get("src") or "", base, placement=placement or "other")
            elif tag == "meta" and (attrs.get("http-equiv") or "").strip().lower() == "refresh":
                target = refresh_url(attrs.get("content") or "")
                if target is not None:
                    self.add("refresh", target, base)
        # A page that marks no main content: its links in running text are editorial.
        if not placer.has_content:
            for row in in_text:
                row["placement"] = "content"
