"""The audit weighs its network and profile signals against the standing of the group they
accuse, never flags a strong domain by weak markers alone, tests shares against the index's
own, and finds every near-duplicate within its bits (analysis/audit/standing.py and
analysis/audit/signals.py).

Two closed groups link to one shop on a hand-made web: a community (two of its four members
on .gov/.edu, the seeds of trust) and a network of four .com blogs nobody trusted links to.
Expected values are worked out by hand from that construction.
"""

from __future__ import annotations

import random

import pytest
from scipy.stats import binom

from analysis import Index, build
from analysis.audit import audit
from analysis.audit.signals import binomial_tail
from analysis.sql import rows
from tests.support.datasets import Dataset, at, link

SHOP = "https://www.shop.com/"
COMMUNITY = ["parks.gov", "state.edu", "trailnews.org", "hikers.org"]
NETWORK = ["blog-a.com", "blog-b.com", "blog-c.com", "blog-d.com"]
TEXT = "Trail reports, maps and gear advice for hikers in the national parks and forests."


def _plant(root) -> None:
    ds = Dataset(root)
    ds.manifest("c1", at(0))
    ds.fetch("c1", SHOP, at(0), title="Shop: hiking gear", meta_description="Hiking gear.")
    minute = 1
    for group in (COMMUNITY, NETWORK):
        for d in group:
            peers = [link(f"https://{o}/", anchor=o, before=TEXT) for o in group if o != d]
            for p in range(3):  # three pages each, http only, no description: weak markers
                extra = [link(SHOP, anchor="the shop", before=TEXT)] if p == 0 else []
                ds.fetch("c1", f"http://{d}/{p}", at(0, minute), links=peers + extra,
                         title=f"{d} trail page {p}", content_length=5000)
                minute += 1
    ds.write()
    build(root)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit-standing")
    _plant(root)
    with Index(root) as ix:
        yield audit(ix, "shop.com")


def _by(result):
    return {d.domain: d for d in result.domains}


def test_a_group_with_trusted_members_is_a_community_and_its_link_network_signal_is_cleared(result):
    for d in COMMUNITY:
        found = _by(result)[d]
        assert found.standing.community, d
        assert "link_network" not in {r.signal for r in found.signals}, d
        cleared = {c.signal: c for c in found.cleared}
        assert "link_network" in cleared, d
        assert cleared["link_network"].reason.startswith("a community")
        assert set(found.standing.trusted_members) >= {"parks.gov", "state.edu"}


def test_a_closed_group_nobody_trusted_links_to_is_a_network_and_says_so(result):
    for d in NETWORK:
        found = _by(result)[d]
        assert not found.standing.community and not found.standing.strong, d
        evidence = {r.signal: r.evidence for r in found.signals}
        assert "link_network" in evidence, d
        assert "none of whose members carries trust" in evidence["link_network"]


def test_the_seeds_of_trust_are_strong_and_their_weak_markers_count_nothing(result):
    for d in ("parks.gov", "state.edu"):
        found = _by(result)[d]
        assert found.standing.strong and found.standing.trusted_seed
        assert found.verdict == "fine" and found.score == 0
        assert {"no_https", "no_description"} <= {c.signal for c in found.cleared}
    # the same markers still count on the network
    assert {"no_https", "no_description"} <= {r.signal for r in _by(result)["blog-a.com"].signals}


def test_coverage_counts_pages_fetched_and_known(result):
    seen = _by(result)["blog-a.com"].standing.coverage
    # three pages fetched; its home page is known from its peers' links but was not fetched
    assert (seen.pages_fetched, seen.pages_known) == (3, 4)
    assert (seen.linked_domains, seen.linked_crawled) == (4, 4)  # its three peers and the shop, all crawled
    assert seen.thin and "3 of its 4 known pages fetched" in seen.note


@pytest.mark.parametrize(("k", "n", "p"), [(19, 19, 0.73), (5, 5, 0.9), (30, 40, 0.6), (0, 10, 0.5), (3, 1000, 0.01)])
def test_binomial_tail_matches_scipy(k, n, p):
    assert binomial_tail(k, n, p) == pytest.approx(binom.sf(k - 1, n, p), rel=1e-9, abs=1e-300)


def _flip(h: int, bits: list[int]) -> int:
    for b in bits:
        h ^= 1 << b
    return h - (1 << 64) if h >= 1 << 63 else h


@pytest.mark.parametrize("max_bits", [3, 5])
def test_near_duplicates_are_every_page_within_max_bits_of_another_domains(tmp_path, max_bits):
    """Pages at 0..8 bits from a linking page, on other domains, bits spread at random over
    the 64: the query finds exactly those within max_bits (brute force decides)."""
    rng = random.Random(max_bits)
    ds = Dataset(tmp_path)
    ds.manifest("c1", at(0))
    ds.fetch("c1", SHOP, at(0), title="Shop")
    base = {}
    for i in range(6):
        h = rng.getrandbits(64)
        base[f"https://src{i}.com/"] = h
        ds.fetch("c1", f"https://src{i}.com/", at(0, i), links=[link(SHOP, anchor="shop")],
                 simhash=_flip(h, []))
        for j, distance in enumerate(range(9)):
            ds.fetch("c1", f"https://copy{i}-{j}.net/", at(0, 10 + 10 * i + j),
                     simhash=_flip(h, rng.sample(range(64), distance)))
    ds.write()
    build(tmp_path)
    with Index(tmp_path) as ix:
        found = {r["url"]: r["other_domains"] for r in rows(ix.con, "audit_duplicates", domain="shop.com",
                                                            max_bits=max_bits)}
    # each source has one copy at each distance 0..8, and the other sources are far (random)
    assert found == {url: max_bits + 1 for url in base}
