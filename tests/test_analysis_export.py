"""analysis/export.py: Common Crawl's vertices/edges text format and Parquet."""

from __future__ import annotations

import gzip

import pyarrow.parquet as pq
import pytest

from analysis import Index
from analysis.errors import BadArgument, NoGraph
from analysis.export import export_graph
from analysis.graph.build import build
from tests.support.datasets import target_web


def lines(path):
    with gzip.open(path, "rt") as f:
        return [line.rstrip("\n").split("\t") for line in f]


def test_domain_graph_as_text(tmp_path):
    target_web(tmp_path / "data")
    build(tmp_path / "data")
    with Index(tmp_path / "data") as ix:
        paths = export_graph(ix, tmp_path / "out", level="domain")
    assert [p.name for p in paths] == ["backlinks-domain-vertices.txt.gz", "backlinks-domain-edges.txt.gz"]
    vertices = lines(paths[0])
    # reversed names in sorted order, ids 0..n-1, hosts per domain
    assert vertices == [["0", "com.target", "3"], ["1", "edu.uni", "1"], ["2", "net.spam", "1"],
                        ["3", "org.example", "2"], ["4", "uk.co.shop", "1"]]
    names = {int(i): n for i, n, _ in vertices}
    edges = [(names[int(s)], names[int(d)]) for s, d in lines(paths[1])]
    assert edges == [("com.target", "org.example"), ("edu.uni", "com.target"), ("net.spam", "com.target"),
                     ("org.example", "com.target"), ("uk.co.shop", "com.target")]
    with Index(tmp_path / "data") as ix:  # dofollow only: spam.net's link is page-nofollow
        paths = export_graph(ix, tmp_path / "out", level="domain", dofollow_only=True)
    assert ("2", "0") not in {tuple(e) for e in lines(paths[1])}


def test_host_graph_as_parquet(tmp_path):
    target_web(tmp_path / "data")
    build(tmp_path / "data")
    with Index(tmp_path / "data") as ix:
        paths = export_graph(ix, tmp_path / "out", level="host", fmt="parquet")
    assert [p.name for p in paths] == ["backlinks-host-vertices.parquet", "backlinks-host-edges.parquet",
                                       "backlinks-host-ranks.parquet"]
    vertices = pq.read_table(paths[0]).to_pylist()
    assert [v["name"] for v in vertices][:3] == ["com.target", "com.target.blog", "com.target.www"]
    edges = pq.read_table(paths[1])
    assert edges.column_names == ["src_id", "dst_id", "links", "dofollow_links", "first_seen", "last_seen"]
    ranks = pq.read_table(paths[2]).to_pylist()
    assert ranks[0]["host_rev"] == "com.target.www" and ranks[0]["harmonicc_pos"] == 1


def test_export_needs_the_graph(tmp_path):
    target_web(tmp_path)
    with Index(tmp_path) as ix:
        with pytest.raises(NoGraph):
            export_graph(ix, tmp_path / "out")
        with pytest.raises(BadArgument):
            export_graph(ix, tmp_path / "out", fmt="graphml")
