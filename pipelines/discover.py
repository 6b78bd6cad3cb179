"""Discovery: hand each fetched page to the discovery crawl's reader
(crawler/discovery/reader.py), which learns the targets' profile from it and weighs the
evidence it gives for the domains it links to.

On only in a discovery crawl (`backlinks discover`, BACKLINKS_DISCOVER); after extraction
(the links are rows already), before the store. Stats: discover/pages, discover/evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from crawler.discovery.state import Discovery

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.items import PageItem


class DiscoverPipeline:
    def __init__(self, crawler: Crawler, discovery: Discovery) -> None:
        self.crawler, self.discovery = crawler, discovery

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("BACKLINKS_DISCOVER"):
            raise NotConfigured("not a discovery crawl")
        return cls(crawler, Discovery.of(crawler))

    def process_item(self, item: PageItem) -> PageItem:
        text, item.text = item.text, ""  # read here, once: free it
        if item.page.get("status") and (text or item.page.get("title")):
            found = self.discovery.reader.read(item.page, text, item.links)
            self.crawler.stats.inc_value("discover/pages")
            self.crawler.stats.inc_value("discover/evidence", found)
        return item
