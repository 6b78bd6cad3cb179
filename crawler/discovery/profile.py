"""What the targets are about: the words that set their pages apart from the rest of the
crawl, and how much of another page's text is made of them.

The profile is learned while the crawl runs: the targets' sites are crawled first (a page's
title and description count three and two times over its body text: they say what it is
about), and each anchor of a link to a target found later adds its words (others describe
the target in them). Each target counts as much as the others, whatever its number of pages,
so that one site's own words (its brand, its template) weigh 1/k of the words they share.

A term belongs to the profile when the targets use it more than the crawl does, beyond
chance (a Poisson test on its count):

    O - E > 2 sqrt(E),   E = b(t) * N

(O: the term's count in the targets' text, N: all their terms, b(t): its mean share of a
page's terms over the other pages crawled; terms.py). Its weight is the log-likelihood ratio of
the targets' language against the crawl's,

    llr(t) = ln( (O / N) / b(t) )     (b(t) at least one occurrence in the crawl's terms)

The targets' brand names (from their domains) are left out: they say who, not what about
(discovery counts mentions apart). A page's topic score is the mean llr per term of its text
(terms outside the profile count 0): how much of what the page says is the targets' topic,
whatever its length or the names it lists (a directory's category page is mostly names and
one topic). It is divided by the reference, the median score of the targets' own pages, and
capped at 1: a page as topical as the targets' own scores 1, on any web and in any language.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from crawler.discovery.terms import TermStats, terms

#: How much a page's title and description count next to its body text: they name its topic.
TITLE_WEIGHT = 3.0
DESCRIPTION_WEIGHT = 2.0
#: How much an anchor pointing at a target counts, once per anchor text, against one page.
ANCHOR_WEIGHT = 0.2
#: Brand names shorter than this are too likely to occur by chance in a text.
MIN_BRAND = 4
#: The profile is rebuilt when the crawl's statistics grew by this share (they move the
#: background): often early, rarely later.
REBUILD_GROWTH = 0.1


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
    """The targets' topic as term weights, and their brand names."""

    def __init__(self, targets: Iterable[str], stats: TermStats) -> None:
        self.targets = tuple(targets)
        self.stats = stats
        self.brands: dict[str, set[str]] = {d: brand_names(d) for d in self.targets}
        self._pages: list[Mapping[str, float]] = []  # the targets' own pages
        self._by_target: dict[str, Counter[str]] = {d: Counter() for d in self.targets}
        self._anchors: set[str] = set()
        self._anchor_terms: Counter[str] = Counter()
        self._llr: dict[str, float] = {}
        self._reference = 0.0
        self._built_at = -1  # the crawl's page count when the weights were built

    # -- learning ---------------------------------------------------------------------------
    def add_target_page(self, domain: str, counts: Counter[str], site_name: str | None = None) -> None:
        """A page of target `domain`, as `page_terms` counted it."""
        if not counts:
            return
        self._pages.append(counts)
        self._by_target.setdefault(domain, Counter()).update(counts)
        if site_name:
            self.brands.setdefault(domain, set()).update(brand_names(domain, [site_name]))
        self._built_at = -1

    def add_anchor(self, anchor: str) -> None:
        """The text of a link to a target (each distinct text once)."""
        anchor = " ".join(anchor.lower().split())
        if anchor and anchor not in self._anchors:
            self._anchors.add(anchor)
            self._anchor_terms.update(terms(anchor))
            self._built_at = -1

    @property
    def ready(self) -> bool:
        """Has the profile learned anything?"""
        return bool(self._pages or self._anchors)

    def state(self) -> dict[str, Any]:
        """What the profile learned, as JSON values (persist.py)."""
        return {"pages": [dict(p) for p in self._pages], "by_target": {t: dict(c) for t, c in self._by_target.items()},
                "anchors": sorted(self._anchors), "brands": {d: sorted(n) for d, n in self.brands.items()}}

    def load_state(self, state: dict[str, Any]) -> None:
        """Learn back what `state()` said."""
        self._pages = [Counter(p) for p in state.get("pages", [])]
        for target, counts in state.get("by_target", {}).items():
            self._by_target[target] = Counter(counts)
        for anchor in state.get("anchors", []):
            self.add_anchor(anchor)
        for domain, names in state.get("brands", {}).items():
            self.brands.setdefault(domain, set()).update(names)
        self._built_at = -1

    # -- using it -----------------------------------------------------------------------------
    def weights(self) -> dict[str, float]:
        """Each profile term's llr (module docstring); rebuilt when the profile learned
        something or the crawl grew by REBUILD_GROWTH."""
        if self._built_at < 0 or self.stats.documents > self._built_at * (1 + REBUILD_GROWTH) + 10:
            self._build()
        return self._llr

    def _build(self) -> None:
        counts = self._balanced()
        total = sum(counts.values())
        stats = self.stats
        floor = 1.0 / max(1.0, sum(1.0 for _ in stats.shares) * 10)  # below any seen share
        brands = {t for names in self.brands.values() for name in names for t in terms(name)}
        llr = {}
        for t, observed in counts.items():
            background = max(stats.background(t), floor)
            expected = background * total
            if observed - expected > 2 * math.sqrt(expected) and t not in brands:
                llr[t] = math.log(observed / total / background)
        self._llr = llr
        self._built_at = stats.documents
        scores = [self._score(p) for p in self._pages]
        self._reference = statistics.median(scores) if scores else 0.0

    def _balanced(self) -> Counter[str]:
        """The targets' term counts, each target (and the anchors) scaled to the same total."""
        parts = [c for c in self._by_target.values() if c]
        if self._anchor_terms:
            parts.append(self._anchor_terms)
        size = max((sum(c.values()) for c in parts), default=0.0)
        out: Counter[str] = Counter()
        for part in parts:
            scale = size / sum(part.values())
            for t, n in part.items():
                out[t] += n * scale  # type: ignore[assignment]
        return out

    def _score(self, counts: Mapping[str, float]) -> float:
        """The mean llr per term of `counts` (terms outside the profile count 0)."""
        total = sum(counts.values())
        if total <= 0:
            return 0.0
        llr = self._llr
        return sum(n * llr.get(t, 0.0) for t, n in counts.items()) / total

    def reference(self) -> float:
        """The median topic score of the targets' own pages (what scores 1)."""
        self.weights()
        return self._reference

    def relevance(self, counts: Mapping[str, float]) -> float:
        """How much of `counts` is the targets' topic, relative to their own pages: 0 (none of
        it) to 1 (as much as theirs; more is capped at 1)."""
        self.weights()
        if not self._llr or self._reference <= 0:
            return 0.0
        return min(1.0, self._score(counts) / self._reference)

    def shared_terms(self, counts: Mapping[str, float], n: int = 5) -> list[str]:
        """The profile terms that weigh most in `counts`: why it is on topic."""
        llr = self.weights()
        found = sorted(((c * llr[t], t) for t, c in counts.items() if t in llr), reverse=True)
        return [t for _, t in found[:n]]

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
