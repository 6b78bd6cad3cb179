"""The discovery crawl's controller: which domains are crawled, in which order, and when.

A Scrapy extension, on only for `backlinks discover` (BACKLINKS_DISCOVER). The crawl runs in
phases:

1. the targets' own sites (the spider's start requests): the profile learns what they are
   about (pipelines/discover.py);
2. once every target is done, the seeds (web directories, lists of sites, anything that
   links widely): their external links make the first candidates;
3. from then on, whenever fewer than BACKLINKS_DISCOVER_ACTIVE_DOMAINS seeds and candidates
   are being crawled, the best candidates not crawled yet are admitted, while fewer than
   BACKLINKS_DISCOVER_MAX_DOMAINS were (the budget of domains besides targets and seeds).

An admitted domain is crawled like a seed of `crawl`: its home page first, then
breadth-first inside its registered domain, up to the page budget, with every rule of the
crawl (robots.txt, Crawl-delay, the address guard, traps). A domain is done when none of its
requests is pending (crawler/domains.py's ledger says so); the window is refilled then, and
every second, since new evidence may have made new candidates.

The candidates (score, components, state) go to the `candidates` dataset
(`DATA/candidates/crawl=<id>/`), the changed ones at each flush and at the end.

Settings read: BACKLINKS_DISCOVER, BACKLINKS_DATA_DIR, BACKLINKS_CRAWL_ID,
BACKLINKS_WORKER_ID, BACKLINKS_STORE_FLUSH_SECONDS, BACKLINKS_PRIVATE_SUFFIXES and the
settings of crawler/discovery/state.py. Stats: discover/admitted, discover/candidates,
discover/referring_domains, discover/seeds_released.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet.task import LoopingCall

from crawler.discovery.state import Discovery
from crawler.domains import DomainLedger
from crawler.seeds import parse_seeds
from crawler.signals import domain_done
from pipelines import schema
from pipelines.layout import run_stamp, table_dir
from pipelines.parquet import PartWriter

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)

#: How often the window is refilled besides when a domain is done, and the counts updated.
REFILL_SECONDS = 1.0


class DiscoveryController:
    def __init__(self, crawler: Crawler, discovery: Discovery, writer: PartWriter, flush_seconds: float) -> None:
        self.crawler, self.discovery, self.writer = crawler, discovery, writer
        self.flush_seconds = flush_seconds
        self.ledger = DomainLedger.of(crawler)
        self.private = crawler.settings.getbool("BACKLINKS_PRIVATE_SUFFIXES")
        self.targets_pending = set(discovery.targets)
        self.seeds = parse_seeds(discovery.seeds, private_suffixes=self.private)
        self.seeds_released = False
        self.active: set[str] = set()  # seeds and admitted candidates being crawled
        self.timers: list[LoopingCall] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        if not s.getbool("BACKLINKS_DISCOVER"):
            raise NotConfigured("not a discovery crawl")
        discovery = Discovery.of(crawler)
        crawl_id = s.get("BACKLINKS_CRAWL_ID")
        writer = PartWriter(table_dir(s.get("BACKLINKS_DATA_DIR"), "candidates", crawl_id), schema.CANDIDATES,
                            f"{s.get('BACKLINKS_WORKER_ID')}-{run_stamp()}")
        ext = cls(crawler, discovery, writer, s.getfloat("BACKLINKS_STORE_FLUSH_SECONDS"))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.domain_finished, signal=domain_done)
        return ext

    # -- signals ----------------------------------------------------------------------------
    def opened(self, spider: Any) -> None:
        self.discovery.store.exclude(list(self.discovery.targets) + [seed.domain for seed in self.seeds])
        for seconds, call in ((REFILL_SECONDS, self.refill), (self.flush_seconds, self.flush)):
            if seconds > 0:
                timer = LoopingCall(call)
                timer.start(seconds, now=False)
                self.timers.append(timer)

    def domain_finished(self, domain: str) -> None:
        self.active.discard(domain)
        self.targets_pending.discard(domain)
        self.discovery.store.finish(domain)
        self.refill()

    def idle(self, spider: Any) -> None:
        """Nothing is pending: release the seeds or admit more candidates, or let the crawl end."""
        self.targets_pending.clear()  # whatever is left of them failed without a page
        if self.refill():
            raise DontCloseSpider

    def closed(self, spider: Any, reason: str) -> None:
        for timer in self.timers:
            if timer.running:
                timer.stop()
        self.flush()

    # -- admission ----------------------------------------------------------------------------
    def refill(self) -> int:
        """Release the seeds once the targets are done, then admit the best candidates while
        the window has room and the budget lasts; return how many domains were started."""
        started = 0
        if not self.seeds_released and not self.targets_pending:
            self.discovery.reader.start_weighing()
            self.seeds_released = True
            self.crawler.stats.set_value("discover/seeds_released", True)
            for seed in self.seeds:
                started += self._start(seed.domain, seed.urls)
        if self.seeds_released:
            room = self.discovery.active_domains - len(self.active)
            if room > 0:
                for admission in self.discovery.store.admit(room, self.discovery.max_domains):
                    logger.info("Admitted %(domain)s (score %(score).3f)",
                                {"domain": admission.domain, "score": admission.score},
                                extra={"spider": self.crawler.spider})
                    started += self._start(admission.domain, admission.urls)
        self._count()
        return started

    def _start(self, domain: str, urls: tuple[str, ...]) -> int:
        """Schedule the home page of `domain` (its other URLs as fallbacks)."""
        if not self.ledger.reserve(domain):
            return 0
        spider = self.crawler.spider
        request = spider.request_for(urls[0], scope=domain, depth=0, redirect_hops=0, fallbacks=list(urls[1:]))
        self.active.add(domain)
        self.crawler.engine.crawl(request)
        self.discovery.store.started(domain)
        return 1

    def _count(self) -> None:
        for key, value in self.discovery.progress().items():
            self.crawler.stats.set_value(f"discover/{key}", value)

    def flush(self) -> None:
        """Write the candidates changed since the last flush."""
        rows = self.discovery.store.take_changes()
        targets = list(self.discovery.targets)
        crawl_id = self.crawler.settings.get("BACKLINKS_CRAWL_ID")
        for row in rows:
            row.update(crawl_id=crawl_id, targets=targets)
            self.writer.add(row)
        self.writer.flush()
