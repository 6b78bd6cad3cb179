"""Index.links and its filters on the planted target_web, counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import Index
from analysis.errors import BadArgument
from tests.support.datasets import at, link, opened_index, target_web


@pytest.fixture(params=["parquet", "graph"])
def index(request, tmp_path):
    with opened_index(target_web, tmp_path, request.param) as ix:
        yield ix


def pairs(relation):
    return sorted((r["src_url"], r["dst_url"], r["anchor_text"]) for r in relation.to_arrow_table().to_pylist())


def test_every_backlink_once(index):
    table = index.links("target.com").to_arrow_table()
    assert table.num_rows == 10
    assert set(table.column("src_domain").to_pylist()) == {"example.org", "shop.co.uk", "uni.edu", "spam.net"}
    first = [r for r in table.to_pylist() if r["anchor_text"] == "cheap"][0]
    facts = (first["kind"], first["page_nofollow"], first["dofollow"], first["placement"])
    assert facts == ("area", True, False, "content")


def test_filters(index):
    assert len(pairs(index.links("target.com", dofollow_only=True))) == 6
    assert pairs(index.links("target.com", kind="area")) == [
        ("https://spam.net/", "https://www.target.com/", "cheap")]
    assert pairs(index.links("target.com", placement="footer")) == [
        ("https://news.example.org/a", "https://blog.target.com/post", "Target")]
    assert len(pairs(index.links("target.com", limit=3))) == 3
    assert len(pairs(index.links("target.com", since=date(2025, 1, 7)))) == 0
    assert len(pairs(index.links("target.com", since=date(2025, 1, 6)))) == 10


def test_one_per_domain_prefers_a_dofollow_content_link(index):
    got = {r["src_domain"]: (r["anchor_text"], r["dofollow"])
           for r in index.links("target.com", one_per_domain=True).to_arrow_table().to_pylist()}
    assert got == {"example.org": ("Target", True), "shop.co.uk": ("logo alt", True),
                   "uni.edu": ("Target", True), "spam.net": ("cheap", False)}


def test_bad_filter_values(index):
    with pytest.raises(BadArgument, match="kind must be one of"):
        index.links("target.com", kind="anchor")
    with pytest.raises(BadArgument, match="placement"):
        index.links("target.com", placement="sidebar")


def test_first_seen_spans_crawls(tmp_path):
    ds = target_web(tmp_path)
    ds.fetch("c2", "https://uni.edu/", at(7), links=[link("https://target.com/", anchor="Target")])
    ds.write()
    with Index(tmp_path) as ix:
        links = ix.links("target.com", since=date(2025, 1, 1))
        [row] = links.filter("src_domain = 'uni.edu'").to_arrow_table().to_pylist()
    assert (row["first_seen"], row["last_seen"], row["fetched_at"]) == (at(0, 5), at(7), at(7))
    assert row["crawl_id"] == "c2"
