"""What one link says about the domain it points to, and how evidence adds up to a score.

The question for each candidate domain D is "does D link to a target?", asked before D is
crawled. Each crawled page S that links to D is a piece of evidence, of the strength

    e = 1 - (1 - link) (1 - topic_w * topic^2) (1 - anchor_w * anchor^2)
          (1 - cocitation_w * cites) (1 - site_cocitation_w * site_cites) (1 - mention_w * names)

- topic: how close S's text is to the targets' profile, relative to the targets' own pages
  (profile.py), 0..1. Squared: a page only somewhat on topic says little; sites link mostly
  within their topic, so a page as topical as the targets' own says much.
- anchor: the same for the link's anchor text and the text around it, 0..1: how S describes D.
- cites: S itself links to a target (co-citation: the other sites a page cites beside a
  target are its neighbours); site_cites: another page of S's site does.
- names: S's text names a target (brand or domain) without necessarily linking to it.
- link: any crawled domain linking to D, whatever the page: popular domains link more.

Each factor is a "noisy-OR" input (Pearl): each signal alone is a chance that D links to a
target, and the evidence is the chance that at least one is right. The weights are settings
(BACKLINKS_DISCOVER_WEIGHTS); `score()` below combines the evidence of every source domain.

A candidate's score combines, by the same noisy-OR, the strongest piece of evidence of each
crawled domain linking to it (several pages of one site count once) and its priors from
outside the crawl (Common Crawl's web graph, Search Console):

    score(D) = 1 - prod over sources s of (1 - e_s) = 1 - exp(-W),   W = sum of -ln(1 - e_s)

W, the evidence weight, only grows as links to D are found, and adds up in any order: what
lets several workers update one candidate at once (a Redis sorted set keeps W).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

#: Evidence is capped below 1: one piece never makes a candidate certain.
MAX_EVIDENCE = 0.99


@dataclass(frozen=True)
class Weights:
    """The weight of each signal (0..1): its strength when fully present."""

    topic: float = 0.6
    anchor: float = 0.35
    cocitation: float = 0.5
    site_cocitation: float = 0.2
    mention: float = 0.3
    link: float = 0.02
    #: priors from outside the crawl
    gsc: float = 0.95  # Search Console lists the domain as linking to a target
    webgraph_link: float = 0.9  # Common Crawl's web graph has a link from it to a target
    webgraph_rank: float = 0.1  # its harmonic centrality rank, scaled 0..1, times this

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Weights:
        """Weights from a setting's dict (unknown names refused, each within 0..0.99)."""
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"BACKLINKS_DISCOVER_WEIGHTS: unknown weight {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known))}")
        out = {}
        for name, value in values.items():
            number = float(value)
            if not 0.0 <= number <= MAX_EVIDENCE:
                raise ValueError(f"BACKLINKS_DISCOVER_WEIGHTS: {name} must be within 0 and {MAX_EVIDENCE}, got {value}")
            out[name] = number
        return cls(**out)


@dataclass
class Evidence:
    """What one crawled page says about one domain it links to."""

    source: str  # the registered domain of the linking page
    url: str  # the linking page
    host: str  # the host the link points to (where a crawl of D would start)
    scheme: str
    topic: float = 0.0
    anchor: float = 0.0
    cites: bool = False
    site_cites: bool = False
    names: bool = False
    terms: list[str] = field(default_factory=list)  # the page's terms shared with the profile

    def strength(self, w: Weights) -> float:
        """e, the noisy-OR of the signals present (module docstring)."""
        miss = ((1 - w.link) * (1 - w.topic * self.topic ** 2) * (1 - w.anchor * self.anchor ** 2)
                * (1 - w.cocitation * self.cites) * (1 - w.site_cocitation * self.site_cites)
                * (1 - w.mention * self.names))
        return min(MAX_EVIDENCE, 1.0 - miss)


def weight(strength: float) -> float:
    """-ln(1 - e): the evidence weight a strength adds to a candidate."""
    return -math.log1p(-min(strength, MAX_EVIDENCE))


def score(total_weight: float) -> float:
    """The candidate's score, 1 - exp(-W): the chance that at least one piece is right."""
    return -math.expm1(-total_weight)
