"""A DNS resolver that refuses names resolving to private, loopback or link-local addresses.

The check happens where the address is chosen, so the connection goes to the very address
that was checked (no DNS-rebinding window), on every request and every redirect hop.
The operator's proxy host and BACKLINKS_ALLOWED_PRIVATE entries are exempt.

The resolver belongs to the process, not to one crawl, so it keeps no stats: whoever sees
the failure (the spider's errback, the robots.txt middleware) asks `blocked_reason()` and
counts `ssrf/blocked`.

Settings read: BACKLINKS_ALLOW_PRIVATE, BACKLINKS_ALLOWED_PRIVATE, BACKLINKS_PROXY, DNS_*.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawler.addresses import AddressPolicy, parse_ip

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


class BlockedAddress(DNSLookupError):
    """The name resolved to an address the crawl must not connect to."""


#: Names this process refused, with the address they resolved to. Twisted's endpoint turns
#: any resolver failure into a generic "no results" DNSLookupError, so whoever sees a DNS
#: failure asks here whether it was the guard.
_blocked: dict[str, str] = {}


def blocked_reason(host: str) -> str | None:
    """Why a DNS failure for `host` happened, if the address guard refused it."""
    address = _blocked.get(host.lower())
    return f"{host} resolves to {address}, not a public address" if address else None


class PublicOnlyResolver(CachingThreadedResolver):
    policy: AddressPolicy

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        resolver = super().from_crawler(crawler, reactor)
        settings = crawler.settings
        proxy_host = urlsplit(settings.get("BACKLINKS_PROXY") or "").hostname or ""
        resolver.policy = AddressPolicy.from_values(
            settings.getbool("BACKLINKS_ALLOW_PRIVATE"),
            settings.getlist("BACKLINKS_ALLOWED_PRIVATE"),
            trusted_hosts=[proxy_host],
        )
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        d = super().getHostByName(name, timeout)
        if not self.policy.allows_host(name):
            d.addCallback(self._check, name)
        return d

    def _check(self, address: str, name: str) -> Any:
        ip = parse_ip(address)
        if ip is not None and not self.policy.allows(ip):
            _blocked[name.lower()] = address
            logger.warning("Refused %s: it resolves to %s, not a public address", name, address)
            raise BlockedAddress(f"{name} resolves to {address}, not a public address")
        return address
