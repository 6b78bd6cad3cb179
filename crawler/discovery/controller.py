"""The discovery crawl's controller: which domains are crawled, in which order, and when.

A Scrapy extension, on only for `backlinks discover` (BACKLINKS_DISCOVER). The crawl runs in
phases:

1. the targets' own sites (the spider's start requests): the profile learns what they are
   about (crawler/discovery/reader.py);
2. beside them, the seeds (web directories, lists of sites, anything that links widely):
   their pages wait, unweighed, until every target is done; then their external links
   make the first candidates;
3. from then on, whenever fewer than BACKLINKS_DISCOVER_ACTIVE_DOMAINS seeds and candidates
   are being crawled, the best candidates not crawled yet are admitted, while fewer than
   BACKLINKS_DISCOVER_MAX_DOMAINS were (the budget of domains besides targets and seeds).

An admitted domain is crawled like a seed of `crawl`: its home page first, then
breadth-first inside its registered domain, up to the page budget, with every rule of the
crawl (robots.txt, Crawl-delay, the address guard, traps). A domain is done when none of its
requests is pending (crawler/domains.py's ledger says so); the window is refilled then, and
every second, since new evidence may have made new candidates. A crawled candidate is an
example for the signals' weights (learning.py): did the crawl find it linking to a target?

The candidates go to the `candidates` dataset (`DATA/candidates/crawl=<id>/`), those changed
since the last flush each time; the rest of the state to `DATA/discovery/<id>.json`
(persist.py), from which a second run of the same crawl id goes on.

Settings read: BACKLINKS_DISCOVER, BACKLINKS_DATA_DIR, BACKLINKS_CRAWL_ID,
BACKLINKS_WORKER_ID, BACKLINKS_STORE_FLUSH_SECONDS, BACKLINKS_PRIVATE_SUFFIXES, the
frontier's, and those of crawler/discovery/state.py. Stats: discover/*.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any, cast

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet.task import LoopingCall

from crawler.discovery.persist import Restored, restore, save_state
from crawler.discovery.priors import add_priors
from crawler.discovery.state import Discovery
from crawler.discovery.window import Window
from crawler.domains import DomainLedger
from crawler.frontier import FollowPolicy
from crawler.seeds import parse_seeds
from crawler.signals import domain_done
from pipelines.dataset import schema
from pipelines.dataset.layout import run_stamp, table_dir
from pipelines.dataset.location import Location
from pipelines.dataset.parts import PartWriter

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.spiders.backlinks import BacklinksSpider

logger = logging.getLogger(__name__)

#: How often the window is refilled besides when a domain is done, and the counts updated.
REFILL_SECONDS = 1.0


class DiscoveryController:
    def __init__(self, crawler: Crawler, discovery: Discovery, writer: PartWriter, flush_seconds: float) -> None:
        s = crawler.settings
        self.crawler, self.discovery, self.writer = crawler, discovery, writer
        self.flush_seconds = flush_seconds
        self.crawl_id = s.get("BACKLINKS_CRAWL_ID")
        self.location = Location(s.get("BACKLINKS_DATA_DIR"))
        self.ledger = DomainLedger.of(crawler)
        self.targets_pending = set(discovery.targets)
        self.seeds = parse_seeds(discovery.seeds, private_suffixes=s.getbool("BACKLINKS_PRIVATE_SUFFIXES"),
                                 www=s.getbool("BACKLINKS_WWW_FALLBACK"))
        self.weighing = False  # the targets are done: their profile is complete
        self.active: set[str] = set()  # seeds and admitted candidates being crawled
        self.admitted: dict[str, tuple[float, ...]] = {}  # being crawled -> features when admitted
        self.timers: list[LoopingCall] = []
        self.resuming = False  # no admission while the last run's state comes back
        #: distributed: the candidates and the profile are in Redis, the frontier shared
        self.distributed = discovery.exchange.distributed
        self.private = s.getbool("BACKLINKS_PRIVATE_SUFFIXES")
        self.ticks = 0
        largest = s.getint("BACKLINKS_DISCOVER_ACTIVE_DOMAINS_MAX")
        if discovery.max_domains > 0:  # a fifth of the budget at most: the order stays best-first
            largest = min(largest, max(discovery.active_domains, math.ceil(discovery.max_domains / 5)))
        self.window = Window(discovery.active_domains, largest)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        if not s.getbool("BACKLINKS_DISCOVER"):
            raise NotConfigured("not a discovery crawl")
        discovery = Discovery.of(crawler)
        writer = PartWriter(table_dir(s.get("BACKLINKS_DATA_DIR"), "candidates", s.get("BACKLINKS_CRAWL_ID")),
                            schema.CANDIDATES, f"{s.get('BACKLINKS_WORKER_ID')}-{run_stamp()}")
        ext = cls(crawler, discovery, writer, s.getfloat("BACKLINKS_STORE_FLUSH_SECONDS"))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.domain_finished, signal=domain_done)
        return ext

    # -- signals ----------------------------------------------------------------------------
    def opened(self, spider: Any) -> None:
        d = self.discovery
        seed_domains = {seed.domain for seed in self.seeds}
        d.store.exclude(list(d.targets) + sorted(seed_domains))
        s = self.crawler.settings
        previous = Restored(s.get("BACKLINKS_DATA_DIR"), self.crawl_id)
        if previous.found and not self.distributed:  # distributed: Redis holds it all
            self._resume(previous, seed_domains)
        elif d.exchange.once("priors"):
            found = add_priors(d.store, s.get("BACKLINKS_DATA_DIR"), list(d.targets),
                               webgraph=s.get("BACKLINKS_DISCOVER_WEBGRAPH"), gsc=s.getlist("BACKLINKS_DISCOVER_GSC"),
                               limit=s.getint("BACKLINKS_DISCOVER_WEBGRAPH_LIMIT"))
            for source, n in found.items():
                self.crawler.stats.set_value(f"discover/priors/{source}", n)
        self._release_seeds()
        for seconds, call in ((REFILL_SECONDS, self.refill), (self.flush_seconds, self.flush)):
            if seconds > 0:
                timer = LoopingCall(call)
                timer.start(seconds, now=False)
                self.timers.append(timer)

    def _resume(self, previous: Restored, seed_domains: set[str]) -> None:
        """Go on from where the last run of this crawl id stopped (persist.py)."""
        assert previous.state is not None
        policy = FollowPolicy.from_settings(self.crawler.settings)
        self.resuming = True
        try:
            going_on = restore(self.crawler, self.discovery, self.ledger, policy, previous, seed_domains)
        finally:
            self.resuming = False
        if previous.state.get("weighing"):
            self.targets_pending.clear()
            self.weighing = True
            self.discovery.reader.start_weighing()
        for domain in self.discovery.store.crawling():
            if domain in going_on:
                self.active.add(domain)
            else:
                self.discovery.store.finish(domain)
        self.active |= going_on & seed_domains
        self.crawler.stats.set_value("discover/resumed", True)

    def domain_finished(self, domain: str, **kwargs: Any) -> None:
        """The ledger says so (one process); a distributed crawl asks the shared frontier."""
        if self.distributed:
            return
        self.targets_pending.discard(domain)
        self._finished(domain)
        self.refill()

    def _finished(self, domain: str) -> None:
        d = self.discovery
        self.active.discard(domain)
        features = self.admitted.pop(domain, None)
        if features is not None:
            d.store.finish(domain)
            d.learn(features, d.found(domain))

    def idle(self, spider: Any) -> None:
        """Nothing is pending here: release the seeds or admit more candidates, or let the crawl
        end (distributed: the worker's idle timeout decides, once this worker has nothing to
        wait for)."""
        if not self.distributed:
            self.targets_pending.clear()  # whatever is left of them failed without a page
        if self.refill() or (self.distributed and (self.active or not self.weighing)):
            raise DontCloseSpider

    def closed(self, spider: Any, reason: str) -> None:
        for timer in self.timers:
            if timer.running:
                timer.stop()
        self.flush()

    # -- admission ----------------------------------------------------------------------------
    def _release_seeds(self) -> None:
        """The seeds are crawled beside the targets: their pages wait, unweighed, until the
        targets are done (reader.py); distributed, they go to the crawl's seed list once."""
        d = self.discovery
        if self.distributed:
            if d.exchange.once("seeds"):
                d.exchange.push_seeds(d.seeds, private=self.private)
            return
        for seed in self.seeds:
            self._start(seed.domain, seed.urls)

    def refill(self) -> int:
        """Start weighing once the targets are done, then admit the best candidates while
        the window has room and the budget lasts; return how many domains were started."""
        d = self.discovery
        started = 0
        if self.resuming:
            return started
        d.exchange.sync()
        if self.distributed:
            self._distributed_tick()
        elif not self.weighing and not self.targets_pending:
            d.reader.start_weighing()
            self.weighing = True
        if self.weighing:
            stats = self.crawler.stats
            size = self.window.update(stats.get_value("extract/pages", 0), stats.get_value("scheduler/no_free_host", 0))
            stats.set_value("discover/window", size)
            room = size - len(self.active)
            if room > 0:
                for admission in d.store.admit(room, d.max_domains):
                    logger.info("Admitted %(domain)s (score %(score).3f)",
                                {"domain": admission.domain, "score": admission.score},
                                extra={"spider": self.crawler.spider})
                    self.admitted[admission.domain] = admission.features
                    started += self._start(admission.domain, admission.urls)
                    d.store.started(admission.domain)
        for key, value in d.progress().items():
            self.crawler.stats.set_value(f"discover/{key}", value)
        return started

    def _distributed_tick(self) -> None:
        """Weighing starts once the shared frontier holds nothing of the targets; an admitted
        domain is done when it holds nothing of it; the admissions of a dead worker come back."""
        d = self.discovery
        if not self.weighing and d.exchange.targets_done(list(d.targets)):
            self.weighing = True
            d.reader.start_weighing()
        for domain in d.exchange.done(sorted(self.active)):
            self._finished(domain)
        self.ticks += 1
        if self.ticks % 5 == 0:
            for worker in d.exchange.dead_workers(d.store.key("leases", "")):  # type: ignore[attr-defined]
                back = d.store.reclaim(worker)  # type: ignore[attr-defined]
                if back:
                    logger.warning("Worker %s is gone: %d candidates it admitted are back", worker, back)

    def _start(self, domain: str, urls: tuple[str, ...]) -> int:
        """Schedule the home page of `domain` (its other URLs as fallbacks)."""
        if not self.ledger.reserve(domain):
            return 0
        spider = cast("BacklinksSpider", self.crawler.spider)
        request = spider.request_for(urls[0], scope=domain, depth=0, redirect_hops=0, fallbacks=list(urls[1:]))
        self.active.add(domain)
        self.crawler.engine.crawl(request)
        return 1

    def flush(self) -> None:
        """Write the candidates changed since the last flush, then the state file."""
        targets = list(self.discovery.targets)
        for row in self.discovery.store.take_changes():
            row.update(crawl_id=self.crawl_id, targets=targets)
            self.writer.add(row)
        self.writer.flush()
        if not self.distributed:  # distributed: the state is in Redis
            save_state(self.discovery, self.location, self.crawl_id, self.weighing)
