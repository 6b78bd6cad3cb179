"""The wide web's sites and who links to whom, at the level of registered domains.

Deterministic from (``sites``, ``seed``). Each site is one registered domain in one topic
(``vocab.TOPICS``), or a generalist (news, magazines, personal blogs: every topic), or a web
directory. The model, formula by formula:

* **Prominence.** Each site draws a latent ``z ~ N(0, 1)``. Its *popularity* (how likely others
  link to it) is the Pareto weight ``(1 - Phi(z)) ** (-1 / POPULARITY_ALPHA)``: a few sites per
  topic collect many in-links (the top ``HUBS`` per topic are the kind ``hub``). Its
  *activity* (how many sites it links to) comes from ``z' = ACTIVITY_CORRELATION * z +
  sqrt(1 - ACTIVITY_CORRELATION**2) * e``: prominent sites link out more, as on the real web,
  but loosely.
* **Out-links.** A site links to ``out_degree(activity)`` distinct domains (1 to 40, mean
  about 7; the minimum in-link and the planned links to the targets come on top). A topical
  site picks each in its own topic with probability ``homophily`` (drawn
  per site in ``HOMOPHILY``), else a neighbouring topic (``vocab.NEIGHBOURS``), a generalist
  or any topic; a generalist picks a random topic. Within the chosen group the destination is
  drawn by popularity. Every site ends with at least one in-link.
* **Targets.** One target (the user's site) and 2-3 competitors, all in one topic. Nothing
  links to them by chance: their referring domains are planned. The target gets ``K`` of them
  (``TARGET_SHARE`` of the sites, within 12..120): ``IN_TOPIC`` of them from its topic, the
  rest from generalists, neighbouring topics and any topic (``OFF_TOPIC``), each group drawn
  with weights the sites' out-degrees (who links to many sites more likely links to this
  one). A competitor gets 0.6-1.4 ``K``, of which 30-55% are also the target's.
* **Dead links.** 12% of the sites link to one of a few domains that are gone (``dead``).
* **Directories** (3-5, the seeds) each list a different random subset of the sites
  (``DIRECTORY_SHARE`` of them, drawn with weights ``popularity ** DIRECTORY_POPULARITY_BIAS``:
  better-known sites are listed more often), never the target.

The constants were chosen for realism first (homophily, the heavy tail, directory sizes);
``DIRECTORY_POPULARITY_BIAS`` and ``ACTIVITY_CORRELATION`` then set so that plain discovery
order finds about a third of the target's referring domains at a budget of a quarter of the
domains (README, "The wide web").
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from statistics import NormalDist

from . import prose
from . import vocab as V

POPULARITY_ALPHA = 1.1
ACTIVITY_CORRELATION = 0.7
HOMOPHILY = (0.72, 0.9)
#: out_degree's Pareto: scale, shape, cap
OUT_DEGREE = (3.0, 1.5, 40)
#: share of a topical site's cross-topic picks that go to a neighbouring topic, a generalist
CROSS = {"neighbour": 0.55, "generalist": 0.25}
GENERALISTS = (0.10, 0.15)
HUBS = 4
TARGET_SHARE = (0.022, 0.032)
IN_TOPIC = (0.68, 0.82)
#: how the target's off-topic referrers split between generalists, neighbours, other topics
OFF_TOPIC = {"generalist": 0.5, "neighbour": 0.35, "other": 0.15}
DIRECTORY_SHARE = (0.03, 0.07)
DIRECTORY_POPULARITY_BIAS = 0.6
DEAD_DOMAINS = 0.02
DEAD_LINKS = 0.12
#: robots.txt kinds (``robots.py``) and their shares among ordinary, hub and generalist sites
ROBOTS = (("allow", 72), ("404", 15), ("private", 6), ("delay", 3), ("none", 3), ("503", 1))
KINDS = ("directory", "target", "competitor", "hub", "generalist", "ordinary")
_PHI = NormalDist()


@dataclass(slots=True)
class WideSite:
    """One site: a registered domain served on ``host``; ``alias`` (the bare or ``www.``
    form) answers every path with a 301 to ``host``."""

    index: int
    domain: str
    host: str
    alias: str
    name: str
    topic: str | None  # None: a generalist or a directory
    kind: str
    robots: str
    pages: int  # planned pages (home included): 3-12, more for a directory
    popularity: float
    activity: float
    share: float  # share of topic words in its text (prose.Words)
    out: list[int] = field(default_factory=list)  # sites it links to (planned order)
    targets: list[int] = field(default_factory=list)  # targets and competitors it links to
    dead: list[str] = field(default_factory=list)  # domains it links to that are gone


class WideGraph:
    """The sites of a wide web (``sites`` of them, directories included) and their links."""

    def __init__(self, sites: int = 3000, seed: int = 0) -> None:
        if sites < 100:
            raise ValueError(f"a wide web needs at least 100 sites, got {sites}")
        self.seed = seed
        self.rng = random.Random(f"wide:{seed}:{sites}")
        self.sites: list[WideSite] = []
        self._domains: set[str] = set()
        self.target_topic = self.rng.choice(V.TOPIC_SLUGS)
        self._make_sites(sites)
        self.by_topic: dict[str | None, list[int]] = {}
        for s in self.sites:
            if s.kind not in ("directory", "target", "competitor"):
                self.by_topic.setdefault(s.topic, []).append(s.index)
        self._mark_hubs()
        self._popular = {t: _cumulative([self.sites[i].popularity for i in members])
                         for t, members in self.by_topic.items()}
        for s in self.sites:
            if s.kind != "directory":
                s.out = self._out_links(s)
        self._everyone_linked()
        self.target = next(s.index for s in self.sites if s.kind == "target")
        self.competitors = [s.index for s in self.sites if s.kind == "competitor"]
        self.referrers = self._plan_referrers()
        self.listings = self._plan_directories()
        self._plan_dead_links()

    # -- sites --------------------------------------------------------------------------------
    def _make_sites(self, count: int) -> None:
        rng = self.rng
        directories = 3 + rng.randrange(3)
        generalists = round(count * rng.uniform(*GENERALISTS))
        topical = count - directories - generalists
        sizes = [rng.uniform(0.7, 1.3) for _ in V.TOPICS]
        topics = rng.choices(V.TOPIC_SLUGS, sizes, k=topical)
        competitors = 2 + rng.randrange(2)
        for name, domain in V.DIRECTORIES[:directories]:
            self._add(name, domain, None, "directory", "allow", 12)
        specials = ["target"] + ["competitor"] * competitors
        for kind in specials:
            self._add_named(self.target_topic, kind)
        for topic in topics[len(specials):]:
            self._add_named(topic, "ordinary")
        for _ in range(generalists):
            self._add_named(None, "generalist")

    def _add_named(self, topic: str | None, kind: str) -> None:
        rng = self.rng
        t = _topic(topic) if topic else V.NEWS
        while True:
            name, label = prose.site_name(rng, t, rng.random() < 0.3)
            domain = f"{label}.{prose.tld(rng)}"
            if domain not in self._domains:
                break
        robots = "allow" if kind in ("target", "competitor") else _weighted(rng, ROBOTS)
        pages = rng.randint(8, 12) if kind in ("target", "competitor", "generalist") \
            else rng.randint(3, 12)
        self._add(name, domain, topic, kind, robots, pages)

    def _add(self, name: str, domain: str, topic: str | None, kind: str, robots: str,
             pages: int) -> None:
        rng = self.rng
        self._domains.add(domain)
        shape = rng.random()
        host = domain if shape < 0.3 else (f"blog.{domain}" if shape < 0.35 else f"www.{domain}")
        alias = f"www.{domain}" if host != f"www.{domain}" else domain
        z = rng.gauss(0, 1)
        z2 = ACTIVITY_CORRELATION * z + math.sqrt(1 - ACTIVITY_CORRELATION ** 2) * rng.gauss(0, 1)
        popularity = (1 - _PHI.cdf(z)) ** (-1 / POPULARITY_ALPHA)
        self.sites.append(WideSite(len(self.sites), domain, host, alias, name, topic, kind,
                                   robots, pages, popularity, _PHI.cdf(z2),
                                   rng.uniform(0.2, 0.5)))

    def _mark_hubs(self) -> None:
        for topic, members in self.by_topic.items():
            if topic is None:
                continue
            for i in sorted(members, key=lambda i: -self.sites[i].popularity)[:HUBS]:
                self.sites[i].kind = "hub"
                self.sites[i].pages = max(self.sites[i].pages, 10)

    # -- generic out-links --------------------------------------------------------------------
    def _draw(self, group: str | None) -> int:
        members = self.by_topic[group]
        return members[bisect(self._popular[group], self.rng.random() * self._popular[group][-1])]

    def _group(self, site: WideSite, homophily: float) -> str | None:
        rng = self.rng
        if site.topic is None:
            return None if rng.random() < 0.2 else rng.choice(V.TOPIC_SLUGS)
        if rng.random() < homophily:
            return site.topic
        r = rng.random()
        if r < CROSS["neighbour"]:
            return rng.choice(V.NEIGHBOURS[site.topic])
        if r < CROSS["neighbour"] + CROSS["generalist"]:
            return None
        return rng.choice(V.TOPIC_SLUGS)

    def _out_links(self, site: WideSite) -> list[int]:
        homophily = self.rng.uniform(*HOMOPHILY)
        want = min(out_degree(site.activity), 4 * site.pages + 12)
        out: list[int] = []
        for _ in range(want * 3):
            if len(out) == want:
                break
            group = self._group(site, homophily)
            dst = self._draw(group if group in self.by_topic else None)  # a tiny web
            if dst != site.index and dst not in out:
                out.append(dst)
        return out

    def _everyone_linked(self) -> None:
        """A site nobody links to gets one in-link from an active site of its topic."""
        linked = {d for s in self.sites for d in s.out}
        for members in self.by_topic.values():
            weights = _cumulative([self.sites[i].activity for i in members])
            for i in members:
                if i not in linked:
                    src = members[bisect(weights, self.rng.random() * weights[-1])]
                    if src == i:
                        src = members[(members.index(i) + 1) % len(members)]
                    self.sites[src].out.append(i)

    # -- the targets' referring domains ------------------------------------------------------
    def _groups(self) -> dict[str, list[int]]:
        topic = self.target_topic
        near = V.NEIGHBOURS[topic]
        out: dict[str, list[int]] = {"in": [], "generalist": [], "neighbour": [], "other": []}
        for s in self.sites:
            if s.kind in ("directory", "target", "competitor"):
                continue
            key = "in" if s.topic == topic else "generalist" if s.topic is None else \
                "neighbour" if s.topic in near else "other"
            out[key].append(s.index)
        return out

    def _sample(self, pool: list[int], k: int, taken: set[int]) -> list[int]:
        """``k`` sites of ``pool`` not in ``taken``, drawn without replacement with weights
        their out-degrees: a site that links to many sites more likely links to this one."""
        keyed = sorted((self.rng.random() ** (1 / (1 + len(self.sites[i].out))), i)
                       for i in pool if i not in taken)
        return [i for _, i in keyed[-k:]] if k else []

    def _split(self, k: int, taken: set[int], groups: dict[str, list[int]]) -> list[int]:
        inside = round(k * self.rng.uniform(*IN_TOPIC))
        chosen = self._sample(groups["in"], inside, taken)
        rest = k - inside
        for key, share in OFF_TOPIC.items():
            n = rest - sum(round(rest * s) for g, s in OFF_TOPIC.items() if g != key) \
                if key == "other" else round(rest * share)
            chosen += self._sample(groups[key], n, taken | set(chosen))
        return chosen

    def _plan_referrers(self) -> dict[int, list[int]]:
        rng, groups = self.rng, self._groups()
        total = len(self.sites)
        k = min(120, max(12, round(total * rng.uniform(*TARGET_SHARE))))
        plan = {self.target: self._split(k, set(), groups)}
        for c in self.competitors:
            kc = max(8, round(k * rng.uniform(0.6, 1.4)))
            shared = self._sample(plan[self.target], round(kc * rng.uniform(0.3, 0.55)), set())
            plan[c] = shared + self._split(kc - len(shared), set(plan[self.target]), groups)
        for t, referrers in plan.items():
            for i in referrers:
                self.sites[i].targets.append(t)
        return plan

    # -- directories --------------------------------------------------------------------------
    def _plan_directories(self) -> dict[int, list[int]]:
        listable = [s.index for s in self.sites if s.kind not in ("directory", "target")]
        out = {}
        for d in (s.index for s in self.sites if s.kind == "directory"):
            k = round(len(self.sites) * self.rng.uniform(*DIRECTORY_SHARE))
            keyed = sorted((self.rng.random() ** (
                1 / self.sites[i].popularity ** DIRECTORY_POPULARITY_BIAS), i) for i in listable)
            out[d] = sorted((i for _, i in keyed[-k:]), key=lambda i: self.sites[i].name.lower())
        return out


    def _plan_dead_links(self) -> None:
        """Link rot: ``DEAD_DOMAINS`` of the web's size in domains that no longer answer (the
        proxy has no such host), each linked by ``DEAD_LINKS`` of the sites at random."""
        rng, dead = self.rng, list[str]()
        while len(dead) < max(3, round(len(self.sites) * DEAD_DOMAINS)):
            _, label = prose.site_name(rng, None, False)
            domain = f"{label}.{prose.tld(rng)}"
            if domain not in self._domains:
                self._domains.add(domain)
                dead.append(domain)
        for s in self.sites:
            if s.kind not in ("directory", "target", "competitor") and rng.random() < DEAD_LINKS:
                s.dead.append(rng.choice(dead))


def out_degree(activity: float) -> int:
    """Distinct domains a site links to: a Pareto tail over its activity quantile (1..40)."""
    scale, shape, cap = OUT_DEGREE
    return min(cap, int(scale * (1 - activity * 0.995) ** (-1 / shape)))


def _topic(slug: str) -> V.Topic:
    return V.TOPICS[V.TOPIC_SLUGS.index(slug)]


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    names, weights = zip(*table, strict=True)
    return rng.choices(names, weights)[0]


def _cumulative(weights: list[float]) -> list[float]:
    return list(accumulate(weights))
