"""A page budget per registered domain: what stops a trap that the URL rules miss.

Counts the fetches of each registered domain (www.x.com and blog.x.com together) and
refuses requests past BACKLINKS_MAX_PAGES_PER_DOMAIN; in distributed mode the count lives in
Redis, so the budget holds for all workers together. robots.txt fetches are free; a retry
of a counted request is not counted twice.

Settings read: BACKLINKS_MAX_PAGES_PER_DOMAIN (0 = none), BACKLINKS_PRIVATE_SUFFIXES.
Stats: budget/exceeded, budget/domains_exhausted.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.distributed.connection import REDIS_DOWN, client_from_settings
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.queue import LEASE
from crawler.distributed.shared import SharedBudget
from pipelines.extractor.urls import registered_domain

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class LocalBudget:
    """Fetches per domain in this process (embedded mode)."""

    def __init__(self) -> None:
        self.fetches: Counter[str] = Counter()

    def take(self, domain: str, lease: str | None = None) -> tuple[int, str | None]:
        self.fetches[domain] += 1
        return self.fetches[domain], lease


class DomainBudgetMiddleware:
    def __init__(self, crawler: Crawler, max_pages: int, private: bool = False,
                 counter: LocalBudget | SharedBudget | None = None) -> None:
        self.crawler, self.max_pages, self.private = crawler, max_pages, private
        self.counter = counter or LocalBudget()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        max_pages = s.getint("BACKLINKS_MAX_PAGES_PER_DOMAIN")
        if max_pages <= 0:
            raise NotConfigured("BACKLINKS_MAX_PAGES_PER_DOMAIN is 0: no per-domain budget")
        counter = None
        if s.getbool("BACKLINKS_DISTRIBUTED"):  # one budget for all the crawl's workers
            counter = SharedBudget(client_from_settings(s), CrawlKeys(s.get("BACKLINKS_CRAWL_ID")),
                                   s.get("BACKLINKS_WORKER_ID"))
        return cls(crawler, max_pages, s.getbool("BACKLINKS_PRIVATE_SUFFIXES"), counter)

    def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or request.meta.get("budget_counted"):
            return
        domain = registered_domain(urlparse_cached(request).hostname or "", private=self.private)
        try:
            taken, lease = self.counter.take(domain, request.meta.get(LEASE))
            if lease is not None:
                request.meta[LEASE] = lease  # what stands on Redis now, to acknowledge later
        except REDIS_DOWN as exc:  # better a page over budget than a page lost
            logger.warning("Redis unavailable, %(url)s not counted: %(exc)s", {"url": request.url, "exc": exc})
            return
        if taken > self.max_pages:
            self.crawler.stats.inc_value("budget/exceeded")
            logger.debug("Over budget (%(n)d pages of %(domain)s): %(url)s",
                         {"n": self.max_pages, "domain": domain, "url": request.url},
                         extra={"spider": self.crawler.spider})
            raise IgnoreRequest(f"page budget of {domain} reached ({self.max_pages})")
        request.meta["budget_counted"] = True
        if taken == self.max_pages:
            self.crawler.stats.inc_value("budget/domains_exhausted")
            logger.info("Page budget of %(domain)s reached: %(n)d pages",
                        {"domain": domain, "n": self.max_pages}, extra={"spider": self.crawler.spider})
