"""Learning the status of every URL of the crawl's sites that a crawled page links to.

A crawl stays inside each site and reaches only the pages the site's own links lead to, so
a dead page that only other sites link to would never be fetched, and `broken` (and the
broken-link opportunities) could not know it is dead. So when a page links to a URL of
another site of this crawl (a seed's domain, or one discovery admitted), that URL is fetched
too, as a *check*: its page row and links are recorded like any page's, its links are not
followed. The checks of a site wait until its own crawl is done (the ledger's `domain_done`),
so they never take the place of the site's own pages in its budget; they count in it, and
none is scheduled once it is spent. A URL the site's own crawl fetched already is dropped by
the scheduler's duplicate filter. Robots.txt, the address guard and the trap rules apply as
to any request.

In distributed mode a worker checks the URLs of the domains its own ledger knows.

Settings read: BACKLINKS_CHECK_LINKED_URLS. Stats: linkcheck/scheduled, linkcheck/waiting
(URLs queued for a site still being crawled), linkcheck/budget_spent.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, cast

from crawler.signals import domain_done

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler

    from crawler.domains import DomainLedger
    from crawler.frontier import FollowPolicy
    from crawler.spiders.backlinks import BacklinksSpider

#: Request meta key (and PageItem field): the request checks a URL another site links to.
CHECK = "linked_check"


class LinkedUrlChecks:
    """The URLs of the crawl's sites other sites link to, fetched once each site is done."""

    def __init__(self, crawler: Crawler, ledger: DomainLedger, policy: FollowPolicy) -> None:
        self.crawler, self.ledger, self.policy = crawler, ledger, policy
        self.waiting: dict[str, dict[str, int]] = defaultdict(dict)  # domain -> URL -> depth
        crawler.signals.connect(self.domain_finished, signal=domain_done)

    def offer(self, links: Iterable[dict[str, Any]], *, scope: str, depth: int) -> None:
        """The links of one page of `scope`: those to another known site are checked."""
        stats = self.crawler.stats
        for link in links:
            domain, url = link["dst_domain"], link["dst_url"]
            if domain == scope or not self.ledger.known(domain):
                continue
            if not self.policy.follow_nofollow and (link["nofollow"] or link["page_nofollow"]):
                continue
            if self.policy.refusal(url) is not None:
                continue
            if self.ledger.done(domain):
                self._schedule(domain, {url: depth + 1})
            elif url not in self.waiting[domain]:
                self.waiting[domain][url] = depth + 1
                stats.inc_value("linkcheck/waiting")

    def domain_finished(self, domain: str, **kwargs: Any) -> None:
        """The ledger says `domain` has nothing pending: check what others link to on it."""
        urls = self.waiting.pop(domain, None)
        if urls:
            self._schedule(domain, urls)

    def _schedule(self, domain: str, urls: dict[str, int]) -> None:
        spider, stats = cast("BacklinksSpider", self.crawler.spider), self.crawler.stats
        assert self.crawler.engine is not None  # called while the crawl runs
        for url, depth in urls.items():
            if not self.ledger.reserve(domain):
                stats.inc_value("linkcheck/budget_spent")
                return
            self.crawler.engine.crawl(spider.request_for(url, scope=domain, depth=depth, redirect_hops=0,
                                                         check=True))
            stats.inc_value("linkcheck/scheduled")
