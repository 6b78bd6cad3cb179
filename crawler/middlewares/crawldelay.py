"""robots.txt Crawl-delay, which Scrapy reads (RobotParser.crawl_delay) but does not apply.

When a robots.txt is parsed, its Crawl-delay for our user agent (capped at
BACKLINKS_CRAWL_DELAY_MAX) becomes the delay of that host's download slot, with no jitter
(jitter could make a gap shorter than asked) and with AutoThrottle told not to lower it.

In distributed mode each request also passes a gate in Redis that spaces the requests to
its host by max(DOWNLOAD_DELAY, Crawl-delay) across all workers of the crawl.

Settings read: BACKLINKS_CRAWL_DELAY_MAX, ROBOTSTXT_USER_AGENT, USER_AGENT, DOWNLOAD_DELAY,
BACKLINKS_DISTRIBUTED.
Stats: crawldelay/hosts, crawldelay/capped.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.distributed.connection import REDIS_DOWN, client_from_settings
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.shared import HostGate
from crawler.timing import sleep

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class CrawlDelayMiddleware:
    def __init__(self, crawler: Crawler, max_delay: float, user_agent: str) -> None:
        self.crawler, self.max_delay, self.user_agent = crawler, max_delay, user_agent
        self.delays: dict[str, float] = {}  # host -> seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off: Crawl-delay is not read")
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        mw = cls(crawler, settings.getfloat("BACKLINKS_CRAWL_DELAY_MAX"), agent)
        mw.base_delay = settings.getfloat("DOWNLOAD_DELAY")
        mw.gate = None
        if settings.getbool("BACKLINKS_DISTRIBUTED"):  # the delay holds across all workers
            mw.gate = HostGate(client_from_settings(settings), CrawlKeys(settings.get("BACKLINKS_CRAWL_ID")))
        crawler.signals.connect(mw.robots_parsed, signal=signals.robots_parsed)
        return mw

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if not delay or delay <= 0:
            return
        host = urlparse_cached(request).hostname or ""
        if delay > self.max_delay:
            self.crawler.stats.inc_value("crawldelay/capped")
            logger.warning("Crawl-delay of %(host)s is %(delay)ss: capped at %(max)ss",
                           {"host": host, "delay": delay, "max": self.max_delay},
                           extra={"spider": self.crawler.spider})
            delay = self.max_delay
        self.delays[host] = delay
        self.crawler.stats.inc_value("crawldelay/hosts")
        downloader = self.crawler.engine.downloader
        floor = max(delay, downloader._delay)
        downloader.per_slot_settings[host] = {
            **downloader.per_slot_settings.get(host, {}), "delay": floor, "jitter": 0,
        }
        slot = downloader.slots.get(host)
        if slot is not None:
            slot.delay, slot.jitter = floor, 0

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        if host in self.delays:
            request.meta["autothrottle_dont_adjust_delay"] = True
        if self.gate is not None and not request.meta.get("dont_obey_robotstxt"):
            await self._pass_gate(host, max(self.delays.get(host, 0.0), self.base_delay))

    async def _pass_gate(self, host: str, delay: float) -> None:
        """Wait until no worker of the crawl has started a request to `host` for `delay` s."""
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
            self.crawler.stats.inc_value("crawldelay/gate_waits")
            await sleep(wait_ms / 1000)
