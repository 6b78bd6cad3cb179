"""The state one discovery crawl shares between its components: targets, profile, candidates.

`Discovery.of(crawler)` makes it once per crawler from the settings; the discover pipeline
(pipelines/discover.py) adds what each page says, the controller (controller.py) admits
candidates and writes the `candidates` dataset.

Settings read: BACKLINKS_DISCOVER_TARGETS, BACKLINKS_DISCOVER_SEEDS,
BACKLINKS_DISCOVER_MAX_DOMAINS, BACKLINKS_DISCOVER_ACTIVE_DOMAINS, BACKLINKS_DISCOVER_WEIGHTS,
BACKLINKS_DISCOVER_CANDIDATES, BACKLINKS_PRIVATE_SUFFIXES.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.utils.misc import load_object

from crawler.discovery.evidence import Weights
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

    def __init__(self, settings: BaseSettings, store: CandidateStore) -> None:
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

    @classmethod
    def of(cls, crawler: Crawler) -> Discovery:
        """The crawler's one Discovery, made on first use."""
        found = getattr(crawler, _ATTRIBUTE, None)
        if found is None:
            found = cls(crawler.settings, make_store(crawler))
            setattr(crawler, _ATTRIBUTE, found)
        return found

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
