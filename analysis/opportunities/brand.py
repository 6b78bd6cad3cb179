"""The names a site goes by, and how a page's text is searched for them (unlinked mentions).

By default a site is known by its registered domain (`harbour-kayaks.com`), its name spelled
from the domain's first label (`harbour kayaks`, and `harbourkayaks` when the label has
hyphens), and the `og:site_name` its own pages declare; the user adds a brand name and aliases.
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
        words = ("\\s+".join(_RE2_SPECIAL.sub(r"\\\1", part) for part in name.split())
                 for name in sorted(self.names, key=len, reverse=True))
        return "(?i)\\b(?:" + "|".join(words) + ")\\b"

    def find(self, text: str) -> tuple[str, str] | None:
        """(the name as written, the text around it) of the first mention in `text`, or None."""
        match = re.search(self.pattern, text)
        if match is None:
            return None
        start, end = max(0, match.start() - SNIPPET), min(len(text), match.end() + SNIPPET)
        return match.group(), ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
