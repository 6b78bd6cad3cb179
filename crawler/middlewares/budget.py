"""A page budget per registered domain: what stops a trap that the URL rules miss.

Counts the fetches of each registered domain (www.x.com and blog.x.com together) and
refuses requests past BACKLINKS_MAX_PAGES_PER_DOMAIN. robots.txt fetches are free; a retry
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

from pipelines.extractor.urls import registered_domain

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class DomainBudgetMiddleware:
    def __init__(self, crawler: Crawler, max_pages: int, private: bool = False) -> None:
        self.crawler, self.max_pages, self.private = crawler, max_pages, private
        self.fetches: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        max_pages = crawler.settings.getint("BACKLINKS_MAX_PAGES_PER_DOMAIN")
        if max_pages <= 0:
            raise NotConfigured("BACKLINKS_MAX_PAGES_PER_DOMAIN is 0: no per-domain budget")
        return cls(crawler, max_pages, crawler.settings.getbool("BACKLINKS_PRIVATE_SUFFIXES"))

    def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or request.meta.get("budget_counted"):
            return
        domain = registered_domain(urlparse_cached(request).hostname or "", private=self.private)
        if self.fetches[domain] >= self.max_pages:
            self.crawler.stats.inc_value("budget/exceeded")
            logger.debug("Over budget (%(n)d pages of %(domain)s): %(url)s",
                         {"n": self.max_pages, "domain": domain, "url": request.url},
                         extra={"spider": self.crawler.spider})
            raise IgnoreRequest(f"page budget of {domain} reached ({self.max_pages})")
        self.fetches[domain] += 1
        request.meta["budget_counted"] = True
        if self.fetches[domain] == self.max_pages:
            self.crawler.stats.inc_value("budget/domains_exhausted")
            logger.info("Page budget of %(domain)s reached: %(n)d pages",
                        {"domain": domain, "n": self.max_pages}, extra={"spider": self.crawler.spider})
