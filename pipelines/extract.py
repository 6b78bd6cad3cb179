"""Turn each fetch into its `pages` row and `links` rows, and schedule the links to follow.

Extraction is `pipelines.extractor.extract`, the very function WARC ingest and
`backlinks extract` call; this pipeline only adapts a Scrapy response to it, adds the crawl
facts (depth, error, WARC pointer) and hands the page's in-scope links to the frontier
(crawler/frontier.py), which decides what is fetched next; each is scheduled only if the
domain's ledger (crawler/domains.py) reserves it a place in the page budget. Links to the
crawl's other sites go to the link checks (crawler/linkcheck.py).

Settings read: BACKLINKS_PRIVATE_SUFFIXES, BACKLINKS_CHECK_LINKED_URLS and the frontier's. Stats: extract/pages,
extract/links, extract/errors, frontier/scheduled, frontier/budget_spent (pages whose
remaining links were not scheduled: their domain's budget is spent).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from crawler.domains import DomainLedger
from crawler.frontier import FollowPolicy, follow
from crawler.linkcheck import LinkedUrlChecks
from pipelines.extractor import extract
from pipelines.extractor.urls import canonical_url, host_of, registered_domain

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.items import PageItem

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler: Crawler, policy: FollowPolicy, private: bool, check_linked: bool = True) -> None:
        self.crawler, self.policy, self.private = crawler, policy, private
        self.ledger = DomainLedger.of(crawler)
        self.checks = LinkedUrlChecks(crawler, self.ledger, policy) if check_linked else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        return cls(crawler, FollowPolicy.from_settings(s), s.getbool("BACKLINKS_PRIVATE_SUFFIXES"),
                   s.getbool("BACKLINKS_CHECK_LINKED_URLS"))

    def process_item(self, item: PageItem) -> PageItem:
        stats = self.crawler.stats
        if item.response is None:
            item.page = self._failed_page(item)
        else:
            try:
                extraction = self._extract(item)
            except Exception:  # isolation boundary: one bad page must not stop the crawl
                logger.exception("Extraction failed for %(url)s", {"url": item.url},
                                 extra={"spider": self.crawler.spider})
                stats.inc_value("extract/errors")
                item.page = self._failed_page(item, status=item.response.status,
                                              error="extraction failed")
            else:
                item.page, item.links, item.text = extraction.page, extraction.links, extraction.text
                stats.inc_value("extract/links", len(item.links))
                for error in extraction.errors:  # recoverable: bad JSON-LD, odd markup...
                    stats.inc_value(f"extract/errors/{error.split(':', 1)[0]}")
        item.page.update(
            depth=item.depth, error=item.error if item.page.get("error") is None else item.page["error"],
            warc_file=item.warc_file, warc_offset=item.warc_offset, warc_length=item.warc_length,
        )
        stats.inc_value("extract/pages")
        self._follow(item)
        item.response = None  # the body is archived and extracted: free it now
        return item

    def _extract(self, item: PageItem) -> Any:
        response = item.response
        assert response is not None  # freed only after extraction
        headers = [(k, v) for k, values in response.headers.items() for v in values]
        ip = str(response.ip_address) if response.ip_address is not None else None
        return extract(item.url, response.body, headers, status=response.status,
                       ip_address=ip, private_suffixes=self.private)

    def _failed_page(self, item: PageItem, status: int = 0, error: str | None = None) -> dict[str, Any]:
        url = canonical_url(item.url)
        host = host_of(url)
        return {"url": url, "host": host, "domain": registered_domain(host, private=self.private),
                "status": status, "error": error or item.error}

    def _follow(self, item: PageItem) -> None:
        if not item.links or item.check:  # a checked URL's links are recorded, not followed
            return
        if self.checks is not None:
            self.checks.offer(item.links, scope=item.scope, depth=item.depth)
        follow(self.crawler, self.policy, self.ledger, item.links, scope=item.scope, depth=item.depth,
               redirect_hops=item.redirect_hops)
