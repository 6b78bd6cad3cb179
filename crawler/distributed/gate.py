"""The HTTP(S) download handler of a distributed worker: the crawl's per-host gate, taken
when a request goes out.

Every worker spaces its own requests to a host (its downloader slot's delay), but only the
gate in Redis spaces them across workers: a request waits until no worker of the crawl has
sent one to its host for max(DOWNLOAD_DELAY, the host's Crawl-delay). The gate is taken here,
as the request is handed to the network, not in a downloader middleware: a request that
passed the gate there could then wait in its slot's queue (behind the worker's own delay or
a slow response) and go out a moment before another worker's, which the gate had let through
a delay later. Requests for robots.txt are not gated (they decide the delay).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.httpobj import urlparse_cached

from crawler.distributed.connection import REDIS_DOWN, client_from_settings
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.shared import HostGate
from crawler.timing import sleep

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class GatedDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.gate = HostGate(client_from_settings(settings), CrawlKeys(settings.get("BACKLINKS_CRAWL_ID")))
        self.base_delay = settings.getfloat("DOWNLOAD_DELAY")
        self._delays: dict[str, float] | None = None

    def crawl_delays(self) -> dict[str, float]:
        """host -> Crawl-delay, as the crawl-delay middleware has read them from robots.txt."""
        if self._delays is None:
            from crawler.middlewares.crawldelay import CrawlDelayMiddleware

            downloader = self._crawler.engine.downloader if self._crawler.engine else None
            found = [mw for mw in (downloader.middleware.middlewares if downloader else ())
                     if isinstance(mw, CrawlDelayMiddleware)]
            self._delays = found[0].delays if found else {}
        return self._delays

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("dont_obey_robotstxt"):
            host = urlparse_cached(request).hostname or ""
            await self.pass_gate(host, max(self.crawl_delays().get(host, 0.0), self.base_delay))
        return await super().download_request(request)

    async def pass_gate(self, host: str, delay: float) -> None:
        """Wait until no worker of the crawl has sent a request to `host` for `delay` s."""
        if delay <= 0:
            return
        while True:
            try:
                wait_ms = self.gate.wait_ms(host, delay)
            except REDIS_DOWN as exc:
                logger.warning("Redis unavailable, local delay only for %s: %s", host, exc)
                return
            if wait_ms <= 0:
                return
            self._crawler.stats.inc_value("crawldelay/gate_waits")
            await sleep(wait_ms / 1000)
