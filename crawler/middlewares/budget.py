"""A page budget per registered domain: what stops a trap that the URL rules miss.

Counts the fetches of each registered domain (www.x.com and blog.x.com together) and
refuses requests past BACKLINKS_MAX_PAGES_PER_DOMAIN. The count is kept by the class that
BACKLINKS_BUDGET_COUNTER names: `LocalBudget` (this process) by default; the distributed
add-on swaps in crawler.distributed.shared.SharedBudget, so the budget holds for all
workers together, as scrapy-redis swaps the scheduler's queue class.

robots.txt fetches are free; a retry of a counted request is not counted twice, nor is a
seed's fallback (http after https: one page tried two ways). A request refused after it was
counted (robots.txt, which sits after this middleware so that a request over budget costs
no robots.txt fetch) gives its unit back: disallowed URLs do not eat a site's budget.

Settings read: BACKLINKS_MAX_PAGES_PER_DOMAIN (0 = none), BACKLINKS_PRIVATE_SUFFIXES,
BACKLINKS_BUDGET_COUNTER.
Stats: budget/exceeded, budget/domains_exhausted, budget/given_back.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Protocol

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.items import LEASE
from crawler.signals import request_abandoned
from pipelines.extractor.urls import registered_domain

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Request meta: the request holds a unit of its domain's budget.
COUNTED = "budget_counted"


class BudgetUnavailable(Exception):
    """The counter cannot count now (its store is away): the request goes on uncounted."""


class BudgetCounter(Protocol):
    """What BACKLINKS_BUDGET_COUNTER names (built with `from_crawler`)."""

    def take(self, domain: str, lease: str | None = None) -> tuple[int, str | None]:
        """Count one more fetch of `domain`; the count including it, and the request's
        distributed lease as it now stands (None in embedded mode)."""

    def give_back(self, domain: str) -> None:
        """Undo one `take` of `domain` (the request was not fetched)."""


class LocalBudget:
    """Fetches per domain in this process (embedded mode)."""

    def __init__(self) -> None:
        self.fetches: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def take(self, domain: str, lease: str | None = None) -> tuple[int, str | None]:
        self.fetches[domain] += 1
        return self.fetches[domain], lease

    def give_back(self, domain: str) -> None:
        self.fetches[domain] -= 1


class DomainBudgetMiddleware:
    def __init__(self, crawler: Crawler, max_pages: int, private: bool = False,
                 counter: BudgetCounter | None = None) -> None:
        self.crawler, self.max_pages, self.private = crawler, max_pages, private
        self.counter: BudgetCounter = counter or LocalBudget()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        max_pages = s.getint("BACKLINKS_MAX_PAGES_PER_DOMAIN")
        if max_pages <= 0:
            raise NotConfigured("BACKLINKS_MAX_PAGES_PER_DOMAIN is 0: no per-domain budget")
        counter = build_from_crawler(load_object(s.get("BACKLINKS_BUDGET_COUNTER")), crawler)
        mw = cls(crawler, max_pages, s.getbool("BACKLINKS_PRIVATE_SUFFIXES"), counter)
        crawler.signals.connect(mw.abandoned, signal=request_abandoned)
        return mw

    def _domain(self, request: Request) -> str:
        return registered_domain(urlparse_cached(request).hostname or "", private=self.private)

    def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or request.meta.get(COUNTED):
            return
        domain = self._domain(request)
        try:
            taken, lease = self.counter.take(domain, request.meta.get(LEASE))
        except BudgetUnavailable as exc:  # better a page over budget than a page lost
            logger.warning("Budget not counted for %(url)s: %(exc)s", {"url": request.url, "exc": exc})
            return
        if lease is not None:
            request.meta[LEASE] = lease  # what stands on Redis now, to acknowledge later
        if taken > self.max_pages:
            self.crawler.stats.inc_value("budget/exceeded")
            logger.debug("Over budget (%(n)d pages of %(domain)s): %(url)s",
                         {"n": self.max_pages, "domain": domain, "url": request.url},
                         extra={"spider": self.crawler.spider})
            raise IgnoreRequest(f"page budget of {domain} reached ({self.max_pages})")
        request.meta[COUNTED] = True
        if taken == self.max_pages:
            self.crawler.stats.inc_value("budget/domains_exhausted")
            logger.info("Page budget of %(domain)s reached: %(n)d pages",
                        {"domain": domain, "n": self.max_pages}, extra={"spider": self.crawler.spider})

    def abandoned(self, request: Request) -> None:
        """A counted request was refused before its fetch (robots.txt): its unit goes back."""
        if not request.meta.get(COUNTED) or request.meta.get("fallbacks"):
            return  # not counted; or a seed whose fallback takes the unit over
        try:
            self.counter.give_back(self._domain(request))
        except BudgetUnavailable as exc:
            logger.warning("Budget unit of %(url)s not given back: %(exc)s", {"url": request.url, "exc": exc})
            return
        self.crawler.stats.inc_value("budget/given_back")
