"""WAT input: Common Crawl's metadata records, which already list a page's links.

A WAT record is a `metadata` record whose block is a JSON envelope (recognised by its
content, not by the file name). The envelope of a response holds the page's target URI,
date, HTTP status and headers and, for HTML, `HTML-Metadata`: the head (title, metas,
`<link>`s, base) and `Links`, each a raw attribute value with its path (`A@/href`,
`AREA@/href`, `IFRAME@/src`, `__meta_refresh__`...) and, for anchors, the text and rel.

The link rows are the crawl's (same URL normalisation, domains, rel flags and page-level
nofollow) but WAT has no context and no placement: `placement`, `context_before`,
`context_after` and `image` are null, and `source` is `wat:<file>@<offset>`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pipelines.extractor import facts
from pipelines.extractor.links import MAX_ANCHOR, MAX_HREFLANG, LinkWalker, rel_tokens
from pipelines.extractor.urls import resolve
from pipelines.ingest.records import RecordError, parse_date

if TYPE_CHECKING:
    from datetime import datetime

#: WAT link paths that are links in a crawl too, and their kind.
KINDS = {"A@/href": "a", "AREA@/href": "area", "IFRAME@/src": "frame", "FRAME@/src": "frame",
         "__meta_refresh__": "refresh"}
#: Columns WAT cannot fill.
UNKNOWN = {"placement": None, "context_before": None, "context_after": None, "image": None}


def is_wat(content_type: str | None) -> bool:
    """Whether a metadata record's Content-Type is a WAT envelope's."""
    return content_type is not None and content_type.split(";", 1)[0].strip().lower() == "application/json"


def envelope(block: bytes) -> dict[str, Any] | None:
    """The JSON envelope of a WAT record; None if the JSON is no WAT envelope."""
    try:
        doc = json.loads(block)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RecordError("wat", f"WAT record is not JSON: {exc}") from None
    env = doc.get("Envelope") if isinstance(doc, dict) else None
    return env if isinstance(env, dict) else None


def response_links(env: dict[str, Any], *, private_suffixes: bool = False
                   ) -> tuple[str, datetime, list[dict[str, Any]]] | None:
    """(page URL, capture date, link rows) of a response envelope with HTML metadata; None
    for any other envelope (requests, metadata, non-HTML responses)."""
    warc = env.get("WARC-Header-Metadata") or {}
    response = (env.get("Payload-Metadata") or {}).get("HTTP-Response-Metadata") or {}
    html = response.get("HTML-Metadata")
    url = warc.get("WARC-Target-URI")
    if warc.get("WARC-Type") != "response" or not isinstance(html, dict) or not url:
        return None
    when = parse_date(warc.get("WARC-Date"))
    if when is None:
        raise RecordError("date", f"WAT envelope without a valid WARC-Date: {warc.get('WARC-Date')!r}")
    head = html.get("Head") or {}
    walker = LinkWalker(url, page_nofollow=_page_nofollow(head, response), private_suffixes=private_suffixes)
    base = _base(head, html, url)
    for link in head.get("Link") or []:
        _head_link(walker, link, base)
    for link in html.get("Links") or []:
        _body_link(walker, link, base)
    return url, when, [{**row, **UNKNOWN} for row in walker.rows]


def _page_nofollow(head: dict[str, Any], response: dict[str, Any]) -> bool:
    metas = [m.get("content") or "" for m in head.get("Metas") or []
             if isinstance(m, dict) and (m.get("name") or "").strip().lower() == "robots"]
    headers = response.get("Headers") or {}
    x_robots = [v for k, v in headers.items() if k.lower() == "x-robots-tag" and isinstance(v, str)]
    return facts.robots(metas, x_robots)[1]


def _base(head: dict[str, Any], html: dict[str, Any], url: str) -> str:
    """The frozen base URL: Head.Base or a `__base__` link, resolved against the page."""
    base = head.get("Base")
    if not base:
        base = next((link.get("url") for link in html.get("Links") or []
                     if isinstance(link, dict) and link.get("path") == "__base__"), None)
    resolved = resolve(url, base) if isinstance(base, str) and base else None
    return resolved if resolved and not resolved.startswith(("data:", "javascript:")) else url


def _head_link(walker: LinkWalker, link: Any, base: str) -> None:
    if not isinstance(link, dict) or link.get("path") != "LINK@/href":
        return
    rel = rel_tokens(link.get("rel"))
    tokens = rel.split()
    if "canonical" in tokens:
        walker.add("canonical", link.get("url") or "", base, rel=rel)
    elif "alternate" in tokens and link.get("hreflang"):
        hreflang = " ".join(str(link["hreflang"]).split())[:MAX_HREFLANG]
        walker.add("alternate", link.get("url") or "", base, rel=rel, hreflang=hreflang)


def _body_link(walker: LinkWalker, link: Any, base: str) -> None:
    if not isinstance(link, dict):
        return
    kind = KINDS.get(link.get("path") or "")
    if kind is None:
        return
    if kind in ("a", "area"):
        rel = rel_tokens(link.get("rel"))
        row = walker.add(kind, link.get("url") or "", base, rel=rel)
        if row is not None:
            text = link.get("text") if kind == "a" else link.get("alt")
            row["anchor_text"] = " ".join(str(text or "").split())[:MAX_ANCHOR]
    else:
        walker.add(kind, link.get("url") or "", base)
