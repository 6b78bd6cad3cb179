"""The five components of a link's value, each a formula over plain numbers, 0-100, with its evidence.

Nothing here reads the index (analysis/value/__init__.py does): each function takes the facts of
one link and the settings, so a test computes the same number by hand. The README's "Link
value" section writes each formula out; the names below are the settings' (settings.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from analysis.value.settings import ValueSettings

BANDS = ("high", "medium", "low")


@dataclass(frozen=True)
class Component:
    """One component's score (0-100) and the line that says why."""

    score: float
    evidence: str


def passed_rank(pagerank: float | None, links: int, pr_min: float | None, pr_max: float | None,
                floor_links: int) -> float:
    """The rank one link passes, 0-100: the page's PageRank divided by its links, on a log
    scale from pr_min / floor_links (the least linked page of the graph over that many
    links) to pr_max (the most linked page over one link):
    100 x ln(share / floor) / ln(pr_max / floor), floor = pr_min / floor_links, within 0-100.
    Every link on the page divides (Google's rule since 2009: a nofollow link still takes
    its share, it just passes it nowhere)."""
    if not pagerank or not pr_min or not pr_max or pr_max < pr_min:
        return 0.0
    floor = pr_min / max(floor_links, 1)
    share = pagerank / max(links, 1)
    return max(0.0, min(100.0, 100 * math.log(share / floor) / math.log(pr_max / floor)))


