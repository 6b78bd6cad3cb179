"""Index.profile on the planted target_web (tests/support/datasets.py), with and without
graph.duckdb: every number below is counted by hand from the planted links."""

from __future__ import annotations

import pytest

from analysis import Index
from analysis.errors import BadDomain, UnknownCrawl, UnknownDomain
from analysis.graph.build import build
from tests.support.datasets import at, link, opened_index, target_web


@pytest.fixture(params=["parquet", "graph"])
def index(request, tmp_path):
    with opened_index(target_web, tmp_path, request.param) as ix:
        yield ix


def test_totals(index):
    totals = index.profile("target.com").totals
    assert totals["domain"] == "target.com"
    assert totals["backlinks"] == 10
    assert totals["dofollow_backlinks"] == 6  # not: nofollow, ugc, sponsored, page nofollow
    assert totals["dofollow_share"] == pytest.approx(0.6)
    assert totals["referring_domains"] == 4  # example.org, shop.co.uk, uni.edu, spam.net
    assert totals["dofollow_referring_domains"] == 3
    assert totals["referring_hosts"] == 5  # news. and www.example.org
    assert totals["referring_pages"] == 6
    assert totals["linked_pages"] == 5
    assert totals["gov_edu_backlinks"] == 1
    assert totals["gov_edu_referring_domains"] == 1
    assert totals["crawled_pages"] == 3


def test_top_lists(index):
    profile = index.profile("target.com", top=2)
    assert [r["anchor"] for r in profile.top_anchors] == ["Target", "pricing"]
    assert [r["url"] for r in profile.top_pages] == ["https://www.target.com/", "https://www.target.com/pricing"]
    assert [r["referring_domains"] for r in profile.top_pages] == [3, 1]
    assert len(profile.top_refdomains) == 2


def test_breakdowns(index):
    b = {name: {r["value"]: r["backlinks"] for r in rows}
         for name, rows in index.profile("target.com").breakdowns.items()}
    assert b["follow"] == {"dofollow": 6, "nofollow": 1, "ugc": 1, "sponsored": 1, "page_nofollow": 1}
    assert b["placement"] == {"content": 7, "footer": 1, "nav": 1, "header": 1}
    assert b["kind"] == {"a": 9, "area": 1}
    assert b["tld"] == {"org": 6, "co.uk": 2, "edu": 1, "net": 1}
    assert sum(b["rank_band"].values()) == 10


def test_domain_argument_forms(index):
    for name in ("target.com", "TARGET.COM.", "www.target.com", "blog.target.com",
                 "https://www.target.com/pricing?x=1"):
        assert index.profile(name).domain == "target.com"


def test_known_domain_without_backlinks_is_empty(index):
    profile = index.profile("spam.net")
    assert profile.totals["backlinks"] == 0
    assert profile.totals["referring_domains"] == 0
    assert profile.totals["dofollow_share"] is None
    assert profile.top_anchors == profile.top_refdomains == []


def test_unknown_domain_raises(index):
    with pytest.raises(UnknownDomain, match="nowhere.example"):
        index.profile("nowhere.example")
    with pytest.raises(BadDomain):
        index.profile("ftp://target.com")
    with pytest.raises(UnknownCrawl):
        index.profile("target.com", crawl="c9")


def test_second_crawl_replaces_a_page_in_the_live_index(tmp_path):
    ds = target_web(tmp_path)
    # c2 fetches news.example.org/a again: one of its three links to target.com is left
    ds.fetch("c2", "https://news.example.org/a", at(7), links=[
        link("https://www.target.com/", anchor="Target")])
    ds.write()
    with Index(tmp_path) as ix:
        assert ix.profile("target.com").totals["backlinks"] == 8
        assert ix.profile("target.com", crawl="c1").totals["backlinks"] == 10
        assert ix.profile("target.com", crawl="c2").totals["backlinks"] == 1
        build(tmp_path)
    with Index(tmp_path) as ix:
        assert ix.profile("target.com").totals["backlinks"] == 8
        assert ix.profile("target.com", crawl="c1").totals["backlinks"] == 10
