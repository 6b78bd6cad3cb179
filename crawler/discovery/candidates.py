"""The candidate domains of a discovery crawl: their evidence, score and state, best first.

A candidate is a registered domain some crawled page links to that is neither a target nor a
seed. Its evidence weight W grows each time a crawled domain links to it (the strongest link
of each source domain counts; evidence.py), and its score is 1 - exp(-W). `admit(n)` hands
out the n best candidates not crawled yet, marking them admitted: what the crawl's budget of
domains counts. Nothing is ever forgotten: a crawled candidate stays, with its evidence, for
the `candidates` dataset and the `backlinks candidates` command.

`LocalCandidates` keeps them in this process (one machine); `crawler.distributed.candidates`
keeps the same in Redis for the workers of a distributed crawl. Both have the interface of
`CandidateStore`.

The order is the score's by default. Two baselines, for measuring what the score is worth
(BACKLINKS_DISCOVER_ORDER; tests/bench/bench_discover.py): `discovery`, the order candidates
were first found in (a breadth-first crawl over domains), and `popularity`, the number of
crawled domains linking to a candidate (what a crawler without a topic would do).
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from crawler.discovery.evidence import FEATURES, Evidence, Weights, prior, score, weight_of

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

#: States of a candidate: found, admitted to the crawl (its pages are being fetched), done.
CANDIDATE, CRAWLING, CRAWLED = "candidate", "crawling", "crawled"
#: The orders a crawl may admit candidates in (module docstring).
ORDERS = ("score", "discovery", "popularity")


@dataclass(frozen=True)
class Admission:
    """A candidate the crawl takes on: its domain, the URLs to start from in order, its score
    and features when admitted (what learning.py learns from once it is crawled)."""

    domain: str
    urls: tuple[str, ...]
    score: float
    features: tuple[float, ...] = ()


@dataclass
class Candidate:
    """One candidate domain and what is known of it."""

    domain: str
    weight: float = 0.0  # W: its features times the weights' betas
    features: list[float] = field(default_factory=lambda: [0.0] * len(FEATURES))  # summed over sources
    sources: dict[str, tuple[float, ...]] = field(default_factory=dict)  # source -> its best signals
    topic: float = 0.0  # the best of its linking pages
    anchor: float = 0.0
    prior_source: str = ""
    terms: list[str] = field(default_factory=list)  # shared with the profile, of its best page
    first_url: str = ""
    first_seen: datetime | None = None
    found: int = 0  # how many candidates were known before it
    hosts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (scheme, host) -> links
    state: str = CANDIDATE
    admitted_at: datetime | None = None
    order: int | None = None  # 1 for the first candidate admitted, ...
    updated_at: datetime | None = None

    @property
    def score(self) -> float:
        return score(self.weight)

    def feature(self, name: str) -> float:
        return self.features[FEATURES.index(name)]

    def entry_urls(self) -> tuple[str, ...]:
        """Where its crawl starts: the home page of the host most linked to (both schemes,
        as for a bare-domain seed, when only the domain is known)."""
        if self.hosts:
            (scheme, host), _ = max(self.hosts.items(), key=lambda kv: (kv[1], kv[0][0] == "https"))
            other = "http" if scheme == "https" else "https"
            return (f"{scheme}://{host}/", f"{other}://{host}/")
        return (f"https://{self.domain}/", f"http://{self.domain}/")

    def row(self) -> dict[str, Any]:
        """Its row in the `candidates` dataset (pipelines/dataset/schema.py CANDIDATES)."""
        return {
            "domain": self.domain, "score": round(self.score, 6), "weight": self.weight,
            "state": self.state, "crawled": self.state != CANDIDATE,
            "linking_domains": round(self.feature("link")), "topic": self.topic, "anchor": self.anchor,
            "cocitations": round(self.feature("cites")), "mentions": round(self.feature("names")),
            "prior": max(self.feature(name) for name in ("gsc", "webgraph_link", "webgraph_rank")),
            "prior_source": self.prior_source or None,
            "shared_terms": list(self.terms), "evidence": list(self.features),
            "first_seen_url": self.first_url or None,
            "first_seen_at": self.first_seen, "entry_url": self.entry_urls()[0],
            "admitted_at": self.admitted_at, "admission": self.order, "updated_at": self.updated_at,
        }


class CandidateStore(Protocol):
    """What the discovery crawl needs of its candidates, in one process or in Redis."""

    betas: tuple[float, ...]  # the weights' betas it starts from (evidence.py)

    def exclude(self, domains: list[str]) -> None: ...
    def add(self, domain: str, evidence: Evidence) -> None: ...
    def add_prior(self, domain: str, name: str, strength: float = 1.0) -> None: ...
    def admit(self, n: int, limit: int) -> list[Admission]: ...
    def reweigh(self, betas: tuple[float, ...] | list[float]) -> None: ...
    def crawling(self) -> list[str]: ...
    def started(self, domain: str) -> None: ...
    def finish(self, domain: str) -> None: ...
    def admitted(self) -> int: ...
    def known(self) -> int: ...
    def take_changes(self) -> list[dict[str, Any]]: ...


def _now() -> datetime:
    return datetime.now(UTC)


class LocalCandidates:
    """Candidates in this process: a dict, and a heap of (−weight) with stale entries skipped."""

    def __init__(self, weights: Weights, order: str = "score") -> None:
        if order not in ORDERS:
            raise ValueError(f"BACKLINKS_DISCOVER_ORDER must be one of {', '.join(ORDERS)}; got {order!r}")
        self.weights, self.order = weights, order
        self.betas = weights.betas()
        self.candidates: dict[str, Candidate] = {}
        self.excluded: set[str] = set()
        self._heap: list[tuple[float, int, str]] = []
        self._seq = itertools.count()
        self._admitted = 0
        self._changed: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from crawler.discovery.state import weights

        return cls(weights(crawler.settings), crawler.settings.get("BACKLINKS_DISCOVER_ORDER"))

    def exclude(self, domains: list[str]) -> None:
        """Domains that are never candidates: the targets and the seeds (crawled anyway)."""
        self.excluded.update(domains)
        for d in domains:
            self.candidates.pop(d, None)

    def _get(self, domain: str) -> Candidate | None:
        if domain in self.excluded:
            return None
        found = self.candidates.get(domain)
        if found is None:
            found = self.candidates[domain] = Candidate(domain, first_seen=_now(), found=len(self.candidates))
        return found

    def _priority(self, c: Candidate) -> float:
        """What the heap orders by, highest first."""
        if self.order == "discovery":
            return -float(c.found)
        if self.order == "popularity":
            return c.feature("link") - c.found * 1e-9  # ties: first found first
        return c.weight

    def add(self, domain: str, evidence: Evidence) -> None:
        """A crawled page links to `domain`: count its evidence (the strongest per source)."""
        c = self._get(domain)
        if c is None:
            return
        c.hosts[(evidence.scheme, evidence.host)] += 1
        if not c.first_url:
            c.first_url = evidence.url
        if evidence.topic > c.topic:
            c.topic, c.terms = evidence.topic, evidence.terms
        c.anchor = max(c.anchor, evidence.anchor)
        self._raise(c, evidence.source, evidence.signals())

    def add_prior(self, domain: str, name: str, strength: float = 1.0) -> None:
        """Evidence from outside the crawl (`name`: one of evidence.PRIORS), counted once each."""
        c = self._get(domain)
        if c is None:
            return
        c.prior_source = c.prior_source or name
        self._raise(c, f"prior:{name}", prior(name, strength))

    def _raise(self, c: Candidate, source: str, x: tuple[float, ...]) -> None:
        """Count signals `x` of `source`, unless the source gave stronger ones before."""
        c.updated_at = _now()
        self._changed.add(c.domain)
        old = c.sources.get(source)
        if old is not None and weight_of(old, self.betas) >= weight_of(x, self.betas):
            return
        c.sources[source] = x
        for k, v in enumerate(x):
            c.features[k] += v - (old[k] if old is not None else 0.0)
        c.weight = weight_of(c.features, self.betas)
        if c.state == CANDIDATE:
            heapq.heappush(self._heap, (-self._priority(c), next(self._seq), c.domain))

    def admit(self, n: int, limit: int) -> list[Admission]:
        """The `n` best candidates not crawled yet, while fewer than `limit` were admitted
        (0: no limit); each is marked admitted, with its place in the order."""
        out: list[Admission] = []
        while len(out) < n and self._heap and (limit <= 0 or self._admitted < limit):
            neg, _, domain = heapq.heappop(self._heap)
            c = self.candidates.get(domain)
            if c is None or c.state != CANDIDATE or -neg != self._priority(c):
                continue  # a stale entry: the candidate was raised since, or taken
            self._admitted += 1
            c.state, c.admitted_at, c.order, c.updated_at = CRAWLING, _now(), self._admitted, _now()
            self._changed.add(domain)
            out.append(Admission(domain, c.entry_urls(), c.score, tuple(c.features)))
        return out

    def reweigh(self, betas: tuple[float, ...] | list[float]) -> None:
        """New weights for every signal (learning.py): every candidate's W recomputed, the
        order rebuilt."""
        self.betas = tuple(betas)
        self._heap = []
        for c in self.candidates.values():
            c.weight = weight_of(c.features, self.betas)
            if c.state == CANDIDATE:
                self._heap.append((-self._priority(c), next(self._seq), c.domain))
        heapq.heapify(self._heap)

    def started(self, domain: str) -> None:
        """The admitted domain's first request is scheduled (nothing to release here)."""

    def finish(self, domain: str) -> None:
        """An admitted candidate's crawl is over (its budget spent or its pages all fetched)."""
        c = self.candidates.get(domain)
        if c is not None and c.state == CRAWLING:
            c.state, c.updated_at = CRAWLED, _now()
            self._changed.add(domain)

    def admitted(self) -> int:
        return self._admitted

    def crawling(self) -> list[str]:
        """The admitted candidates whose crawl is not over."""
        return [d for d, c in self.candidates.items() if c.state == CRAWLING]

    def known(self) -> int:
        return len(self.candidates)

    def take_changes(self) -> list[dict[str, Any]]:
        """The rows of the candidates changed since the last call."""
        changed, self._changed = self._changed, set()
        return [self.candidates[d].row() for d in sorted(changed) if d in self.candidates]

    def restore(self, c: Candidate) -> None:
        """A candidate as a previous run of the crawl left it (resume): its evidence weight as
        one lump, so later links of the sources it had add to it (they may count twice)."""
        if c.domain in self.excluded:
            return
        self.candidates[c.domain] = c
        if c.state == CANDIDATE:
            heapq.heappush(self._heap, (-self._priority(c), next(self._seq), c.domain))
        else:
            self._admitted += 1
