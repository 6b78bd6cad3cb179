"""The walk over a parsed page that turns its link elements into link rows.

`scan.py`'s query gives every element that can link out, in document order (which gives
`position`); hrefs inside comments, scripts, styles and templates are not elements of the
document, so they never show up. Targets are resolved as a browser would (first `<base
href>`, WHATWG rules) and stored in canonical form; only http(s) targets become rows, the
others are counted on the page row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from pipelines.extractor.context import BLOCKS, ContextFinder
from pipelines.extractor.placement import Placer
from pipelines.extractor.urls import (
    canonical_url,
    registered_domain,
    resolve,
    strip_noise,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

#: Longest anchor text kept (an anchor around a whole article happens).
MAX_ANCHOR: Final = 1000
MAX_HREFLANG: Final = 64

# HTML's "shared declarative refresh steps": a delay, then `;` or `,`, then optionally
# `url=`, then the URL, optionally quoted.
_REFRESH: Final = re.compile(r"\s*(?:[0-9]+[0-9.]*|\.[0-9.]*)\s*(?:[;,]\s*)?(?:url\s*=\s*)?", re.IGNORECASE)


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


def frozen_base(base_href: str | None, url: str) -> str:
    """The base URL of the document: its first `<base href>`, resolved against the page URL
    (HTML's "frozen base URL"; a data: or javascript: base is ignored)."""
    if base_href is None:
        return url
    base = resolve(url, base_href)
    if base is None or base.startswith(("data:", "javascript:")):
        return url
    return base


def _image_anchor(node: LexborNode) -> str:
    """The anchor of an image link: its text with each image's alt text in its place."""
    parts = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag == "img":
            parts.append(f" {child.attrs.get('alt') or ''} ")
    return " ".join("".join(parts).split())


def _edge(sibling: LexborNode | None, forward: bool) -> bool:
    """Whether nothing but whitespace stands between a link and its parent's edge, on one
    side: no sibling, or one whitespace text node (`<li>\n  <a>...</a>\n</li>`). The context
    window of a link alone in its block is empty; this finds most menu and list links
    without gathering their (empty) windows."""
    if sibling is None:
        return True
    if sibling.tag != "-text" or (sibling.next if forward else sibling.prev) is not None:
        return False
    text = sibling.text_content
    return not text or text.isspace()


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
        self._domains: dict[str, str] = {}  # host -> registered domain, for this page

    def add(
        self,
        kind: str,
        href: str,
        base: str,
        *,
        rel: str = "",
        placement: str = "other",
        hreflang: str | None = None,
    ) -> dict[str, Any] | None:
        """Append the row of a link without anchor or context (redirect, canonical,
        alternate, refresh, frame) to `href`; None if it is no http(s) link."""
        target = self._target(base, href)
        if isinstance(target, str):
            return None
        dst, host, domain = target
        tokens = rel.split()
        row = self._row_template()
        row["dst_url"] = dst
        row["dst_host"] = host
        row["dst_domain"] = domain
        row["kind"] = kind
        row["rel"] = rel
        row["nofollow"] = "nofollow" in tokens
        row["ugc"] = "ugc" in tokens
        row["sponsored"] = "sponsored" in tokens
        row["placement"] = placement
        row["position"] = len(self.rows)
        row["external"] = domain != self.src_domain
        row["hreflang"] = hreflang
        row["href"] = href
        self.rows.append(row)
        return row

    def _row_template(self) -> dict[str, Any]:
        """A link row with this page's columns and every other column empty: the rows are
        copies of it with their own values set (a dict copy costs one memcpy of its keys,
        less than building a row of 21 anew, for every link of the crawl)."""
        return {
            "src_url": self.src_url,
            "src_host": self.src_host,
            "src_domain": self.src_domain,
            "dst_url": "",
            "dst_host": "",
            "dst_domain": "",
            "kind": "a",
            "image": False,
            "anchor_text": "",
            "rel": "",
            "nofollow": False,
            "ugc": False,
            "sponsored": False,
            "page_nofollow": self.page_nofollow,
            "placement": "other",
            "context_before": "",
            "context_after": "",
            "position": 0,
            "external": False,
            "hreflang": None,
            "href": "",
        }

    def _target(self, base: str, href: str) -> tuple[str, str, str] | str:
        """(dst_url, dst_host, dst_domain) of `href`; "" if it does not resolve, the
        resolved URL if it is no http(s) one."""
        resolved = resolve(base, href)
        if resolved is None:
            return ""
        if not resolved.startswith(("http:", "https:")):
            return resolved
        dst = strip_noise(resolved)
        host = split_url(dst)
        domain = self._domains.get(host)
        if domain is None:
            domain = self._domains[host] = registered_domain(host, private=self.private)
        return (dst, host, domain)

    def _skip(self, target: str) -> None:
        """Count an `<a>`/`<area>` href that gives no row."""
        if target == "":
            self.unresolvable += 1
        else:
            self.non_http += 1
            self.hrefs.append(target)

    def _anchor(self, node: LexborNode, tag: str, attrs: Any, images: set[int]) -> tuple[str, bool]:
        if tag == "area":  # an image-map region: its alt text is its anchor, as for an image
            return " ".join((attrs.get("alt") or "").split())[:MAX_ANCHOR], False
        if node.mem_id in images:
            return _image_anchor(node)[:MAX_ANCHOR], True
        return " ".join(node.text().split())[:MAX_ANCHOR], False

    def walk(
        self,
        nodes: list[LexborNode],
        node_tags: list[str],
        images: set[int],
        base: str,
        *,
        marked_content: bool = False,
    ) -> None:
        """Add a row for every link element of the page (`nodes`, in document order, and
        `node_tags`, their tags as `scan()` read them; `images`: the `mem_id`s of the anchors
        that hold an image; `marked_content`: the page has a `<main>`, an `<article>` or a
        role=main, so running text outside them is not taken for content).

        The `<a>`/`<area>` path is written out inline: it runs for every link of the
        crawl, and function calls are what it costs in Python.
        """
        placer = Placer()
        states, tags = placer.states, placer.tags
        context = ContextFinder(tags=tags)
        in_text: list[dict[str, Any]] = []
        rows, src_domain = self.rows, self.src_domain
        template = self._row_template()
        targets: dict[str, tuple[str, str, str] | str] = {}  # href -> target, for this base
        for index in range(len(nodes)):
            node, tag = nodes[index], node_tags[index]
            attrs = node.attributes
            if tag == "a" or tag == "area":
                href = attrs.get("href") or ""
                target = targets.get(href)
                if target is None:
                    target = targets[href] = self._target(base, href)
                if isinstance(target, str):
                    self._skip(target)
                    continue
                if tag == "a" and (not images or node.mem_id not in images):
                    anchor, image = " ".join(node.text().split())[:MAX_ANCHOR], False
                else:
                    anchor, image = self._anchor(node, tag, attrs, images)
                rel = attrs.get("rel")
                rel = " ".join(rel.lower().split()) if rel else ""
                parent = node.parent
                if parent is None:
                    state, parent_tag = placer.state_in(None), None
                else:
                    parent_id = parent.mem_id
                    known = states.get(parent_id)
                    state = known if known is not None else placer.state_in(parent, parent_id)
                    parent_tag = tags[parent_id]
                prev, next_ = node.prev, node.next
                if (parent_tag is None or parent_tag in BLOCKS) and _edge(prev, False) and _edge(next_, True):
                    before = after = ""  # alone in its block: a menu item, a list of links
                else:
                    before, after = context.around(node, prev, next_, parent, parent_tag or "")
                dst, host, domain = target
                row = template.copy()
                row["dst_url"] = dst
                row["dst_host"] = host
                row["dst_domain"] = domain
                row["kind"] = tag
                row["image"] = image
                row["anchor_text"] = anchor
                row["rel"] = rel
                if rel:
                    tokens = rel.split()
                    row["nofollow"] = "nofollow" in tokens
                    row["ugc"] = "ugc" in tokens
                    row["sponsored"] = "sponsored" in tokens
                row["placement"] = state[0] or "other"
                row["context_before"] = before
                row["context_after"] = after
                row["position"] = len(rows)
                row["external"] = domain != src_domain
                row["href"] = href
                rows.append(row)
                if state[3] and state[0] is None:
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
                placement = placer.state_of(node)[0] or "other"
                self.add("frame", attrs.get("src") or "", base, placement=placement)
            elif tag == "meta" and (attrs.get("http-equiv") or "").strip().lower() == "refresh":
                refresh = refresh_url(attrs.get("content") or "")
                if refresh is not None:
                    self.add("refresh", refresh, base)
        # A page that marks no main content: its links in running text are editorial.
        if in_text and not marked_content and not any(row["placement"] == "content" for row in self.rows):
            for row in in_text:
                row["placement"] = "content"
