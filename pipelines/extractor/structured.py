"""Structured data through extruct, limited to JSON-LD and OpenGraph.

extruct parses a whole page with lxml, which alone costs several times our link
extraction. The parse we already have finds the few elements these two syntaxes read
(`<script type=application/ld+json>` and `<meta property=og:...>`), and extruct reads a
small document made of just those, one JSON-LD script at a time so that one broken
script costs only itself. What comes out: og:site_name, og:type, schema.org types, the
article's author and datePublished, an Organization's sameAs links.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterator
from typing import Any

import extruct

from pipelines.extractor.facts import MAX_FOUND, short

logger = logging.getLogger(__name__)

#: Item types whose author and datePublished describe the page.
ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "techarticle", "scholarlyarticle", "report",
        "posting", "socialmediaposting", "liveblogposting", "review", "webpage", "creativework",
    }
)  # fmt: skip
#: JSON-LD scripts up to this size that are not strict JSON go to extruct's lenient parser.
LENIENT_BYTES = 16_384
#: How deep nested JSON-LD is searched for Organizations (a publisher inside an article).
MAX_DEPTH = 6


def _mini_document(og_metas: list[tuple[str, str]], scripts: list[str]) -> str:
    metas = "".join(
        f'<meta property="{html.escape(prop)}" content="{html.escape(content)}">'
        for prop, content in og_metas
    )
    # `</` would end a script element of the small document early; `<\/` means the same
    # inside a JSON string, and appears nowhere else in valid JSON.
    escaped = (script.replace("</", "<\\/") for script in scripts)
    body = "".join(f'<script type="application/ld+json">{script}</script>' for script in escaped)
    return f"<html><head>{metas}{body}</head></html>"


def _run(
    document: str, syntaxes: list[str], errors: list[str] | None, url: str
) -> dict[str, list[Any]] | None:
    """extruct's output for `document`; None if it raised (counted in `errors` if given)."""
    try:
        return extruct.extract(document, syntaxes=syntaxes, uniform=False)
    except Exception as exc:  # noqa: BLE001 - untrusted page data: one bad script, one error
        # An isolation boundary: whatever extruct (lxml, json, jstyleson) raises on a page's
        # data costs that part only; it is counted by the caller through `errors`.
        if errors is not None:
            logger.debug("extruct %s failed on %s", syntaxes, url, exc_info=True)
            errors.append(f"extruct-{syntaxes[0]}: {type(exc).__name__}")
        return None


def _types(item: dict[str, Any]) -> list[str]:
    value = item.get("@type")
    values = value if isinstance(value, list) else [value]
    return [v.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for v in values if isinstance(v, str) and v]


def _items(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON-LD value that has a @type, outer ones first."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for value in data:
            yield from _items(value, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for key, value in data.items():
            if isinstance(value, (dict, list)) and key != "@context":
                yield from _items(value, depth + 1)


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [name for name in map(_name, value) if name]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None


def _same_as(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def summarise(jsonld: list[Any], og: dict[str, str]) -> dict[str, Any]:
    """The page-row columns from JSON-LD items and OpenGraph properties."""
    out: dict[str, Any] = {
        "og_site_name": short(og.get("og:site_name"), 500),
        "og_type": short(og.get("og:type"), 100),
        "schema_types": [],
        "author": None,
        "date_published": None,
        "same_as": [],
    }
    types: dict[str, None] = {}
    same_as: dict[str, None] = {}
    for item in _items(jsonld):
        item_types = _types(item)
        types.update(dict.fromkeys(item_types))
        lowered = {t.lower() for t in item_types}
        if lowered & ARTICLE_TYPES:
            if out["author"] is None and item.get("author") is not None:
                out["author"] = short(_name(item.get("author")), 500)
            if out["date_published"] is None and isinstance(item.get("datePublished"), str):
                out["date_published"] = short(item["datePublished"], 100)
        if any(t.endswith("organization") or t in ("corporation", "localbusiness", "ngo") for t in lowered):
            same_as.update(dict.fromkeys(_same_as(item.get("sameAs"))))
    out["schema_types"] = [t for t in (short(t, 200) for t in list(types)[:MAX_FOUND]) if t]
    out["same_as"] = [s for s in (short(s, 2000) for s in list(same_as)[:MAX_FOUND]) if s]
    return out


def _readable(script: str, errors: list[str]) -> bool:
    """False (and counted) for a large script that is not JSON: extruct would hand it to
    jstyleson, which reads comments and trailing commas one character at a time in Python
    (a millisecond for 20 KB); small ones still get that chance."""
    if len(script) <= LENIENT_BYTES:
        return True
    try:
        json.loads(script, strict=False)
    except ValueError:
        errors.append("extruct-json-ld: JSONDecodeError")
        return False
    return True


def structured_data(
    og_metas: list[tuple[str, str]], scripts: list[str], url: str, errors: list[str]
) -> dict[str, Any]:
    """og_site_name, og_type, schema_types, author, date_published, same_as of a page,
    from its `og:` meta properties and the texts of its JSON-LD scripts.

    One extruct call reads them all; if it raises, each part is read on its own so that a
    broken script costs only itself (and one entry in `errors`).
    """
    scripts = [script for script in scripts if script.strip() and _readable(script, errors)]
    if not og_metas and not scripts:
        return summarise([], {})
    found = _run(_mini_document(og_metas, scripts), ["opengraph", "json-ld"], None, url)
    if found is None:
        found = {"opengraph": [], "json-ld": []}
        if og_metas:
            part = _run(_mini_document(og_metas, []), ["opengraph"], errors, url)
            found["opengraph"] = (part or {}).get("opengraph") or []
        for script in scripts:
            part = _run(_mini_document([], [script]), ["json-ld"], errors, url)
            found["json-ld"] += (part or {}).get("json-ld") or []
    og: dict[str, str] = {}
    for item in found.get("opengraph") or []:
        for prop, content in item.get("properties") or []:
            og.setdefault(prop, content)
    return summarise(found.get("json-ld") or [], og)
