"""Every weight and threshold of the link value, with its default: one place, named like the setting.

`ValueSettings()` holds the defaults; `ValueSettings.with_overrides(["relevance_weight=2"])`
(the command line's `--set NAME=VALUE`) changes some, as the audit's settings do. The README's
"Link value" section documents each formula with the names used here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.audit.settings import overridden

if TYPE_CHECKING:
    from collections.abc import Iterable

#: The five components, in the order the output lists them.
COMPONENTS = ("authority", "relevance", "placement", "anchor_diversity", "traffic")


@dataclass(frozen=True)
class ValueSettings:
    # -- value = toxicity factor x the weighted mean of the five components (each 0-100) --------
    authority_weight: float = 0.30  # the common wisdom's first criterion: rank passed
    relevance_weight: float = 0.25  # a link from a page on the site's topic
    placement_weight: float = 0.20  # an editorial link in the text, not a footer
    anchor_diversity_weight: float = 0.10  # an anchor that does not concentrate the profile
    traffic_weight: float = 0.15  # a link on a visited site can send visitors
    toxic_factor: float = 0.0  # a referring domain the audit calls toxic: its links are worth this share
    suspicious_factor: float = 0.5  # ...suspicious: this share

    # -- authority: rank passed by the link, the referring domain's rank and trust ------------
    passed_rank_weight: float = 0.5  # the page's PageRank over its links (on a log scale, components.py)
    passed_floor_links: int = 100  # the scale's 0: the least linked page of the graph over this many links
    domain_rank_weight: float = 0.3  # the referring domain's domain rank
    trust_weight: float = 0.2  # its trust (left out, and the others reweighted, without seeds)

    # -- relevance: TF-IDF cosine similarity with the target site's terms ----------------------
    page_similarity_weight: float = 0.6  # the linking page's terms against the site's
    domain_similarity_weight: float = 0.4  # the referring domain's terms against the site's (its topic)
    full_similarity: float = 0.3  # a cosine at or above this scores 100
    shared_terms: int = 5  # shared terms shown as evidence

    # -- placement: where the link sits, how early, how crowded, how much text around it ------
    content_weight: float = 1.0  # the region's worth: the main text...
    comment_weight: float = 0.3  # ...a comment (the audience wrote it)
    aside_weight: float = 0.25  # ...a sidebar
    other_weight: float = 0.3  # ...a region the extractor could not name
    header_weight: float = 0.15  # ...the header
    nav_weight: float = 0.15  # ...the navigation
    footer_weight: float = 0.1  # ...the footer
    position_penalty: float = 0.2  # the last link of a page loses this share (linear in position)
    crowd_free: int = 10  # links in the same region of the page before crowding lowers the score
    context_full: int = 120  # characters of text around the link (before + after) that count fully
    context_floor: float = 0.5  # a link with no text around it keeps this share

    # -- anchor diversity: how much the anchor repeats what other referring domains use --------
    exact_factor: float = 0.5  # an exact-match money anchor (the audit's class) keeps this share
    partial_factor: float = 0.75  # a partial-match money anchor keeps this share

    # -- traffic potential: a band, never a number of visits ----------------------------------
    high_list_rank: int = 10_000  # in the imported popularity list at this rank or better: high
    medium_list_rank: int = 100_000  # ...at this rank or better: medium; below: low
    high_domain_rank: float = 60.0  # not in the list: domain rank at least this is high...
    medium_domain_rank: float = 30.0  # ...at least this medium, else low
    high_points: float = 100.0  # the component's score for a high band...
    medium_points: float = 50.0  # ...for a medium band
    low_points: float = 10.0  # ...for a low band

    @classmethod
    def with_overrides(cls, pairs: Iterable[str] = (), base: ValueSettings | None = None) -> ValueSettings:
        """`base` (default: the defaults) with `NAME=VALUE` pairs applied; BadSetting for an
        unknown name or a value that is not of the setting's type."""
        return overridden(base or cls(), pairs, what="link value",
                          where="analysis/value/settings.py and the README's \"Link value\" section list them")

    def weight(self, component: str) -> float:
        """The weight of one of COMPONENTS in the value."""
        return float(getattr(self, f"{component}_weight"))

    def region_weight(self, placement: str | None) -> float:
        """The worth of a placement region (one the extractor did not name counts as `other`)."""
        return float(getattr(self, f"{placement if placement in _REGIONS else 'other'}_weight"))


_REGIONS = frozenset({"content", "comment", "aside", "other", "header", "nav", "footer"})