def authority(*, dofollow: bool, passed: float | None, domain_rank: float | None, trust: float | None,
              s: ValueSettings) -> Component:
    """Weighted mean of the rank the link passes, the referring domain's rank and its trust
    (trust left out, the other weights kept in proportion, when the graph has no seed; the
    rank passed left out for a link not made yet); 0 for a link that passes no rank
    (nofollow, ugc, sponsored, a nofollow page)."""
    if not dofollow:
        return Component(0.0, "passes no rank (nofollow, ugc, sponsored or a nofollow page)")
    parts = [(s.domain_rank_weight, domain_rank or 0.0)]
    if passed is not None:
        parts.append((s.passed_rank_weight, passed))
    if trust is not None:
        parts.append((s.trust_weight, trust))
    total = sum(w for w, _ in parts)
    score = sum(w * v for w, v in parts) / total if total else 0.0
    passed_text = f"passes rank {passed:.0f}, " if passed is not None else ""
    trust_text = f"trust {trust:.0f}" if trust is not None else "trust unknown (no seed in the graph)"
    return Component(round(score, 1), f"{passed_text}domain rank {domain_rank or 0:.0f}, {trust_text}")


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The cosine similarity of two term vectors (0 when either is empty)."""
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def shared_terms(a: Mapping[str, float], b: Mapping[str, float], n: int) -> list[str]:
    """The `n` terms adding most to the cosine of `a` and `b` (largest product of weights first)."""
    both = sorted((-(a[t] * b[t]), t) for t in a.keys() & b.keys())
    return [t for _, t in both[:n]]


def relevance(*, page_terms: Mapping[str, float] | None, domain_terms: Mapping[str, float],
              site_terms: Mapping[str, float], s: ValueSettings) -> tuple[Component, list[str]]:
    """100 x (page_similarity_weight x cos(page, site) + domain_similarity_weight x
    cos(referring domain, site)) / (the weights' sum x full_similarity), at most 100 (the
    page left out for a link not made yet); with the terms the page (else the domain) shares
    with the site, the evidence."""
    domain = cosine(domain_terms, site_terms)
    parts = [(s.domain_similarity_weight, domain)]
    if page_terms is not None:
        parts.append((s.page_similarity_weight, cosine(page_terms, site_terms)))
    total = sum(w for w, _ in parts)
    mixed = sum(w * v for w, v in parts) / total if total else 0.0
    score = min(100.0, 100 * mixed / s.full_similarity) if s.full_similarity > 0 else 0.0
    terms = shared_terms(page_terms or {}, site_terms, s.shared_terms) \
        or shared_terms(domain_terms, site_terms, s.shared_terms)
    shared = f"shared terms: {', '.join(terms)}" if terms else "no term shared with the site"
    page_text = f"page similarity {parts[1][1]:.2f}, " if page_terms is not None else ""
    return Component(round(score, 1), f"{page_text}domain similarity {domain:.2f}; {shared}"), terms


def placement(*, region: str | None, position: int | None, page_links: int, region_links: int,
              context_chars: int, s: ValueSettings) -> Component:
    """region weight x position factor x crowd factor x context factor, x 100:

    position factor = 1 - position_penalty x position / page_links (earlier links first),
    crowd factor    = sqrt(min(1, crowd_free / links in the same region of the page)),
    context factor  = context_floor + (1 - context_floor) x min(1, characters around / context_full).
    """
    weight = s.region_weight(region)
    at = (position or 0) / max(page_links, 1)
    position_factor = 1 - s.position_penalty * min(at, 1.0)
    crowd = math.sqrt(min(1.0, s.crowd_free / max(region_links, 1)))
    context = s.context_floor + (1 - s.context_floor) * min(1.0, context_chars / max(s.context_full, 1))
    score = 100 * weight * position_factor * crowd * context
    return Component(round(score, 1), f"in the {region or 'other'} (worth {weight:g}), link {(position or 0) + 1} "
                                      f"of {page_links}, {region_links} links in its region, "
                                      f"{context_chars} characters of text around it")


def anchor_diversity(*, anchor: str, anchor_class: str, others_with_anchor: int, others: int,
                     s: ValueSettings) -> Component:
    """100 x (1 - the share of the *other* referring domains that use the same anchor) x the
    class factor (exact_factor for an exact-match money anchor, partial_factor for a partial
    match, 1 otherwise). An anchor nobody else uses scores 100; one that every other referring
    domain uses scores 0: it would make the profile more concentrated still."""
    share = others_with_anchor / others if others else 0.0
    factor = {"exact": s.exact_factor, "partial": s.partial_factor}.get(anchor_class, 1.0)
    score = 100 * (1 - share) * factor
    return Component(round(score, 1), f"{anchor_class} anchor {anchor!r} also used by {others_with_anchor} "
                                      f"of {others} other referring domains")


def concentration(domains_by_anchor: Mapping[str, int]) -> tuple[float, float]:
    """The anchor profile's concentration: the top anchor's share and the Herfindahl index
    (the sum of squared shares) over anchors, each referring domain counted once per anchor."""
    total = sum(domains_by_anchor.values())
    if not total:
        return 0.0, 0.0
    shares = [n / total for n in domains_by_anchor.values()]
    return max(shares), sum(x * x for x in shares)


def band(*, list_rank: int | None, domain_rank: float | None, s: ValueSettings) -> tuple[str, str]:
    """The traffic band and why: from the imported popularity list when the domain is in it
    (rank at most high_list_rank: high, at most medium_list_rank: medium, else low), else from
    the domain rank (at least high_domain_rank: high, at least medium_domain_rank: medium)."""
    if list_rank is not None:
        found = "high" if list_rank <= s.high_list_rank else "medium" if list_rank <= s.medium_list_rank else "low"
        return found, f"popularity list rank {list_rank:,}"
    rank = domain_rank or 0.0
    found = "high" if rank >= s.high_domain_rank else "medium" if rank >= s.medium_domain_rank else "low"
    return found, f"not in a popularity list; domain rank {rank:.0f}"


def traffic(*, list_rank: int | None, domain_rank: float | None, s: ValueSettings) -> tuple[Component, str]:
    """The traffic band's points (high_points, medium_points, low_points) and the band."""
    found, why = band(list_rank=list_rank, domain_rank=domain_rank, s=s)
    points = {"high": s.high_points, "medium": s.medium_points, "low": s.low_points}[found]
    return Component(points, f"{found}: {why}"), found


def combine(scores: Mapping[str, float], factor: float, s: ValueSettings, names: Sequence[str]) -> float:
    """value = toxicity factor x sum(weight x component) / sum(weights), 0-100."""
    total = sum(s.weight(n) for n in names)
    mean = sum(s.weight(n) * scores[n] for n in names) / total if total else 0.0
    return round(max(0.0, min(100.0, factor * mean)), 1)


def toxicity_factor(verdict: str | None, s: ValueSettings) -> float:
    """What the audit's verdict on the referring domain leaves of the value."""
    return {"toxic": s.toxic_factor, "suspicious": s.suspicious_factor}.get(verdict or "fine", 1.0)
