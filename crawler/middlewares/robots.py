"""robots.txt as RFC 9309 reads it, on top of Scrapy's middleware and Protego.

Scrapy parses whatever body robots.txt answered with and allows everything when the fetch
fails. RFC 9309 says otherwise: a 4xx means "no rules" (allow all), a 5xx or an unreachable
server means "disallow all" for now. Redirects of robots.txt are followed (Scrapy's redirect
middleware, up to REDIRECT_MAX_TIMES).

In distributed mode the answer (status and body) is shared through Redis: one worker
fetches each origin's robots.txt per crawl, the others read it.

Settings read: ROBOTSTXT_OBEY, ROBOTSTXT_PARSER, ROBOTSTXT_USER_AGENT, BACKLINKS_DISTRIBUTED.
Stats: robotstxt/disallow_all/5xx, robotstxt/disallow_all/unreachable, robotstxt/forbidden.
Signal: `robots_answered` with each origin's rules (crawler/robotsrecord.py keeps them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from crawler.distributed.connection import client_from_settings
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.shared import SharedRobots
from crawler.resolver import blocked_reason
from crawler.signals import robots_answered
from crawler.timing import sleep

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser
    from typing_extensions import Self

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
ALLOW_ALL = b""
SHARED_WAIT_ROUNDS = 120  # x 0.25 s: how long to wait for another worker's robots.txt fetch


def _relay(waiter: Deferred) -> Callable[[Any], Any]:
    """A callback that hands the result to `waiter` and passes it on down the chain."""

    def relay(result: Any) -> Any:
        waiter.callback(result)
        return result

    return relay


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with RFC 9309's status rules, keyed by origin.

    Scrapy keys its parsers by netloc alone, so a failed https://host/robots.txt would decide
    for http://host/ too; RFC 9309 scopes robots.txt to scheme, host and port.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = cls(crawler)
        mw.shared = None
        s = crawler.settings
        if s.getbool("BACKLINKS_DISTRIBUTED"):  # one fetch per origin for the whole crawl
            mw.shared = SharedRobots(client_from_settings(s), CrawlKeys(s.get("BACKLINKS_CRAWL_ID")))
        return mw

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        origin = f"{url.scheme}://{url.netloc}"
        if origin not in self._parsers:
            self._parsers[origin] = Deferred()
            try:
                status, body = await self._robots_txt(origin)
            except Exception as exc:  # whatever failed, the host's rules must be settled
                logger.info("robots.txt of %(origin)s failed: %(error)s: disallowing all",
                            {"origin": origin, "error": exc}, extra={"spider": self.crawler.spider})
                self._robots_error(exc, origin)
            else:
                await self._settle(origin, status, body, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[origin]
        if isinstance(parser, Deferred):
            # Each waiter needs a Deferred of its own: turning a Deferred into a Future
            # consumes its result, so a second waiter on the shared one would get None, and
            # None means "no robots.txt: allow all" (Scrapy's own middleware has that bug).
            waiter: Deferred[RobotParser | None] = Deferred()
            parser.addBoth(_relay(waiter))
            return await maybe_deferred_to_future(waiter)
        return parser

    async def _robots_txt(self, origin: str) -> tuple[int, bytes]:
        """(status, body) of the origin's robots.txt: from the crawl's shared copy when another
        worker fetched it, else downloaded (and shared)."""
        if self.shared is not None:
            for _ in range(SHARED_WAIT_ROUNDS):
                cached = self.shared.get(origin)
                if cached is not None:
                    self._stats.inc_value("robotstxt/shared_hits")
                    return cached
                if self.shared.claim(origin):
                    break
                await sleep(0.25)  # another worker is fetching it
        request = Request(f"{origin}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                          meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
        response = await self.crawler.engine.download_async(request)
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if self.shared is not None:
            self.shared.put(origin, response.status, response.body)
        return response.status, response.body

    async def _settle(self, origin: str, status: int, body: bytes, request: Request) -> None:
        """Parse the rules (RFC 9309's status rules first) and wake the waiting requests."""
        if status >= 500 or status == 429:
            self._stats.inc_value("robotstxt/disallow_all/5xx")
            logger.info("robots.txt of %(origin)s answered %(status)d: disallowing all",
                        {"origin": origin, "status": status}, extra={"spider": self.crawler.spider})
            body = DISALLOW_ALL
        elif status >= 300:  # 4xx, or a redirect that was not followed
            body = ALLOW_ALL
        self.crawler.signals.send_catch_log(robots_answered, origin=origin, status=status, body=body, error=None)
        parser = build_from_crawler(self._parserimpl, self.crawler, body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=parser, request=request)
        waiting = self._parsers[origin]
        self._parsers[origin] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        """Scrapy answers the waiting requests with "no parser" (allow all); we disallow."""
        if blocked_reason(urlsplit(netloc).hostname or ""):
            self._stats.inc_value("ssrf/blocked")
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._stats.inc_value("robotstxt/disallow_all/unreachable")
        self.crawler.signals.send_catch_log(robots_answered, origin=netloc, status=0, body=DISALLOW_ALL, error=str(exc))
        waiting = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
