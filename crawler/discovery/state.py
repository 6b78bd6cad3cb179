"""The state one discovery crawl shares between its components: targets, profile, candidates.

`Discovery.of(crawler)` makes it once per crawler from the settings; the discover pipeline
(pipelines/discover.py) adds what each page says, the controller (controller.py) admits
candidates and writes the `candidates` dataset.

Settings read: BACKLINKS_DISCOVER_TARGETS, BACKLINKS_DISCOVER_SEEDS,
BACKLINKS_DISCOVER_MAX_DOMAINS, BACKLINKS_DISCOVER_ACTIVE_DOMAINS, BACKLINKS_DISCOVER_WEIGHTS,
BACKLINKS_DISCOVER_CANDIDATES, BACKLINKS_DISCOVER_EXCHANGE, BACKLINKS_DISCOVER_LEARN,
BACKLINKS_PRIVATE_SUFFIXES.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.utils.misc import load_object

from crawler.discovery.evidence import Weights
from crawler.discovery.learning import Calibration
from crawler.discovery.profile import TargetProfile
from crawler.discovery.reader import PageReader
from crawler.discovery.terms import TermStats
from crawler.errors import BadSeed
from crawler.seeds import parse_seed

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from crawler.discovery.candidates import CandidateStore

_ATTRIBUTE = "_backlinks_discovery"


def target_domains(texts: list[str], *, private_suffixes: bool = False) -> list[str]:
    """The registered domains of the targets as typed (domains, hosts or URLs), in order, once."""
    out: list[str] = []
    for text in texts:
        domain = parse_seed(text, private_suffixes=private_suffixes).domain
        if domain not in out:
            out.append(domain)
    if not out:
        raise BadSeed("discover needs at least one target")
    return out


class Discovery:
    """Targets, the topic profile, the crawl's term statistics, the candidates, and the
    referring domains of the targets found so far."""

    def __init__(self, settings: BaseSettings, store: CandidateStore, exchange: Any) -> None:
        private = settings.getbool("BACKLINKS_PRIVATE_SUFFIXES")
        self.targets = target_domains(settings.getlist("BACKLINKS_DISCOVER_TARGETS"), private_suffixes=private)
        self.seeds: list[str] = settings.getlist("BACKLINKS_DISCOVER_SEEDS")
        self.max_domains = settings.getint("BACKLINKS_DISCOVER_MAX_DOMAINS")
        self.active_domains = max(1, settings.getint("BACKLINKS_DISCOVER_ACTIVE_DOMAINS"))
        self.stats = TermStats()
        self.profile = TargetProfile(self.targets, self.stats)
        self.store = store
        #: target -> registered domains found linking to it
        self.refdomains: dict[str, set[str]] = {t: set() for t in self.targets}
        self.reader = PageReader(self)
        self.exchange = exchange
        exchange.bind(self)
        #: learns the signals' worth from the crawled candidates (learning.py), unless off
        self.calibration = Calibration(store.betas) if settings.getbool("BACKLINKS_DISCOVER_LEARN") else None

    @classmethod
    def of(cls, crawler: Crawler) -> Discovery:
        """The crawler's one Discovery, made on first use."""
        found = getattr(crawler, _ATTRIBUTE, None)
        if found is None:
            exchange = load_object(crawler.settings.get("BACKLINKS_DISCOVER_EXCHANGE")).from_crawler(crawler)
            found = cls(crawler.settings, make_store(crawler), exchange)
            setattr(crawler, _ATTRIBUTE, found)
        return found

    def found(self, domain: str) -> bool:
        """Has `domain` been found linking to a target?"""
        return any(domain in found for found in self.refdomains.values())

    def learn(self, features: tuple[float, ...], found: bool) -> None:
        """A crawled candidate's features at admission and whether it links to a target:
        an example for the weights; the candidates are reweighed when they change."""
        if self.calibration is not None and features:
            betas = self.calibration.observe(features, found)
            if betas is not None:
                self.store.reweigh(betas)

    def state(self) -> dict[str, Any]:
        """What a resumed crawl needs back (persist.py), as JSON values."""
        return {"targets": list(self.targets), "profile": self.profile.state(),
                "background": {"documents": self.stats.documents, "shares": self.stats.shares},
                "refdomains": {t: sorted(found) for t, found in self.refdomains.items()},
                "examples": self.calibration.examples if self.calibration is not None else []}

    def load_state(self, state: dict[str, Any]) -> None:
        self.profile.load_state(state.get("profile", {}))
        background = state.get("background", {})
        self.stats.documents = int(background.get("documents", 0))
        self.stats.shares = dict(background.get("shares", {}))
        for target, found in state.get("refdomains", {}).items():
            self.refdomains.setdefault(target, set()).update(found)
        if self.calibration is not None:
            for features, found in state.get("examples", []):
                self.learn(tuple(features), bool(found))

    def referring_domains(self) -> int:
        """Distinct domains found linking to any target so far."""
        return len(set().union(*self.refdomains.values())) if self.refdomains else 0

    def progress(self) -> dict[str, Any]:
        return {"candidates": self.store.known(), "domains_admitted": self.store.admitted(),
                "domains_budget": self.max_domains, "referring_domains": self.referring_domains()}


def weights(settings: BaseSettings) -> Weights:
    return Weights.from_mapping(dict(settings.getdict("BACKLINKS_DISCOVER_WEIGHTS")))


def make_store(crawler: Crawler) -> CandidateStore:
    """The candidate store class of BACKLINKS_DISCOVER_CANDIDATES (the distributed add-on
    swaps in the Redis one), built from the crawler."""
    cls = load_object(crawler.settings.get("BACKLINKS_DISCOVER_CANDIDATES"))
    return cls.from_crawler(crawler)
