"""Which IP addresses a crawl may connect to: public unicast only, unless the operator allows.

Shared by the address-guard middleware (IP literals in URLs) and the resolver (names), so
that both refuse the same ranges: private (RFC 1918, fc00::/7), loopback, link-local
(169.254/16, fe80::/10, cloud metadata endpoints), CGNAT (100.64/10), multicast, reserved,
unspecified, and IPv4-mapped IPv6 forms of all of them.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_ip(text: str) -> IPAddress | None:
    """The address a host string denotes, or None for a name ('[::1]' and '127.1' included)."""
    host = text.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    return _legacy_ipv4(host)


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """inet_aton forms browsers and resolvers still accept: 2130706433, 0x7f.1, 0177.0.0.1."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    try:
        numbers = [int(p, 0) if not (len(p) > 1 and p.startswith("0") and p[1:].isdigit())
                   else int(p, 8) for p in parts]
    except ValueError:
        return None
    value = 0
    for i, n in enumerate(numbers[:-1]):
        if not 0 <= n <= 255:
            return None
        value |= n << (8 * (3 - i))
    last = numbers[-1]
    if not 0 <= last < 256 ** (5 - len(numbers)):
        return None
    return ipaddress.IPv4Address(value | last)


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


@dataclass
class AddressPolicy:
    """The operator's exceptions: networks and host names that may be private anyway."""

    allow_all: bool = False
    networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)

    @classmethod
    def from_values(cls, allow_all: bool, allowed: list[str], trusted_hosts: Iterable[str] = ()) -> AddressPolicy:
        networks, hosts = [], set(h.lower() for h in trusted_hosts if h)
        for entry in allowed:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.lower())
        return cls(allow_all, networks, hosts)

    def allows_host(self, host: str) -> bool:
        return self.allow_all or host.lower() in self.hosts

    def allows(self, address: IPAddress) -> bool:
        if self.allow_all or is_public(address):
            return True
        return any(address in net for net in self.networks if net.version == address.version)
