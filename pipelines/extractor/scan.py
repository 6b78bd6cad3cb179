"""One CSS query over the parsed page, its results sorted by what they are for.

Every full-tree query costs lexbor a walk of the whole document (about 0.1 ms on a page of
the corpus); asking separately for the links, `<base>`, the title, the metas, the scripts
and the images cost nine such walks, more than the link rows themselves. One query with
every selector returns them in document order, and this pass sorts them: the link elements
go to the walk (in document order, which is `position`), the rest become page facts.
Template contents are no part of the document, so nothing inside them is found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

# (`meta[content]` and `a img`, not `meta` and `img`: a meta without content says nothing,
# an image outside a link is no image link; fewer nodes to sort, and a faster query.)
SELECTOR: Final = (
    "a[href], area[href], link[href], iframe[src], frame[src], meta[content], base[href], "
    "title, script, style, template, ins[data-ad-client], a img, main, article, [role=main i]"
)
#: `<meta name=...>` values that address us (generic robots, and our own bot name).
META_ROBOTS_NAMES: Final = frozenset({"robots", "backlinks"})
#: How far up from an `<img>` its anchor is looked for (`<a><picture><img>`, `<a><div><img>`).
IMAGE_DEPTH: Final = 8
#: At most this many JSON-LD scripts are read.
MAX_JSONLD: Final = 50


@dataclass
class Scan:
    """What the page's elements say, sorted by purpose."""

    links: list[LexborNode] = field(default_factory=list)  # a, area, link, iframe, frame, refresh meta
    link_tags: list[str] = field(default_factory=list)  # the tag of each of `links` (read once, here)
    images: set[int] = field(default_factory=set)  # mem_ids of the anchors that hold an image
    base_href: str | None = None  # the first <base href>
    title: str | None = None
    description: str | None = None
    meta_robots: list[str] = field(default_factory=list)
    canonical_href: str | None = None  # the first <link rel=canonical href>
    og_metas: list[tuple[str, str]] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)  # script texts and srcs, iframe srcs, ad clients
    silent: list[LexborNode] = field(default_factory=list)  # script, style, template
    marked_content: bool = False  # the page has a <main>, an <article> or a role=main


def _meta(scan: Scan, node: LexborNode, attrs: dict[str, str | None]) -> None:
    content = attrs.get("content")
    if content is None:
        return
    name = (attrs.get("name") or "").strip().lower()
    if name in META_ROBOTS_NAMES:
        scan.meta_robots.append(content)
    elif name == "description" and scan.description is None:
        scan.description = content
    prop = (attrs.get("property") or "").strip().lower()
    if prop.startswith("og:"):
        scan.og_metas.append((prop, content))
    if (attrs.get("http-equiv") or "").strip().lower() == "refresh":
        scan.links.append(node)
        scan.link_tags.append("meta")


def _script(scan: Scan, node: LexborNode, attrs: dict[str, str | None]) -> None:
    src = attrs.get("src")
    if src:
        scan.code.append(src)
    kind = (attrs.get("type") or "").strip().lower()
    if kind == "application/ld+json":
        if len(scan.jsonld) < MAX_JSONLD:
            scan.jsonld.append(node.text())
    elif kind != "text/template":
        scan.code.append(node.text())
    scan.silent.append(node)


def _image(scan: Scan, node: LexborNode) -> None:
    parent = node.parent
    for _ in range(IMAGE_DEPTH):
        if parent is None:
            return
        if parent.tag == "a":
            scan.images.add(parent.mem_id)
            return
        parent = parent.parent


def scan(tree: LexborHTMLParser) -> Scan:
    """Sort the page's interesting elements (see `SELECTOR`) by purpose."""
    result = Scan()
    links, link_tags = result.links, result.link_tags
    for node in tree.css(SELECTOR):
        tag = node.tag
        if tag == "a" or tag == "area":
            links.append(node)
            link_tags.append(tag)
        elif tag == "img":
            _image(result, node)
        else:
            attrs = node.attributes
            if tag == "link":
                links.append(node)
                link_tags.append(tag)
                rel = (attrs.get("rel") or "").lower().split()
                if "canonical" in rel and result.canonical_href is None:
                    result.canonical_href = attrs.get("href") or ""
            elif tag == "meta":
                _meta(result, node, attrs)
            elif tag == "script":
                _script(result, node, attrs)
            elif tag == "iframe" or tag == "frame":
                links.append(node)
                link_tags.append(tag)
                result.code.append(attrs.get("src") or "")
            elif tag == "base":
                if result.base_href is None:
                    result.base_href = attrs.get("href") or ""
            elif tag == "title":
                if result.title is None:
                    result.title = node.text()
            elif tag == "ins":
                result.code.append(attrs.get("data-ad-client") or "")
            elif tag == "style" or tag == "template":
                result.silent.append(node)
            elif tag == "main" or tag == "article" or (attrs.get("role") or "").strip().lower() == "main":
                result.marked_content = True
    return result
