"""Index.refdomains, anchors and pages on the planted target_web, counted by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.datasets import T0, opened_index, target_web


@pytest.fixture(params=["parquet", "graph"])
def index(request, tmp_path):
    with opened_index(target_web, tmp_path, request.param) as ix:
        yield ix


def rows(relation, *columns):
    table = relation.to_arrow_table()
    return [tuple(row[c] for c in columns) for row in table.to_pylist()]


def test_refdomains(index):
    got = {r[0]: r[1:] for r in rows(index.refdomains("target.com"), "domain", "backlinks",
                                     "dofollow_backlinks", "referring_pages", "linked_pages")}
    assert got == {
        "example.org": (6, 4, 3, 4),
        "shop.co.uk": (2, 1, 1, 1),
        "uni.edu": (1, 1, 1, 1),
        "spam.net": (1, 0, 1, 1),
    }


def test_refdomains_first_and_last_seen(index):
    seen = {r[0]: r[1:] for r in rows(index.refdomains("target.com"), "domain", "first_seen", "last_seen")}
    # news.example.org/b's first fetch (minute 2) is superseded by its latest (minute 30)
    assert seen["example.org"] == (T0 + timedelta(minutes=1), T0 + timedelta(minutes=30))
    assert seen["uni.edu"] == (T0 + timedelta(minutes=5), T0 + timedelta(minutes=5))


def test_refdomains_limit(index):
    assert len(rows(index.refdomains("target.com", limit=2), "domain")) == 2


def test_anchors(index):
    got = rows(index.anchors("target.com"), "anchor", "backlinks", "referring_domains",
               "dofollow_backlinks", "image_backlinks")
    assert got == [
        ("Target", 4, 3, 3, 0),  # "  Target  " of shop.co.uk collapses into it
        ("pricing", 2, 1, 1, 0),
        ("Target home", 1, 1, 0, 0),
        ("cheap", 1, 1, 0, 0),
        ("logo alt", 1, 1, 1, 1),
        ("new", 1, 1, 1, 0),
    ]


def test_pages(index):
    got = rows(index.pages("target.com"), "url", "referring_domains", "backlinks", "status")
    assert got == [
        ("https://www.target.com/", 3, 5, 200),  # example.org, shop.co.uk, spam.net
        ("https://www.target.com/pricing", 1, 2, None),
        ("https://blog.target.com/post", 1, 1, 200),
        ("https://target.com/", 1, 1, None),
        ("https://www.target.com/new", 1, 1, None),
    ]
