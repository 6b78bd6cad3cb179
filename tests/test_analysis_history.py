"""Index.history on history_web (tests/support/datasets.py): two crawls a week apart, each
kind of change planted once; the expected rows are read off the table in its docstring."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from analysis import Index
from analysis.errors import BadArgument, NotEnoughCrawls, UnknownCrawl
from tests.support.datasets import HISTORY_CHANGES as EXPECTED
from tests.support.datasets import at, history_web, opened_index, target_web


@pytest.fixture(params=["parquet", "graph"])
def index(request, tmp_path):
    with opened_index(history_web, tmp_path, request.param) as ix:
        yield ix


def test_new_and_lost_links_with_reasons(index):
    rows = index.history("shop.com").to_arrow_table().to_pylist()
    assert {(r["change"], r["reason"], r["src_url"], r["dst_url"]) for r in rows} == EXPECTED
    assert len(rows) == len(EXPECTED)


def test_evidence_names_both_warc_records(index):
    rows = {r["src_url"]: r for r in index.history("shop.com").to_arrow_table().to_pylist()}
    gone = rows["https://a.org/2"]
    assert gone["old_record"].startswith("warc/crawl=c1/") and gone["new_record"].startswith("warc/crawl=c2/")
    assert (gone["old_status"], gone["new_status"]) == (200, 404)
    assert rows["https://h.com/1"]["old_record"] is None  # not fetched before
    assert rows["https://h.com/1"]["new_record"].startswith("warc/crawl=c2/")


def test_explicit_crawls_and_errors(index):
    assert len(index.history("shop.com", old="c1", new="c2").fetchall()) == len(EXPECTED)
    with pytest.raises(BadArgument, match="old"):  # the older crawl comes first
        index.history("shop.com", old="c2", new="c1")
    with pytest.raises(UnknownCrawl):
        index.history("shop.com", old="c0")
    with pytest.raises(BadArgument):
        index.history("shop.com", old="c2", new="c2")
    with pytest.raises(BadArgument):
        index.history("shop.com", by="month")


def test_refdomains(index):
    rows = index.history("shop.com", by="refdomains").to_arrow_table().to_pylist()
    got = {(r["change"], r["domain"]): r["lost_reasons"] for r in rows}
    # a.org keeps /x from a.org/1 and g.com keeps g.com/1: neither is lost
    assert got == {
        ("new", "h.com"): None,
        ("lost", "b.net"): ["page_redirected"], ("lost", "c.io"): ["fetch_error"],
        ("lost", "d.de"): ["noindex"], ("lost", "e.fr"): ["not_canonical"],
    }


def test_weekly(index):
    rows = index.history("shop.com", by="weekly").to_arrow_table().to_pylist()
    assert rows == [{"week": datetime(2025, 1, 13, tzinfo=UTC), "crawls": 1,
                     "new_backlinks": 2, "lost_backlinks": 6,
                     "new_referring_domains": 1, "lost_referring_domains": 4}]


def test_weekly_over_three_crawls(tmp_path):
    ds = history_web(tmp_path)
    ds.manifest("c3", at(14))
    ds.fetch("c3", "https://a.org/1", at(14), links=[])  # /x removed too: a.org is lost
    # ...and nothing else fetched again: every other link stays
    ds.write()
    with Index(tmp_path) as ix:
        weeks = ix.history("shop.com", by="weekly").fetchall()
        assert [(w[0].day, w[2], w[3], w[4], w[5]) for w in weeks] == [(13, 2, 6, 1, 4), (20, 0, 1, 0, 1)]
        # the default pair is the last two crawls
        assert ix.history("shop.com").fetchall()[0][:3] == ("lost", "link_removed", "https://a.org/1")


def test_one_crawl_is_not_enough(tmp_path):
    target_web(tmp_path)
    with Index(tmp_path) as ix, pytest.raises(NotEnoughCrawls):
        ix.history("target.com")
