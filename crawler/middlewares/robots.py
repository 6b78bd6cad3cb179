"""robots.txt as RFC 9309 reads it, on top of Scrapy's middleware and Protego.

Scrapy parses whatever body robots.txt answered with and allows everything when the fetch
fails. RFC 9309 says otherwise: a 4xx means "no rules" (allow all), a 5xx or an unreachable
server means "disallow all" for now. Redirects of robots.txt are followed (Scrapy's redirect
middleware, up to REDIRECT_MAX_TIMES).

Settings read: ROBOTSTXT_OBEY, ROBOTSTXT_PARSER, ROBOTSTXT_USER_AGENT.
Stats: robotstxt/disallow_all/5xx, robotstxt/disallow_all/unreachable, robotstxt/forbidden.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

from crawler.resolver import blocked_reason
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
ALLOW_ALL = b""


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with RFC 9309's status rules, keyed by origin.

    Scrapy keys its parsers by netloc alone, so a failed https://host/robots.txt would decide
    for http://host/ too; RFC 9309 scopes robots.txt to scheme, host and port.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        origin = f"{url.scheme}://{url.netloc}"
        if origin not in self._parsers:
            self._parsers[origin] = Deferred()
            robots_request = Request(f"{origin}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                                     meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
            try:
                response = await self.crawler.engine.download_async(robots_request)
                await self._parse_robots(response, origin, request)
            except Exception as exc:  # whatever failed, the host's rules must be settled
                logger.info("robots.txt of %(origin)s failed: %(error)s: disallowing all",
                            {"origin": origin, "error": exc}, extra={"spider": self.crawler.spider})
                self._robots_error(exc, origin)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[origin]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500 or response.status == 429:
            self._stats.inc_value("robotstxt/disallow_all/5xx")
            logger.info("robots.txt of %(netloc)s answered %(status)d: disallowing all",
                        {"netloc": netloc, "status": response.status},
                        extra={"spider": self.crawler.spider})
            response = response.replace(body=DISALLOW_ALL)
        elif response.status >= 300:  # 4xx, or a redirect that was not followed
            response = response.replace(body=ALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        """Scrapy answers the waiting requests with "no parser" (allow all); we disallow."""
        if blocked_reason(urlsplit(netloc).hostname or ""):
            self._stats.inc_value("ssrf/blocked")
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._stats.inc_value("robotstxt/disallow_all/unreachable")
        waiting = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
