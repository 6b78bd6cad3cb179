"""analysis/graph/build.py: graph.duckdb's tables, and the atomic replace."""

from __future__ import annotations

import random

import duckdb
import pytest

from analysis import Index, db
from analysis.errors import BuildFailed, NoCrawlData
from analysis.graph import build as build_module
from analysis.graph.build import build
from tests.support.datasets import Dataset, at, link, target_web


def graph_rows(data_dir, sql):
    con = duckdb.connect(str(data_dir / "graph.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_tables(tmp_path):
    target_web(tmp_path)
    steps = []
    result = build(tmp_path, progress=lambda name, i, n: steps.append((name, i, n)))
    assert [i for _, i, _ in steps] == list(range(1, len(build_module.STEPS) + 1))
    assert result.counts["links"] == 13  # 10 backlinks, 2 internal links, 1 outlink
    # domains in reversed-name order: com.target, edu.uni, net.spam, org.example, uk.co.shop
    assert graph_rows(tmp_path, "SELECT domain FROM domains ORDER BY domain_id") == [
        ("target.com",), ("uni.edu",), ("spam.net",), ("example.org",), ("shop.co.uk",)]
    edges = graph_rows(tmp_path, """
        SELECT s.domain, d.domain, e.links, e.dofollow_links FROM domain_edges e
        JOIN domains s ON s.domain_id = e.src_id JOIN domains d ON d.domain_id = e.dst_id ORDER BY ALL""")
    assert edges == [
        ("example.org", "target.com", 6, 4),
        ("shop.co.uk", "target.com", 2, 1),
        ("spam.net", "target.com", 1, 0),
        ("target.com", "example.org", 1, 1),
        ("uni.edu", "target.com", 1, 1),
    ]
    host_edges = graph_rows(tmp_path, """
        SELECT s.host, d.host, e.links FROM host_edges e
        JOIN hosts s ON s.host_id = e.src_id JOIN hosts d ON d.host_id = e.dst_id
        WHERE s.domain = d.domain ORDER BY ALL""")
    assert host_edges == [("blog.target.com", "www.target.com", 1)]  # hosts of one domain
    assert graph_rows(tmp_path, "SELECT count(*) FROM pages WHERE live") == [(9,)]


def test_empty_dir_raises(tmp_path):
    with pytest.raises(NoCrawlData):
        build(tmp_path)


def test_failed_build_leaves_the_previous_graph(tmp_path, monkeypatch):
    ds = target_web(tmp_path)
    build(tmp_path)
    before = graph_rows(tmp_path, "SELECT * FROM domain_ranks ORDER BY domain_id")
    ds.fetch("c1", "https://late.com/", at(0, 40), links=[link("https://www.target.com/")])
    ds.write()

    def explode(state):
        raise duckdb.IOException("disk full (test)")

    steps = list(build_module.STEPS)
    steps.insert(3, ("explode", explode))
    monkeypatch.setattr(build_module, "STEPS", steps)
    with pytest.raises(BuildFailed, match="disk full"):
        build(tmp_path)
    assert graph_rows(tmp_path, "SELECT * FROM domain_ranks ORDER BY domain_id") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".graph")) == []
    with Index(tmp_path) as ix:  # the old graph is used (stale: a part was added since)
        assert ix.graph == "stale"
        assert ix.profile("target.com").totals["backlinks"] == 11


def test_rebuild_replaces_the_graph(tmp_path):
    ds = target_web(tmp_path)
    build(tmp_path)
    ds.fetch("c1", "https://late.com/", at(0, 40), links=[link("https://www.target.com/")])
    ds.write()
    with Index(tmp_path) as ix:  # an open reader keeps its graph while a build replaces it
        build(tmp_path)
        assert ix.profile("target.com").totals["backlinks"] == 11
    with Index(tmp_path) as ix:
        assert ix.graph == "fresh"
        assert ix.sql("SELECT referring_domains FROM domain_ranks WHERE domain = 'target.com'").fetchall() == [(5,)]


