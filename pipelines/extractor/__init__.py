"""The link extractor: plain functions over (URL, bytes, headers), no Scrapy, no WARC.

The crawl's extract pipeline, `backlinks extract` and WARC ingest all call `extract()`;
the same bytes and URL give the same rows (../shared/DESIGN.md, "One extractor").
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from pipelines.extractor import facts, placement
from pipelines.extractor.decode import (
    Headers,
    HeadersLike,
    clean,
    defuse,
    parser_input,
)
from pipelines.extractor.links import LinkWalker, frozen_base
from pipelines.extractor.scan import scan
from pipelines.extractor.sniff import is_html
from pipelines.extractor.structured import structured_data
from pipelines.extractor.urls import clear_origins, registered_domain, resolve, strip_noise

__all__ = ["Extraction", "clear_caches", "extract"]


@dataclass
class Extraction:
    """What one response gives: its `pages` row and its `links` rows, without the columns
    the caller sets (crawl_id, fetched_at, source, depth, error, warc_*)."""

    page: dict[str, Any]
    links: list[dict[str, Any]]
    #: Recoverable problems met on the way (e.g. "extruct-json-ld: JSONDecodeError"), for
    #: the caller's stats (`extract/errors`); the rows are complete without what failed.
    errors: list[str] = field(default_factory=list)
    #: The page's visible text (scripts and styles left out), as read for the simhash: what
    #: a caller that weighs the page's topic reads (discovery), so no one parses it again.
    text: str = ""


def _charset_param(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'").lower() or None
    return None


def _empty_page(
    walker: LinkWalker, body: bytes, headers: Headers, status: int, ip: str | None
) -> dict[str, Any]:
    content_type = headers.get("content-type")
    x_robots = headers.getlist("x-robots-tag")
    return {
        "url": walker.src_url,
        "host": walker.src_host,
        "domain": walker.src_domain,
        "status": status,
        "content_type": content_type,
        "content_length": len(body),
        "charset": _charset_param(content_type),
        "ip_address": ip,
        "redirect_to": None,
        "title": None,
        "meta_description": None,
        "lang": facts.short(headers.get("content-language"), 64),
        "canonical": None,
        "meta_robots": None,
        "x_robots_tag": ", ".join(x_robots) if x_robots else None,
        "noindex": False,
        "nofollow": False,
        "links_internal": 0,
        "links_external": 0,
        "linked_domains": 0,
        "non_http_links": 0,
        "unresolvable_links": 0,
        "simhash": None,
        "content_sha1": hashlib.sha1(body).hexdigest(),
        "analytics_ids": [],
        "contacts": [],
        "text": None,
        "og_site_name": None,
        "og_type": None,
        "schema_types": [],
        "author": None,
        "date_published": None,
        "same_as": [],
    }


def _parse_html(
    page: dict[str, Any], walker: LinkWalker, url: str, body: bytes, errors: list[str], *, links: bool
) -> str:
    """Decode and parse an HTML body; fill the page facts, and the link rows when `links`.
    Returns the visible text."""
    page["charset"], data = parser_input(page["content_type"], body)
    tree = LexborHTMLParser(defuse(data))
    found = scan(tree)
    # Scripts, styles and templates out of the tree now that scan() has read them: anchor
    # texts, context windows and the visible text are then free of code. No link element
    # is inside one (their contents are text, or inert).
    for node in found.silent:
        node.decompose()
    root = tree.root
    lang = root.attributes.get("lang") if root is not None and root.tag == "html" else None
    page["title"] = facts.short(found.title)
    page["meta_description"] = facts.short(found.description)
    page["lang"] = facts.short(lang, 64) or page["lang"]
    if found.meta_robots:
        page["meta_robots"] = facts.short(", ".join(found.meta_robots))
    header_robots = [page["x_robots_tag"]] if page["x_robots_tag"] else []
    page["noindex"], page["nofollow"] = facts.robots(found.meta_robots, header_robots)
    walker.page_nofollow = page["nofollow"]
    base = frozen_base(found.base_href, url)
    if links:
        walker.walk(found.links, found.link_tags, found.images, base, marked_content=found.marked_content)
    if found.canonical_href is not None:
        target = resolve(base, found.canonical_href)
        if target and target.startswith(("http:", "https:")):
            page["canonical"] = strip_noise(target)  # resolve() has normalised it
    page["analytics_ids"] = facts.analytics_ids("\n".join(found.code))
    page.update(structured_data(found.og_metas, found.jsonld, url, errors))
    visible, page["text"] = facts.split_text(tree.body or root)
    page["simhash"] = facts.simhash(visible)
    page["contacts"] = facts.contacts(visible, walker.hrefs, page["contacts"])
    return visible


def _count(page: dict[str, Any], walker: LinkWalker) -> None:
    external = [row for row in walker.rows if row["external"]]
    page["links_external"] = len(external)
    page["links_internal"] = len(walker.rows) - len(external)
    page["linked_domains"] = len({row["dst_domain"] for row in external})
    page["non_http_links"] = walker.non_http
    page["unresolvable_links"] = walker.unresolvable


def extract(
    url: str,
    body: bytes,
    headers: HeadersLike,
    *,
    status: int = 200,
    ip_address: str | None = None,
    private_suffixes: bool = False,
) -> Extraction:
    """The `pages` row and `links` rows of one HTTP response.

    `headers`: a mapping or (name, value) pairs, str or bytes, names in any case. Links
    come from HTML bodies of 2xx responses, and from the Location of a 3xx (`redirect`).

    Python's cycle collector is paused while a page is extracted: the walk allocates a
    dozen objects per link (node handles, tuples, the row), which would start a collection
    every few hundred links that scans them all and finds nothing to free (none of them
    form a cycle); it runs again as usual once the page is done.
    """
    if not gc.isenabled():
        return _extract(url, body, headers, status, ip_address, private_suffixes)
    gc.disable()
    try:
        return _extract(url, body, headers, status, ip_address, private_suffixes)
    finally:
        gc.enable()


def _extract(
    url: str, body: bytes, headers: HeadersLike, status: int, ip_address: str | None, private_suffixes: bool
) -> Extraction:
    url = clean(url)
    body = body or b""
    parsed = Headers(headers)
    walker = LinkWalker(url, page_nofollow=False, private_suffixes=private_suffixes)
    page = _empty_page(walker, body, parsed, status, ip_address)
    header_robots = [page["x_robots_tag"]] if page["x_robots_tag"] else []
    page["noindex"], page["nofollow"] = facts.robots([], header_robots)
    walker.page_nofollow = page["nofollow"]
    errors: list[str] = []
    text = ""
    location = parsed.get("location")
    if 300 <= status < 400 and location:
        row = walker.add("redirect", location, url)
        page["redirect_to"] = row["dst_url"] if row else None
    else:
        ok = 200 <= status < 300
        header_canonical = None
        if ok:
            for target in facts.link_header_targets(parsed.getlist("link"), "canonical"):
                row = walker.add("canonical", target, url, rel="canonical")
                header_canonical = header_canonical or (row["dst_url"] if row else None)
        if body and is_html(page["content_type"], body):
            text = _parse_html(page, walker, url, body, errors, links=ok)
        page["canonical"] = page["canonical"] or header_canonical
    _count(page, walker)
    return Extraction(page=page, links=walker.rows, errors=errors, text=text)



def clear_caches() -> None:
    """Forget what the extractor remembers across pages (registered domains, placement
    steps, base URLs' origins), so that a benchmark's repetition starts as cold as a new
    process."""
    registered_domain.cache_clear()
    clear_origins()
    placement.classify.cache_clear()
    placement.clear_steps()
