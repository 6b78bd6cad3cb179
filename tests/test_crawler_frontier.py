"""Which links the crawl follows: scope, depth, redirect hops and trap rules (HARDENING #9, #14)."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.frontier import FollowPolicy


def policy(**kw):
    values = dict(max_depth=3, max_redirects=2, max_repetitions=2, max_segments=20,
                  max_url_length=2083, follow_nofollow=True)
    values.update(kw)
    return FollowPolicy(**values)


def link(url, domain="x.com", kind="a", nofollow=False):
    return {"dst_url": url, "dst_domain": domain, "kind": kind, "nofollow": nofollow,
            "page_nofollow": False}


def follow(p, links, depth=0, hops=0):
    stats = MemoryStatsCollector(get_crawler())
    out = list(p.next_requests(links, scope="x.com", depth=depth, redirect_hops=hops, stats=stats))
    return out, stats.get_stats()


def test_stays_in_the_seed_registered_domain_and_dedups():
    out, _ = follow(policy(), [link("http://www.x.com/a"), link("http://blog.x.com/b"),
                               link("http://y.com/", "y.com"), link("http://www.x.com/a")])
    assert [r.url for r in out] == ["http://www.x.com/a", "http://blog.x.com/b"]
    assert all(r.depth == 1 for r in out)


def test_depth_limit_counts_link_hops_not_redirect_hops():
    out, stats = follow(policy(), [link("http://x.com/deeper")], depth=3)
    assert out == [] and stats["frontier/depth_limit"] == 1
    out, _ = follow(policy(), [link("http://x.com/moved", kind="redirect")], depth=3)
    assert [(r.depth, r.redirect_hops) for r in out] == [(3, 1)]


def test_redirect_chain_stops_after_max_hops():
    out, stats = follow(policy(), [link("http://x.com/next", kind="redirect")], hops=2)
    assert out == [] and stats["frontier/redirect_limit"] == 1


def test_repeated_path_segments_and_long_urls_are_traps():
    p = policy()
    assert p.refusal("http://x.com/x/x/") is None
    assert p.refusal("http://x.com/x/x/x/") == "path_repetition"
    assert p.refusal("http://x.com/" + "a/" * 21) == "too_many_segments"
    assert p.refusal("http://x.com/?q=" + "a" * 2100) == "url_too_long"


def test_nofollow_links_are_followed_for_discovery_unless_switched_off():
    out, _ = follow(policy(), [link("http://x.com/n", nofollow=True)])
    assert len(out) == 1
    out, _ = follow(policy(follow_nofollow=False), [link("http://x.com/n", nofollow=True)])
    assert out == []
