"""robots.txt as RFC 9309 reads it, on top of Scrapy's middleware and Protego.

Scrapy parses whatever body robots.txt answered with and allows everything when the fetch
fails. RFC 9309 says otherwise: a 4xx means "no rules" (allow all), a 5xx or an unreachable
server means "disallow all" for now. Redirects of robots.txt are followed (Scrapy's redirect
middleware, up to REDIRECT_MAX_TIMES).

An origin whose name does not resolve is not "unreachable" in RFC 9309's sense (there is no
server to ask): its requests fail with the DNS error itself, each recorded as a page with
that error (a fetch error), rather than refused as forbidden, and nothing is fetched there.

robots.txt answers go through the cache BACKLINKS_ROBOTS_CACHE names: `LocalRobots` (fetch
here) by default; the distributed add-on swaps in crawler.distributed.shared.SharedRobots,
so one worker fetches each origin's robots.txt per crawl and the others read its answer.

Settings read: ROBOTSTXT_OBEY, ROBOTSTXT_PARSER, ROBOTSTXT_USER_AGENT, BACKLINKS_ROBOTS_CACHE.
Stats: robotstxt/disallow_all/5xx, robotstxt/disallow_all/unreachable, robotstxt/forbidden,
robotstxt/unresolved.
Signal: `robots_answered` with each origin's rules (crawler/robotsrecord.py keeps them).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from crawler.resolver import blocked_reason
from crawler.signals import robots_answered

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
ALLOW_ALL = b""


class LocalRobots:
    """The default robots.txt cache: every origin's robots.txt fetched by this process."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    async def answer(self, origin: str, fetch: Callable[[], Awaitable[tuple[int, bytes]]]) -> tuple[int, bytes]:
        return await fetch()


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

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.cache = build_from_crawler(load_object(crawler.settings.get("BACKLINKS_ROBOTS_CACHE")), crawler)
        self.unresolved: dict[str, Exception] = {}  # origin -> the DNS error of its robots.txt

    async def process_request(self, request: Request) -> None:  # type: ignore[override]  # no deprecated spider
        await super().process_request(request)
        url = urlparse_cached(request)
        failure = self.unresolved.get(f"{url.scheme}://{url.netloc}")
        if failure is not None and not request.meta.get("dont_obey_robotstxt"):
            raise CannotResolveHostError(str(failure))  # the page's own fetch error: recorded as such

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        origin = f"{url.scheme}://{url.netloc}"
        if origin not in self._parsers:
            self._parsers[origin] = Deferred()
            try:
                status, body = await self._robots_txt(origin)
            except Exception as exc:  # noqa: BLE001 - whatever failed, the host's rules must be settled
                logger.info("robots.txt of %(origin)s failed: %(error)s",
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
        """(status, body) of the origin's robots.txt, through the robots cache."""
        return await self.cache.answer(origin, lambda: self._download(origin))

    async def _download(self, origin: str) -> tuple[int, bytes]:
        request = Request(f"{origin}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                          meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
        response = await self.crawler.engine.download_async(request)
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
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
        """Scrapy answers the waiting requests with "no parser" (allow all); we disallow,
        unless the name does not resolve: then no rule applies and every request of the
        origin fails with that DNS error (process_request), which nothing could fetch past."""
        blocked = blocked_reason(urlsplit(netloc).hostname or "")
        if blocked:
            self._stats.inc_value("ssrf/blocked")
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        unresolved = isinstance(exc, (CannotResolveHostError, DNSLookupError)) and not blocked
        if unresolved:
            self._stats.inc_value("robotstxt/unresolved")
            self.unresolved[netloc] = exc
        else:
            self._stats.inc_value("robotstxt/disallow_all/unreachable")
            self.crawler.signals.send_catch_log(robots_answered, origin=netloc, status=0, body=DISALLOW_ALL,
                                                error=str(exc))
        waiting = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, ALLOW_ALL if unresolved else DISALLOW_ALL)
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