def test_graph_of_another_schema_version_is_ignored(tmp_path, monkeypatch):
    target_web(tmp_path)
    build(tmp_path)
    monkeypatch.setattr(db, "GRAPH_SCHEMA_VERSION", "999")
    with Index(tmp_path) as ix:
        assert ix.graph == "absent"
        assert ix.profile("target.com").totals["domain_rank"] is None


def test_unreadable_graph_is_ignored(tmp_path, caplog):
    target_web(tmp_path)
    (tmp_path / "graph.duckdb").write_bytes(b"not a database" * 100)
    with Index(tmp_path) as ix:
        assert ix.graph == "absent"
        assert ix.profile("target.com").totals["backlinks"] == 10
    assert "Ignoring unreadable" in caplog.text
    build(tmp_path)  # and a build replaces it
    with Index(tmp_path) as ix:
        assert ix.graph == "fresh"


def _bigger_web(root, *, domains: int = 300, pages: int = 3000, per_page: int = 20) -> None:
    """A random web of `pages` * `per_page` links with their text, in two crawls (the second
    fetches a fifth of the pages again, with other links): more rows than a small memory
    limit holds."""
    rng = random.Random(18)
    names = [f"site{i}.{rng.choice(['com', 'org', 'net', 'edu'])}" for i in range(domains)]
    ds = Dataset(root)
    words = "alpha bright cloud delta ember falcon garden harbor island jungle".split()
    for crawl, count, day in (("c1", pages, 0), ("c2", pages // 5, 7)):
        for number in range(count):
            site = names[number % domains]
            targets = [f"https://www.{rng.choice(names)}/p{rng.randrange(50)}" for _ in range(per_page)]
            ds.fetch(crawl, f"https://www.{site}/p{number // domains}", at(day, number), links=[
                link(url, anchor=rng.choice(words), rel=rng.choice(["", "", "", "nofollow"]),
                     before=" ".join(rng.choices(words, k=8)), after=" ".join(rng.choices(words, k=8)))
                for url in targets])
    ds.write()


def _all_tables(data_dir) -> dict[str, list]:
    """Every table of graph.duckdb, rows in a set order (meta without its build time)."""
    con = duckdb.connect(str(data_dir / "graph.duckdb"), read_only=True)
    try:
        tables = [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in tables
                if name != "meta"} | {
            "meta": con.execute("SELECT * FROM meta WHERE key <> 'built_at' ORDER BY ALL").fetchall()}
    finally:
        con.close()


def test_small_memory_limit_builds_the_same_tables(tmp_path):
    _bigger_web(tmp_path)
    build(tmp_path)
    unlimited = _all_tables(tmp_path)
    build(tmp_path, memory_limit="64MB")  # the 72,000 links' sort spills under it (a few MB)
    limited = _all_tables(tmp_path)
    assert len(unlimited["links"]) == 72_000
    assert unlimited.keys() == limited.keys()
    for name in unlimited.keys() - {"page_ranks"}:
        assert limited[name] == unlimited[name], name
    # page ids are numbered in no set order, so the sums of PageRank's steps may be added in
    # another: the same ranks to rounding
    assert len(limited["page_ranks"]) == len(unlimited["page_ranks"])
    for (key, pr, rank), (key_u, pr_u, rank_u) in zip(limited["page_ranks"], unlimited["page_ranks"], strict=True):
        assert key == key_u and pr == pytest.approx(pr_u, rel=1e-9) and rank == pytest.approx(rank_u, abs=1e-3)
    assert not list(tmp_path.glob(".graph-*"))  # the spill directory and the temporary graph are gone


def test_unreadable_memory_limit_is_one_error(tmp_path):
    target_web(tmp_path)
    with pytest.raises(BuildFailed, match="memory limit 'lots'"):
        build(tmp_path, memory_limit="lots")


