"""Index.outlinks, broken, intersect, top and explain, on small planted graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from analysis import Index
from analysis.errors import BadArgument, NoGraph
from analysis.graph.build import build
from tests.support.datasets import Dataset, at, history_web, link


@pytest.fixture
def web(tmp_path):
    """comp1.com and comp2.com are linked by x.org and y.net, comp1 only by z.io; my.com by y.net."""
    ds = Dataset(tmp_path)
    pages = {
        "https://x.org/": ["https://comp1.com/", "https://comp2.com/a", "https://comp2.com/b"],
        "https://y.net/": ["https://comp1.com/", "https://comp2.com/", "https://my.com/"],
        "https://z.io/": ["https://comp1.com/p"],
        "https://comp1.com/": ["https://x.org/", "https://comp1.com/about"],
        "https://my.com/": ["https://comp1.com/"],
    }
    for i, (page, targets) in enumerate(pages.items()):
        ds.fetch("c1", page, at(0, i), links=[link(t, anchor=t) for t in targets])
    ds.write()
    return tmp_path


def test_intersect(web):
    with Index(web) as ix:
        rel = ix.intersect(["comp1.com", "www.comp2.com"], exclude=["my.com"], min_targets=1)
        rows = rel.to_arrow_table().to_pylist()
        assert [(r["domain"], r["targets_linked"], r["targets"], r["backlinks"]) for r in rows] == [
            ("x.org", 2, ["comp1.com", "comp2.com"], 3),
            ("z.io", 1, ["comp1.com"], 1),
        ]  # y.net links to my.com; my.com itself is excluded
        # the default, with two targets: both of them
        assert [r[0] for r in ix.intersect(["comp1.com", "comp2.com"], exclude=["my.com"]).fetchall()] == ["x.org"]


def test_intersect_leaves_the_competitors_out_and_ranks_by_targets_then_rank(tmp_path):
    """t1.com and t2.com link to each other; p1.org links to both and nobody links to it;
    p2.org links to t1 only, and three sites link to p2.org, so its domain rank is higher."""
    ds = Dataset(tmp_path)
    pages = {
        "https://t1.com/": ["https://t2.com/"], "https://t2.com/": ["https://t1.com/"],
        "https://p1.org/": ["https://t1.com/", "https://t2.com/"], "https://p2.org/": ["https://t1.com/"],
        "https://f1.net/": ["https://p2.org/"], "https://f2.net/": ["https://p2.org/"],
        "https://f3.net/": ["https://p2.org/"],
    }
    for i, (page, targets) in enumerate(pages.items()):
        ds.fetch("c1", page, at(0, i), links=[link(t) for t in targets])
    ds.write()
    build(tmp_path)
    with Index(tmp_path) as ix:
        ranks = dict(ix.sql("SELECT domain, domain_rank FROM domain_ranks").fetchall())
        assert ranks["p2.org"] > ranks["p1.org"]
        rows = ix.intersect(["t1.com", "t2.com"], min_targets=1).fetchall()
        assert [(r[0], r[2]) for r in rows] == [("p1.org", 2), ("p2.org", 1)]  # never t2.com for t1.com
        assert [r[0] for r in ix.intersect(["t1.com", "t2.com"]).fetchall()] == ["p1.org"]
        with pytest.raises(BadArgument, match="min"):
            ix.intersect(["t1.com", "t2.com"], min_targets=3)


def test_outlinks(web):
    with Index(web) as ix:
        assert ix.outlinks("x.org").fetchall() == [("comp2.com", None, 2, 2, 1, 2), ("comp1.com", None, 1, 1, 1, 1)]
        assert ix.outlinks("comp1.com").fetchall() == [("x.org", None, 1, 1, 1, 1)]  # internal link left out


def test_broken(tmp_path):
    history_web(tmp_path)  # shop.com/w answered 404; f.com/1 links to it
    with Index(tmp_path) as ix:
        rows = ix.broken("shop.com").to_arrow_table().to_pylist()
    assert [(r["src_url"], r["dst_url"], r["status"]) for r in rows] == [
        ("https://f.com/1", "https://shop.com/w", 404)]


def test_top_and_explain_need_the_graph(web):
    with Index(web) as ix:
        with pytest.raises(NoGraph, match="backlinks build"):
            ix.top()
        with pytest.raises(NoGraph):
            ix.explain("comp1.com")


def test_top_and_explain(web):
    build(web)
    g = nx.DiGraph([("x.org", "comp1.com"), ("x.org", "comp2.com"), ("y.net", "comp1.com"),
                    ("y.net", "comp2.com"), ("y.net", "my.com"), ("z.io", "comp1.com"),
                    ("comp1.com", "x.org"), ("my.com", "comp1.com")])
    pr = nx.pagerank(g, alpha=0.85, tol=1e-12)
    with Index(web) as ix:
        top = ix.top().to_arrow_table().to_pylist()
        assert [r["domain"] for r in top][:3] == sorted(pr, key=pr.get, reverse=True)[:3]
        assert len(top) == 6
        assert top[0]["domain_rank"] == 100.0 and top[0]["rank_pos"] == 1
        comp1 = next(r for r in top if r["domain"] == "comp1.com")
        assert comp1["referring_domains"] == 4 and comp1["backlinks"] == 4
        rows = ix.explain("comp1.com").to_arrow_table().to_pylist()
    # each referrer passes 0.85 * pagerank / out_domains; shares are those over their sum
    got = {r["referring_domain"]: r for r in rows}
    assert set(got) == {"x.org", "y.net", "z.io", "my.com"}
    assert got["y.net"]["out_domains"] == 3 and got["x.org"]["out_domains"] == 2
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
    for domain, row in got.items():
        assert row["contribution"] == pytest.approx(0.85 * pr[domain] / g.out_degree(domain), abs=1e-9)
        assert row["of_score"] == pytest.approx(row["contribution"] / pr["comp1.com"], abs=1e-6)
