"""Structured data through extruct, limited to JSON-LD and OpenGraph.

extruct parses a whole page with lxml, which alone costs several times our link
extraction. The parse we already have finds the few elements these two syntaxes read
(`<script type=application/ld+json>` and `<meta property=og:...>`):

- each JSON-LD script goes to extruct's `JsonLdExtractor` as a one-element lxml tree,
  built rather than parsed (parsing a small document made of the scripts, and extruct's
  OpenGraph XPaths over it, cost twice what reading the JSON does); one broken script
  costs only itself;
- OpenGraph is what extruct's OpenGraph extractor reads, the `og:` meta properties, and
  scan.py has them already (first value of a property wins).

What comes out: og:site_name, og:type, schema.org types, the article's author and
datePublished, an Organization's sameAs links, and the e-mail addresses of Organizations,
ContactPoints and Persons (for `pages.contacts`, with those of the text: facts.contacts).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import lxml.etree
from extruct.jsonld import JsonLdExtractor

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
_JSONLD = JsonLdExtractor()
# Characters XML (so lxml) refuses in text: C0 controls but tab, newline and return.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: How deep nested JSON-LD is searched for Organizations (a publisher inside an article).
MAX_DEPTH = 6


def _jsonld_items(script: str, url: str, errors: list[str]) -> list[Any]:
    """What extruct's JSON-LD extractor reads from one script; [] if it raised (counted in
    `errors`)."""
    element = lxml.etree.Element("script", type="application/ld+json")
    try:
        try:
            element.text = script
        except ValueError:  # control characters, which lxml refuses and JSON strings may hold
            element.text = _NOT_XML.sub("", script)
        return _JSONLD.extract_items(element)
    except Exception as exc:  # untrusted page data: one bad script, one error
        # An isolation boundary: whatever extruct (json, jstyleson, lxml) raises on a
        # page's data costs that script only; it is counted by the caller through `errors`.
        logger.debug("extruct json-ld failed on %s", url, exc_info=True)
        errors.append(f"extruct-json-ld: {type(exc).__name__}")
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


#: Item types whose `email` is a contact of the site (besides every kind of organization).
CONTACT_TYPES = frozenset({"contactpoint", "postaladdress", "person", "corporation", "localbusiness", "ngo"})


def _emails(value: Any) -> list[str]:
    """The addresses of an `email` property: a string or a list, `mailto:` dropped."""
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, str) and "@" in v:
            address = v.strip()
            out.append(address[7:] if address.lower().startswith("mailto:") else address)
    return out


def summarise(jsonld: list[Any], og: dict[str, str]) -> dict[str, Any]:
    """The page-row columns from JSON-LD items and OpenGraph properties (`contacts`: the
    items' e-mail addresses, which facts.contacts completes)."""
    out: dict[str, Any] = {
        "og_site_name": short(og.get("og:site_name"), 500),
        "og_type": short(og.get("og:type"), 100),
        "schema_types": [],
        "author": None,
        "date_published": None,
        "same_as": [],
        "contacts": [],
    }
    types: dict[str, None] = {}
    same_as: dict[str, None] = {}
    emails: dict[str, None] = {}
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
        if "email" in item and any(t.endswith("organization") or t in CONTACT_TYPES for t in lowered):
            emails.update(dict.fromkeys(_emails(item.get("email"))))
    out["schema_types"] = [t for t in (short(t, 200) for t in list(types)[:MAX_FOUND]) if t]
    out["same_as"] = [s for s in (short(s, 2000) for s in list(same_as)[:MAX_FOUND]) if s]
    out["contacts"] = list(emails)[:MAX_FOUND]
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
    """og_site_name, og_type, schema_types, author, date_published, same_as and contacts (the
    e-mail addresses of its organizations and contact points) of a page, from its `og:` meta
    properties and the texts of its JSON-LD scripts."""
    items: list[Any] = []
    for script in scripts:
        if script.strip() and _readable(script, errors):
            items += _jsonld_items(script, url, errors)
    og: dict[str, str] = {}
    for prop, content in og_metas:
        og.setdefault(prop, content)
    return summarise(items, og)
