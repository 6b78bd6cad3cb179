"""Page facts read from the same parse as the links: title, language, robots directives.

Robots directives follow Google's reading of meta robots and X-Robots-Tag: `none` means
`noindex, nofollow`; a header value may name a bot (`googlebot: nofollow`), and then it
binds only that bot. We obey the generic forms and those naming our own bot.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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
