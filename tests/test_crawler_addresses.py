"""The address guard's table: which addresses a crawl may connect to (../shared/HARDENING.md #13)."""

from __future__ import annotations

import pytest

from crawler.addresses import AddressPolicy, is_public, parse_ip

REFUSED = [
    "127.0.0.1", "127.1", "2130706433", "0x7f.1", "0177.0.0.1", "017700000001",
    "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "100.127.255.254", "0.0.0.0", "255.255.255.255", "224.0.0.1",
    "239.255.255.250", "::1", "[::1]", "fc00::1", "fd12:3456::1", "fe80::1",
    "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::", "ff02::1", "192.0.2.10", "198.18.0.1",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "[2001:4860:4860::8888]",
          "172.32.0.1", "100.128.0.1", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("host", REFUSED)
def test_private_loopback_linklocal_cgnat_multicast_are_refused(host):
    address = parse_ip(host)
    assert address is not None, host
    assert not is_public(address)


@pytest.mark.parametrize("host", PUBLIC)
def test_public_unicast_is_allowed(host):
    assert is_public(parse_ip(host))


@pytest.mark.parametrize("host", ["example.com", "localhost", "1.2.3.4.5", "256.1.1.1.1", "www.10.0.0.1.nip.io"])
def test_names_are_not_ip_literals(host):
    assert parse_ip(host) is None


def test_operator_can_allow_a_network_or_a_host():
    policy = AddressPolicy.from_values(False, ["10.0.0.0/8", "intranet.local"])
    assert policy.allows(parse_ip("10.1.2.3"))
    assert not policy.allows(parse_ip("192.168.0.1"))
    assert policy.allows_host("INTRANET.local")
    assert AddressPolicy.from_values(True, []).allows(parse_ip("127.0.0.1"))
