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
#: How deep nested JSON-LD is searched for Organizations (a publisher inside an article).
MAX_DEPTH = 6


def _mini_document(og_metas: list[tuple[str, str]], script: str | None) -> str:
    metas = "".join(
        f'<meta property="{html.escape(prop)}" content="{html.escape(content)}">' for prop, content in og_metas
    )
    body = f'<script type="application/ld+json">{script}</script>' if script is not None else ""
    return f"<html><head>{metas}{body}</head></html>"


def _run(document: str, syntax: str, errors: list[str], url: str) -> list[dict[str, Any]]:
    try:
        return extruct.extract(document, syntaxes=[syntax], uniform=False).get(syntax) or []
    except Exception as exc:  # noqa: BLE001 - untrusted page data: one bad script, one error
        # An isolation boundary: whatever extruct (lxml, json, jstyleson) raises on a page's
        # data costs that script only; it is counted by the caller through `errors`.
        logger.debug("extruct %s failed on %s", syntax, url, exc_info=True)
        errors.append(f"extruct-{syntax}: {type(exc).__name__}")
        return []


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


def structured_data(
    og_metas: list[tuple[str, str]], scripts: list[str], url: str, errors: list[str]
) -> dict[str, Any]:
    """og_site_name, og_type, schema_types, author, date_published, same_as of a page,
    from its `og:` meta properties and the texts of its JSON-LD scripts."""
    og: dict[str, str] = {}
    if og_metas:
        for item in _run(_mini_document(og_metas, None), "opengraph", errors, url):
            for prop, content in item.get("properties") or []:
                og.setdefault(prop, content)
    jsonld: list[Any] = []
    for script in scripts:
        if script.strip():
            # `</` would end the script element of the small document early.
            jsonld.extend(_run(_mini_document([], script.replace("</", "<\\/")), "json-ld", errors, url))
    return summarise(jsonld, og)
