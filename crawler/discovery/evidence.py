"""What one link says about the domain it points to, and how evidence adds up to a score.

The question for each candidate domain D is "does D link to a target?", asked before D is
crawled. Each crawled page S that links to D says something, in six signals x, each 0..1:

- link: 1, a crawled domain links to D at all (popular domains link more);
- topic: the square of how topical S's text is, relative to the targets' own pages
  (profile.py). Squared: a page only somewhat on topic says little, while sites link mostly
  within their topic, so a page as topical as the targets' own says much;
- anchor: the same for the link's anchor text and the text around it (how S describes D);
- cites: 1 if S itself links to a target (co-citation: the other sites a page cites beside
  a target are its neighbours);
- site_cites: 1 if another page of S's site does (a weaker co-citation);
- names: 1 if S's text names a target (brand or domain), linked or not.

Each signal k has a weight w_k (0..1, BACKLINKS_DISCOVER_WEIGHTS): the chance that D links
to a target on the strength of that signal alone, fully present. A signal present to degree
x leaves a miss chance (1 - w_k)^x, and the signals of one page combine as a noisy-OR
(Pearl): the evidence of S for D is

    e = 1 - prod over k of (1 - w_k)^x_k          (for 0/1 signals, exactly a noisy-OR)

and a candidate's score combines, the same way, the strongest page of each crawled domain
linking to it (several pages of one site count once) and its priors from outside the crawl
(Search Console, Common Crawl's web graph):

    score(D) = 1 - prod over sources s of (1 - e_s) = 1 - exp(-W),
    W = sum over sources s, signals k of beta_k x_sk,     beta_k = -ln(1 - w_k)

W, the evidence weight, is linear in the signals summed over the sources (`Features`): it only
grows as links to D are found, adds up in any order (what lets several workers update one
candidate at once: a Redis sorted set keeps W), and can be recomputed at once for every
candidate when the weights change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: Weights are capped below 1: one signal never makes a candidate certain.
MAX_WEIGHT = 0.99
#: The signals of a crawled page, in the order of the Features vector.
SIGNALS = ("link", "topic", "anchor", "cites", "site_cites", "names")
#: Evidence from outside the crawl, one signal each.
PRIORS = ("gsc", "webgraph_link", "webgraph_rank")
FEATURES = SIGNALS + PRIORS


@dataclass(frozen=True)
class Weights:
    """The weight of each signal (0..MAX_WEIGHT): its strength when fully present."""

    link: float = 0.02
    topic: float = 0.6
    anchor: float = 0.35
    cites: float = 0.3
    site_cites: float = 0.15
    names: float = 0.3
    gsc: float = 0.95  # Search Console lists the domain as linking to a target
    webgraph_link: float = 0.9  # Common Crawl's web graph has a link from it to a target
    webgraph_rank: float = 0.1  # its harmonic centrality rank in that graph, scaled 0..1

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Weights:
        """Weights from a setting's dict (unknown names refused, each within 0..MAX_WEIGHT)."""
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"BACKLINKS_DISCOVER_WEIGHTS: unknown weight {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known))}")
        out = {}
        for name, value in values.items():
            number = float(value)
            if not 0.0 <= number <= MAX_WEIGHT:
                raise ValueError(f"BACKLINKS_DISCOVER_WEIGHTS: {name} must be within 0 and {MAX_WEIGHT}, got {value}")
            out[name] = number
        return cls(**out)

    def betas(self) -> tuple[float, ...]:
        """beta_k = -ln(1 - w_k) of each feature, in FEATURES order."""
        values = asdict(self)
        return tuple(-math.log1p(-values[name]) for name in FEATURES)


@dataclass
class Evidence:
    """What one crawled page says about one domain it links to."""

    source: str  # the registered domain of the linking page
    url: str  # the linking page
    host: str  # the host the link points to (where a crawl of D would start)
    scheme: str
    topic: float = 0.0  # relevance of the page, 0..1 (not squared)
    anchor: float = 0.0  # relevance of the anchor and its context, 0..1
    cites: bool = False
    site_cites: bool = False
    names: bool = False
    terms: list[str] = field(default_factory=list)  # the page's terms shared with the profile

    def signals(self) -> tuple[float, ...]:
        """x, in SIGNALS order, padded with zeros for the priors (a FEATURES vector)."""
        return (1.0, self.topic ** 2, self.anchor ** 2, float(self.cites), float(self.site_cites),
                float(self.names), 0.0, 0.0, 0.0)


def prior(name: str, strength: float = 1.0) -> tuple[float, ...]:
    """The FEATURES vector of one prior signal, present to degree `strength`."""
    return tuple(strength if f == name else 0.0 for f in FEATURES)


def weight_of(x: Sequence[float], betas: Sequence[float]) -> float:
    """W of a features vector: sum of beta_k x_k."""
    return sum(b * v for b, v in zip(betas, x, strict=True))


def score(total_weight: float) -> float:
    """The candidate's score, 1 - exp(-W): the chance that at least one piece is right."""
    return -math.expm1(-total_weight)
