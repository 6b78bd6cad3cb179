"""The per-domain ledger: what each domain of the crawl has pending and has fetched.

A crawl schedules a request only after `reserve(domain)` said yes, and the ledger hears of
its end through the crawl's signals. So the frontier never holds what a page budget would
refuse (a domain whose budget is spent schedules nothing more), and a crawl knows, the moment
it happens, that a domain is done: nothing of it pending. Discovery admits a new candidate
domain each time one is done.

- `reserve(domain)`: called before a request of `domain` is scheduled (the spider's start
  requests, the links the extract pipeline follows). Yes, and the request counts as pending,
  while fetched + pending is below BACKLINKS_MAX_PAGES_PER_DOMAIN (0: no budget); no once it
  has reached it.
- `resolve(domain, fetched)`: a reserved request has ended. The crawl's signals call it: its
  item was processed (after its own links were reserved), it was refused (robots.txt, the
  budget, the address guard: `request_abandoned`), or the scheduler dropped it as a duplicate
  (`request_dropped`). `fetched` is whether it used the budget, as the budget middleware
  counts it: every fetch and failed fetch, and a request refused by robots.txt after it was
  counted.
- A domain is *done* when nothing of it is pending; `domain_done` (crawler/signals.py) is sent
  the moment it becomes so. A retry stands in for its original (one reservation, one end).

The domain is the request's `scope` (the seed's registered domain, which a crawl never
leaves). The download-time DomainBudgetMiddleware stays the hard guarantee. In distributed
mode a request reserved by one worker may end on another, so a worker's ledger is its own
view: it refuses only domains this worker alone has fetched the budget of, and the budget
shared through Redis (the middleware) does the rest.

Settings read: BACKLINKS_MAX_PAGES_PER_DOMAIN, BACKLINKS_DISTRIBUTED.
Stats: ledger/unreserved (an end with nothing pending: a request reserved elsewhere).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from scrapy import signals

from crawler.items import SUPERSEDED
from crawler.middlewares.budget import COUNTED
from crawler.signals import domain_done, request_abandoned

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector

_ATTRIBUTE = "backlinks_domain_ledger"  # where of() keeps a crawler's ledger


class DomainLedger:
    """Pending and fetched requests per domain; see the module docstring."""

    def __init__(self, budget: int, *, shared: bool = False,
                 signal_manager: SignalManager | None = None,
                 stats: StatsCollector | None = None) -> None:
        self.budget, self.shared = budget, shared
        self.signal_manager, self.stats = signal_manager, stats
        self._pending: Counter[str] = Counter()
        self._fetched: Counter[str] = Counter()
        self._done = 0  # domains with nothing pending

    @classmethod
    def of(cls, crawler: Crawler) -> DomainLedger:
        """The crawler's ledger, made (and connected to its signals) on the first call."""
        ledger = getattr(crawler, _ATTRIBUTE, None)
        if ledger is None:
            s = crawler.settings
            ledger = cls(s.getint("BACKLINKS_MAX_PAGES_PER_DOMAIN"),
                         shared=s.getbool("BACKLINKS_DISTRIBUTED"),
                         signal_manager=crawler.signals, stats=crawler.stats)
            ledger.connect(crawler.signals)
            setattr(crawler, _ATTRIBUTE, ledger)
        return ledger

    def connect(self, manager: SignalManager) -> None:
        """Resolve requests as the crawl's signals say they end."""
        manager.connect(self._item_ended, signal=signals.item_scraped)
        manager.connect(self._item_ended, signal=signals.item_dropped)
        manager.connect(self._item_ended, signal=signals.item_error)
        manager.connect(self._dropped, signal=signals.request_dropped)
        manager.connect(self._abandoned, signal=request_abandoned)

    # -- the API ------------------------------------------------------------------------------
    def reserve(self, domain: str, *, replacing: bool = False) -> bool:
        """May one more request of `domain` be scheduled? If yes, it now counts as pending.
        `replacing`: it stands in for a request that ends without using the budget (a seed's
        http after its https failed): always yes, and the one it replaces counts nothing."""
        if self.spent(domain) and not replacing:
            return False
        pending = self._pending[domain]
        if pending == 0 and domain in self._fetched:
            self._done -= 1  # done, and busy again
        elif domain not in self._fetched:
            self._fetched[domain] = 0  # known from now on
        self._pending[domain] = pending + 1
        return True

    def resolve(self, domain: str, fetched: bool) -> None:
        """A request of `domain` has ended, having used the budget (`fetched`) or not."""
        if domain not in self._fetched:
            self._fetched[domain] = 0
            self._done += 1
        if fetched:
            self._fetched[domain] += 1
        pending = self._pending[domain]
        if pending == 0:  # reserved by another worker (distributed mode)
            if self.stats is not None:
                self.stats.inc_value("ledger/unreserved")
            return
        self._pending[domain] = pending - 1
        if pending == 1:
            self._done += 1
            if self.signal_manager is not None:
                self.signal_manager.send_catch_log(domain_done, domain=domain,
                                                   fetched=self._fetched[domain])

    def restore(self, domain: str, fetched: int) -> None:
        """A domain a previous run of this crawl fetched `fetched` pages of (a resumed
        discovery): they count in its budget; nothing of it is pending."""
        if domain not in self._fetched:
            self._done += 1
        self._fetched[domain] = max(self._fetched[domain], fetched)

    def pending(self, domain: str) -> int:
        """Requests of `domain` scheduled and not ended yet."""
        return self._pending[domain]

    def fetched(self, domain: str) -> int:
        """Requests of `domain` that used its budget (see `resolve`)."""
        return self._fetched[domain]

    def known(self, domain: str) -> bool:
        """A domain of this crawl: reserved or resolved at least once."""
        return domain in self._fetched

    def done(self, domain: str) -> bool:
        """Known, and nothing of it pending."""
        return domain in self._fetched and self._pending[domain] == 0

    def spent(self, domain: str) -> bool:
        """Its budget is fetched or reserved (distributed: fetched by this worker alone), so
        `reserve` says no."""
        used = self._fetched[domain] + (0 if self.shared else self._pending[domain])
        return self.budget > 0 and used >= self.budget

    @property
    def domains(self) -> int:
        """Domains known: reserved or resolved at least once."""
        return len(self._fetched)

    @property
    def domains_done(self) -> int:
        return self._done

    # -- the signals ---------------------------------------------------------------------------
    def _item_ended(self, item: Any, **kwargs: Any) -> None:
        scope = getattr(item, "scope", None)
        if scope:
            self.resolve(scope, fetched=not getattr(item, "superseded", False))

    def _dropped(self, request: Request, **kwargs: Any) -> None:
        scope = request.meta.get("scope")
        if scope:
            self.resolve(scope, fetched=False)

    def _abandoned(self, request: Request, **kwargs: Any) -> None:
        scope = request.meta.get("scope")
        if scope:
            self.resolve(scope, fetched=bool(request.meta.get(COUNTED)) and not request.meta.get(SUPERSEDED))
