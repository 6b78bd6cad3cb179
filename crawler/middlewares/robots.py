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

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.misc import build_from_crawler

from crawler.resolver import blocked_reason
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
ALLOW_ALL = b""


class _OneLineErrors(logging.Filter):
    """Scrapy logs a failed robots.txt fetch with its traceback: an unreachable host is
    routine for a crawler, so keep the one-line message and drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        scrapy_logger = logging.getLogger(RobotsTxtMiddleware.__module__)
        if not any(isinstance(f, _OneLineErrors) for f in scrapy_logger.filters):
            scrapy_logger.addFilter(_OneLineErrors())

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
        if blocked_reason(netloc.rsplit(":", 1)[0].strip("[]")):
            self._stats.inc_value("ssrf/blocked")
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._stats.inc_value("robotstxt/disallow_all/unreachable")
        waiting = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
