"""Refuse requests whose URL names a private, loopback or link-local IP address.

Host names are checked when they are resolved (crawler/resolver.py); this middleware checks
IP literals, which never reach a resolver, in every form (127.0.0.1, [::1], 2130706433,
0x7f.1, ::ffff:10.0.0.1). It runs on every request, so on every redirect hop too.
Through an operator-set proxy, names are resolved by the proxy; IP literals are still refused.

Settings read: BACKLINKS_ALLOW_PRIVATE, BACKLINKS_ALLOWED_PRIVATE. Stat: ssrf/blocked.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.addresses import AddressPolicy, parse_ip

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class AddressGuardMiddleware:
    def __init__(self, crawler: Crawler, policy: AddressPolicy) -> None:
        self.crawler, self.policy = crawler, policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if settings.getbool("BACKLINKS_ALLOW_PRIVATE"):
            raise NotConfigured("BACKLINKS_ALLOW_PRIVATE is on: private addresses allowed")
        policy = AddressPolicy.from_values(False, settings.getlist("BACKLINKS_ALLOWED_PRIVATE"))
        return cls(crawler, policy)

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        address = parse_ip(host)
        if address is None or self.policy.allows(address) or self.policy.allows_host(host):
            return
        self.crawler.stats.inc_value("ssrf/blocked")
        logger.warning(
            "Refused %(url)s: %(address)s is not a public address",
            {"url": request.url, "address": address}, extra={"spider": self.crawler.spider},
        )
        raise IgnoreRequest(f"address guard: {address} is not a public address")
