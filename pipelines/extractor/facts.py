"""Page facts read from the same parse as the links: title, language, robots directives,
a text fingerprint, analytics ids and contact details.

Robots directives follow Google's reading of meta robots and X-Robots-Tag: `none` means
`noindex, nofollow`; a header value may name a bot (`googlebot: nofollow`), and then it
binds only that bot. We obey the generic forms and those naming our own bot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from pipelines.extractor.decode import clean

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

#: The bot name whose specific directives we obey, beside the generic ones.
BOT_NAME = "backlinks"
#: `<meta name=...>` values that address us.
META_ROBOTS_NAMES = ("robots", BOT_NAME)
#: Longest string kept for a page fact (a title or description is not a book).
MAX_FACT = 2000

# X-Robots-Tag directives that carry a value after a colon, so that `max-snippet: 20` is
# not read as a bot named "max-snippet".
_VALUED = frozenset({"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"})
_BOT_PREFIX = re.compile(r"^\s*([A-Za-z0-9_.*-]+)\s*:\s*(.*)$", re.S)
_OURS = frozenset({"robots", "*", BOT_NAME})


def short(text: str | None, limit: int = MAX_FACT) -> str | None:
    """`text` with whitespace collapsed, cut at `limit`; None when empty."""
    if text is None:
        return None
    text = " ".join(clean(text).split())[:limit]
    return text or None


def _tokens(value: str) -> set[str]:
    return {token for token in re.split(r"[\s,]+", value.lower()) if token}


def _header_directives(values: list[str]) -> set[str]:
    """The X-Robots-Tag directives that apply to us, from every header value."""
    found: set[str] = set()
    for value in values:
        bot: str | None = None
        for part in value.split(","):
            match = _BOT_PREFIX.match(part)
            if match and match.group(1).lower() not in _VALUED:
                bot, part = match.group(1).lower(), match.group(2)
            if bot is None or bot in _OURS:
                found |= _tokens(part)
    return found


def robots(meta_values: list[str], header_values: list[str]) -> tuple[bool, bool]:
    """(noindex, nofollow) from meta robots contents and X-Robots-Tag header values."""
    directives = _header_directives(header_values)
    for value in meta_values:
        directives |= _tokens(value)
    none = "none" in directives
    return none or "noindex" in directives, none or "nofollow" in directives


def head_facts(tree: LexborHTMLParser) -> dict[str, object]:
    """title, meta_description, lang (from `<html lang>`), meta robots contents."""
    title = tree.css_first("head title") or tree.css_first("title")
    description = tree.css_first("meta[name=description i][content]")
    root = tree.root
    lang = root.attrs.get("lang") if root is not None and root.tag == "html" else None
    meta_robots = [
        node.attrs.get("content") or ""
        for node in tree.css("meta[name][content]")
        if (node.attrs.get("name") or "").strip().lower() in META_ROBOTS_NAMES
    ]
    return {
        "title": short(title.text(deep=True)) if title is not None else None,
        "meta_description": short(description.attrs.get("content")) if description else None,
        "lang": short(lang, 64),
        "meta_robots": meta_robots,
    }


# Google Analytics (UA-, G-), Tag Manager (GTM-), Ads (AW-), AdSense (ca-pub-, pub-):
# account ids that tie sites to one owner.
# Each is looked for with str.find first: a regex scan of a whole page costs milliseconds.
_ANALYTICS = {
    "UA-": re.compile(r"UA-[0-9]{4,10}-[0-9]{1,4}\b"),
    "G-": re.compile(r"G-[A-Z0-9]{8,12}\b"),
    "GTM-": re.compile(r"GTM-[A-Z0-9]{4,9}\b"),
    "AW-": re.compile(r"AW-[0-9]{6,12}\b"),
    "pub-": re.compile(r"pub-[0-9]{10,20}\b"),
}
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}")
_LOCAL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}$")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b")
#: At most this many ids and contacts are kept per page.
MAX_FOUND = 50


def analytics_ids(html: str) -> list[str]:
    """Analytics and ad account ids in the page source, first-seen order, `pub-` ids
    written as `ca-pub-` so that both spellings of one AdSense account agree."""
    found: dict[int, str] = {}
    for prefix, pattern in _ANALYTICS.items():
        index = html.find(prefix)
        while index >= 0 and len(found) < MAX_FOUND:
            match = pattern.match(html, index)
            if match and not (index and html[index - 1].isalnum()):
                value = match.group()
                found[index] = "ca-" + value if prefix == "pub-" else value
            index = html.find(prefix, index + 1)
    return list(dict.fromkeys(found[index] for index in sorted(found)))


def contacts(text: str, hrefs: list[str]) -> list[str]:
    """E-mail addresses (from `mailto:` links and the visible text) and phone numbers (from
    `tel:` links), lower-cased e-mails, first-seen order."""
    found: dict[str, None] = {}
    for href in hrefs:
        scheme, _, rest = href.partition(":")
        scheme = scheme.lower()
        value = unquote(rest.split("?", 1)[0]).strip()
        if scheme == "mailto" and _EMAIL.fullmatch(value.split(",")[0].strip()):
            found[value.split(",")[0].strip().lower()] = None
        elif scheme == "tel" and value:
            found["tel:" + "".join(value.split())] = None
    # Around each "@" only: a regex scan of the whole text costs a millisecond a page.
    at = text.find("@")
    while at >= 0 and len(found) < MAX_FOUND:
        local = _LOCAL.search(text, max(0, at - 64), at)
        domain = _DOMAIN.match(text, at + 1, at + 256)
        if local and domain:
            found[f"{local.group()}@{domain.group()}".lower()] = None
        at = text.find("@", at + 1)
    return [clean(value) for value in list(found)[:MAX_FOUND]]


def link_header_targets(values: list[str], rel: str) -> list[str]:
    """The targets of an HTTP `Link` header with relation `rel` (RFC 8288), in order."""
    targets = []
    for value in values:
        for match in _LINK_VALUE.finditer(value):
            params = match.group(2)
            for param in _LINK_PARAM.finditer(params):
                if param.group(1).lower() == "rel":
                    tokens = (param.group(2) or param.group(3) or "").lower().split()
                    if rel in tokens:
                        targets.append(match.group(1).strip())
    return targets


_LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]*(?:\"[^\"]*\")?)*)")
_LINK_PARAM = re.compile(r";\s*([A-Za-z*-]+)\s*=\s*(?:\"([^\"]*)\"|([^\s;,\"]+))")


# simhash over the page's visible text: byte 8-grams of the UTF-8 text with ASCII
# whitespace runs collapsed and ASCII letters lower-cased, each hashed (splitmix64), one in
# eight kept by its hash (content-defined sampling keeps near-duplicates near), bits voted.
# All in numpy: splitting a page's text into Python words alone cost more than this.
_M2, _M3 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _SEVEN = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(7)
_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(b" \t\n\r\x0c")] = True
_LOWER = np.arange(256, dtype=np.uint8)
_LOWER[65:91] += 32
_LOWER[list(b"\t\n\r\x0c")] = 32
#: Text beyond this many bytes does not change the fingerprint (a cap on the cost).
SIMHASH_BYTES = 400_000


def simhash(text: str) -> int | None:
    """A 64-bit near-duplicate fingerprint of `text` as a signed int; None if too short."""
    raw = np.frombuffer(text.encode("utf-8", "replace")[:SIMHASH_BYTES], dtype=np.uint8)
    space = _SPACE[raw]
    keep = ~space
    keep[1:] |= ~space[:-1]  # a space is kept when it follows a non-space
    data = _LOWER[raw[keep]]
    if len(data) and data[-1] == 32:
        data = data[:-1]
    count = len(data) - 7
    if count <= 0:
        return None
    x = np.array(sliding_window_view(data, 8)).view("<u8").ravel()  # a writable copy
    x ^= x >> _S30
    x *= _M2
    x ^= x >> _S27
    x *= _M3
    x ^= x >> _S31
    sample = x[(x & _SEVEN) == 0]
    if len(sample) >= 8:  # a short or repetitive text keeps all its grams
        x = sample
    bits = np.unpackbits(x.view(np.uint8), bitorder="little").reshape(-1, 64).sum(axis=0)
    value = int(np.packbits(bits * 2 > len(x), bitorder="little").view("<u8")[0])
    return value - (1 << 64) if value >= 1 << 63 else value


@dataclass
class PageSources:
    """What the later facts read from a page: code that may carry analytics ids, the
    `og:` meta properties, the JSON-LD scripts and the visible text."""

    code: str
    og_metas: list[tuple[str, str]]
    jsonld: list[str]
    text: str


_CODE = "script, style, template, iframe[src], ins[data-ad-client]"


def page_sources(tree: LexborHTMLParser) -> PageSources:
    """Collect the sources of the late facts; removes scripts and styles from the tree so
    that the text is the visible text (call it after the links are extracted)."""
    code: list[str] = []
    jsonld: list[str] = []
    for node in tree.css(_CODE):
        tag, attrs = node.tag, node.attributes
        if tag == "script":
            src = attrs.get("src")
            if src:
                code.append(src)
            kind = (attrs.get("type") or "").strip().lower()
            if kind == "application/ld+json":
                jsonld.append(node.text(deep=True))
            elif kind != "text/template":
                code.append(node.text(deep=True))
        elif tag == "iframe":
            code.append(attrs.get("src") or "")
        elif tag == "ins":
            code.append(attrs.get("data-ad-client") or "")
        if tag in ("script", "style", "template"):
            node.decompose()
    og_metas = [
        (prop.strip().lower(), node.attrs.get("content") or "")
        for node in tree.css('meta[property^="og:" i][content]')
        if (prop := node.attrs.get("property"))
    ]
    body = tree.body or tree.root
    text = body.text(deep=True, separator=" ") if body is not None else ""
    return PageSources("\n".join(code), og_metas, jsonld[:MAX_FOUND], text)
