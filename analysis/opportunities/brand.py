"""The names a site goes by, and how a page's text is searched for them (unlinked mentions).

By default a site is known by its registered domain (`harbour-kayaks.com`), its name spelled
from the domain's first label (`harbour kayaks`, and `harbourkayaks` when the label has
hyphens), the `og:site_name` its own pages declare, and the name its page titles share
(`title_name`: "Choosing a paddle - Harbour Kayaks" on most pages); the user adds a brand
name and aliases.
Names match case-insensitively, as whole words, whitespace runs in a name matching any
whitespace. A label-derived name shorter than MIN_DERIVED characters is left out: `ab.com`
would find every page saying "ab".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The shortest name derived from a domain label that is searched for.
MIN_DERIVED = 4
#: Characters of text kept on each side of a match in the evidence.
SNIPPET = 60
_RE2_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}-])")


def derived_names(domain: str) -> list[str]:
    """The names a registered domain spells: itself, its first label with hyphens as spaces,
    and that label without them."""
    label = domain.split(".", 1)[0]
    names = [domain]
    if len(label) >= MIN_DERIVED:
        names.append(label.replace("-", " "))
        if "-" in label:
            names.append(label.replace("-", ""))
    return names


#: How a title separates the page's name from the site's.
_TITLE_PARTS = re.compile(r"\s+[-|–—·:»]\s+")
#: Title parts that name no site.
_GENERIC = frozenset({"home", "homepage", "blog", "news", "index", "welcome", "main page", "start"})


def title_name(titles: list[str]) -> str | None:
    """The part of a title that at least half of a site's titles (two or more) share, the
    site's name as its pages write it; None when no part is that common."""
    counts: dict[str, int] = {}
    for title in titles:
        for part in {" ".join(p.split()) for p in _TITLE_PARTS.split(title)}:
            if len(part) >= MIN_DERIVED and part.lower() not in _GENERIC:
                counts[part] = counts.get(part, 0) + 1
    if not counts:
        return None
    part, n = max(counts.items(), key=lambda item: (item[1], -len(item[0])))
    return part if n >= 2 and n * 2 >= len(titles) else None


@dataclass(frozen=True)
class Brand:
    """The names of a site; `pattern` is their regular expression (RE2 for DuckDB, and Python's
    `re` reads it the same way)."""

    domain: str
    names: tuple[str, ...]

    @classmethod
    def of(cls, domain: str, extra: Iterable[str | None] = ()) -> Brand:
        names: dict[str, None] = {}
        for name in [*derived_names(domain), *extra]:
            clean = " ".join((name or "").split())
            if clean:
                names.setdefault(clean.lower(), None)
        return cls(domain, tuple(names))

    @property
    def pattern(self) -> str:
        """Each name as a whole word (a `\\b` at an end that is a letter or digit; RE2 has no
        lookaround for the others), longest first."""
        names = []
        for name in sorted(self.names, key=len, reverse=True):
            words = "\\s+".join(_RE2_SPECIAL.sub(r"\\\1", part) for part in name.split())
            names.append(("\\b" if name[0].isalnum() else "") + words + ("\\b" if name[-1].isalnum() else ""))
        return "(?i)(?:" + "|".join(names) + ")"

    def find(self, text: str) -> tuple[str, str] | None:
        """(the name as written, the text around it) of the first mention in `text`, or None."""
        match = re.search(self.pattern, text)
        if match is None:
            return None
        start, end = max(0, match.start() - SNIPPET), min(len(text), match.end() + SNIPPET)
        return match.group(), ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
