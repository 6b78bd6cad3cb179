"""What the targets are about: the terms of their own pages and of the anchors that point at
them, and how relevant another page's text is to that.

The profile is built while the crawl runs: the targets' sites are crawled first (titles and
descriptions weigh more than body text, as they say what a page is about), and each anchor
found on a link to a target adds its words (others describe the target in them). A page's
relevance is the cosine between its TF-IDF vector and the profile's, divided by the
reference: the median cosine of the targets' own pages. A linking page as close to the
profile as the targets' own pages scores 1, whatever the vocabulary or the length of the
pages of a web; the scale is the targets', not a constant tuned to one web.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping

from crawler.discovery.terms import TermStats, Vector, cosine, terms, top_terms

#: How much a page's title and description count next to its body text: they name its topic.
TITLE_WEIGHT = 3.0
DESCRIPTION_WEIGHT = 2.0
#: How much an anchor pointing at a target counts, once per anchor text.
ANCHOR_WEIGHT = 2.0
#: The profile keeps its heaviest terms only: the topic, not every word of every page.
PROFILE_TERMS = 400
#: Brand names shorter than this are too likely to occur by chance in a text.
MIN_BRAND = 4


def brand_names(domain: str, site_names: Iterable[str] = ()) -> set[str]:
    """The ways a text may name the site of registered domain `domain`: the domain itself, its
    label before the public suffix as written, with its hyphens as spaces and without them
    (`trail-gear.co.uk`: "trail-gear.co.uk", "trail-gear", "trail gear", "trailgear"), and the
    site's own names (OpenGraph site_name)."""
    label = domain.split(".", 1)[0]
    names = {domain, label, label.replace("-", " "), label.replace("-", "")}
    names.update(" ".join(n.lower().split()) for n in site_names if n)
    return {n for n in names if len(n) >= MIN_BRAND}


def page_terms(title: str | None, description: str | None, text: str) -> Counter[str]:
    """A page's terms, its title and description weighted up."""
    counts: Counter[str] = Counter()
    for part, weight in ((title, TITLE_WEIGHT), (description, DESCRIPTION_WEIGHT), (text, 1.0)):
        if part:
            for term, n in terms(part).items():
                counts[term] += n * weight  # type: ignore[assignment]
    return counts


class TargetProfile:
    """The targets' topic as a term vector, and their brand names."""

    def __init__(self, targets: Iterable[str], stats: TermStats) -> None:
        self.targets = frozenset(targets)
        self.stats = stats
        self.brands: dict[str, set[str]] = {d: brand_names(d) for d in self.targets}
        self._pages: list[Counter[str]] = []  # the targets' own pages
        self._anchors: set[str] = set()
        self._counts: Counter[str] = Counter()
        self._vector: Vector = {}
        self._reference = 0.0
        self._built_at = -1  # the document count the vector was built at

    # -- learning ---------------------------------------------------------------------------
    def add_target_page(self, domain: str, counts: Counter[str], site_name: str | None = None) -> None:
        """A page of target `domain`, as `page_terms` counted it."""
        if not counts:
            return
        self._pages.append(counts)
        self._counts.update(counts)
        if site_name:
            self.brands[domain] |= brand_names(domain, [site_name])
        self._built_at = -1

    def add_anchor(self, anchor: str) -> None:
        """The text of a link to a target (each distinct text once)."""
        anchor = " ".join(anchor.lower().split())
        if anchor and anchor not in self._anchors:
            self._anchors.add(anchor)
            for term, n in terms(anchor).items():
                self._counts[term] += n * ANCHOR_WEIGHT  # type: ignore[assignment]
            self._built_at = -1

    @property
    def ready(self) -> bool:
        """Has the profile anything to compare with?"""
        return bool(self._counts)

    # -- using it -----------------------------------------------------------------------------
    def vector(self) -> Vector:
        """The profile's TF-IDF vector (rebuilt when it learned something or the crawl's
        statistics grew by a tenth)."""
        if self._built_at < 0 or self.stats.documents > self._built_at * 1.1 + 10:
            heaviest = dict(Counter(self._counts).most_common(PROFILE_TERMS))
            self._vector = self.stats.vector(heaviest)
            sims = [cosine(self.stats.vector(p), self._vector) for p in self._pages]
            self._reference = statistics.median(sims) if sims else 0.0
            self._built_at = self.stats.documents
        return self._vector

    def reference(self) -> float:
        """The median cosine of the targets' own pages with the profile (what scores 1)."""
        self.vector()
        return self._reference

    def relevance(self, counts: Mapping[str, float]) -> float:
        """How close `counts` is to the profile, relative to the targets' own pages: 0 (nothing
        shared) to 1 (as close as they are; closer is capped at 1)."""
        profile = self.vector()
        if not profile or not counts:
            return 0.0
        reference = self._reference or 1.0
        return min(1.0, cosine(self.stats.vector(counts), profile) / reference)

    def shared_terms(self, counts: Mapping[str, float], n: int = 5) -> list[str]:
        """The terms `counts` shares with the profile that weigh most: why it is relevant."""
        return top_terms(self.stats.vector(counts), self.vector(), n)

    def named_target(self, text: str) -> str | None:
        """The target a text names (brand or domain, as a whole word), or None."""
        lowered = text.lower()
        for domain, names in self.brands.items():
            for name in names:
                at = lowered.find(name)
                while at >= 0:
                    end = at + len(name)
                    if _boundary(lowered, at - 1) and _boundary(lowered, end):
                        return domain
                    at = lowered.find(name, at + 1)
        return None


_WORDCHAR = re.compile(r"\w")


def _boundary(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or not _WORDCHAR.match(text[i])
