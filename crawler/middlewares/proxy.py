"""Send every request through the operator's HTTP proxy, robots.txt requests included.

Scrapy's robots.txt middleware builds its own requests, without the meta of the page
request, so a proxy set per request would miss them; this middleware sets `proxy` on every
request that has none, before HttpProxyMiddleware (750) reads it.

Settings read: BACKLINKS_PROXY ("" = switched off).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler


class OperatorProxyMiddleware:
    def __init__(self, proxy: str) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        proxy = crawler.settings.get("BACKLINKS_PROXY")
        if not proxy:
            raise NotConfigured  # no proxy: requests go direct (routine: no warning)
        return cls(proxy)

    def process_request(self, request: Request) -> None:
        request.meta.setdefault("proxy", self.proxy)
