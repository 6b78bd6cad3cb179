"""robots.txt Crawl-delay, which Scrapy reads (RobotParser.crawl_delay) but does not apply.

When a robots.txt is parsed, its Crawl-delay for our user agent (capped at
BACKLINKS_CRAWL_DELAY_MAX) becomes the delay of that host's download slot, with no jitter
(jitter could make a gap shorter than asked) and with AutoThrottle told not to lower it.

In distributed mode each request also passes a gate in Redis, as it goes out, that spaces
the requests to its host by max(DOWNLOAD_DELAY, Crawl-delay) across all workers of the crawl
(crawler/distributed/gate.py, the workers' download handler, reads `delays` from here).

Settings read: BACKLINKS_CRAWL_DELAY_MAX, ROBOTSTXT_USER_AGENT, USER_AGENT.
Stats: crawldelay/hosts, crawldelay/capped.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

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
