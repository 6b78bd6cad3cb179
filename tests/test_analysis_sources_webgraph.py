"""import-webgraph and WebGraph lookups: a round trip through `export --format text`, Common
Crawl's own quirks (the ranks' `#` header, n_hosts or not, `---`, part files), and bad files.

Expected values come from target_web's docstring (tests/support/datasets.py) or from files
written here by hand, never from the code under test."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from analysis import Index
from analysis.export import export_graph
from analysis.graph.build import build
from analysis.sources.errors import BadWebGraph, UnknownWebGraph
from analysis.sources.webgraph import WebGraph, list_webgraphs
from analysis.sources.webgraph_import import import_webgraph
from tests.support.crawl import backlinks
from tests.support.datasets import target_web

# target_web's referring domains of target.com (its docstring): every link kind counts
TARGET_REFDOMAINS = {"example.org", "shop.co.uk", "uni.edu", "spam.net"}
TARGET_LINKING_HOSTS = {"news.example.org", "www.example.org", "shop.co.uk", "uni.edu", "spam.net"}


def write_gz(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        f.writelines(line + "\n" for line in lines)
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """target_web built, and its domain and host graphs exported as text."""
    root = tmp_path_factory.mktemp("webgraph")
    data = root / "data"
    target_web(data)
    build(data)
    with Index(data) as ix:
        export_graph(ix, root / "domain", level="domain", fmt="text")
        export_graph(ix, root / "host", level="host", fmt="text")
        refdomains = {row[0] for row in ix.refdomains("target.com").fetchall()}
        host_ranks = {h: (hp, pp) for h, hp, pp in
                      ix.sql("SELECT host, harmonic_pos, pr_pos FROM host_ranks").fetchall()}
    return root, data, refdomains, host_ranks


def test_domain_graph_round_trip_gives_the_index_referring_domains(exported, tmp_path):
    root, _, refdomains, _ = exported
    assert refdomains == TARGET_REFDOMAINS  # the index's own answer, as the docstring says
    result = import_webgraph(root / "domain", tmp_path)
    assert (result.name, result.level, result.vertices, result.edges) == ("backlinks-domain", "domain", 5, 5)
    assert not result.ranked  # a domain export has no ranks file
    with WebGraph.open(tmp_path) as graph:
        linking = graph.in_links("https://www.target.com/pricing")
        assert set(linking.column("name").to_pylist()) == refdomains
        assert linking.column("domain").to_pylist() == linking.column("name").to_pylist()
        # n_hosts from the vertices file: example.org has news. and www.
        assert {r["name"]: r["n_hosts"] for r in linking.to_pylist()}["example.org"] == 2
        assert graph.in_links("example.org").column("name").to_pylist() == ["target.com"]
        assert graph.in_links("nobody-links-here.com").num_rows == 0
        assert graph.rank("uni.edu")["harmonicc_pos"] is None


def test_host_graph_round_trip_with_ranks_without_header(exported, tmp_path):
    root, _, _, host_ranks = exported
    with gzip.open(root / "host" / "backlinks-host-ranks.txt.gz", "rt") as ranks:
        first = ranks.readline()
    assert not first.startswith("#")  # our export writes no header line
    result = import_webgraph(root / "host", tmp_path, name="hosts")
    assert (result.level, result.ranked, result.ranks_unmatched) == ("host", True, 0)
    with WebGraph.open(tmp_path, "hosts") as graph:
        linking = graph.in_links("target.com")  # target.com, www. and blog.: blog -> www left out
        assert set(linking.column("name").to_pylist()) == TARGET_LINKING_HOSTS
        assert {r["name"]: r["domain"] for r in linking.to_pylist()}["news.example.org"] == "example.org"
        positions = [r["harmonicc_pos"] for r in linking.to_pylist()]
        assert positions == sorted(positions)  # best harmonic centrality first
        for row in linking.to_pylist():
            assert (row["harmonicc_pos"], row["pr_pos"]) == host_ranks[row["name"]]
        assert set(graph.in_links("blog.target.com").column("name").to_pylist()) == {"news.example.org"}
        rank = graph.rank("www.target.com")
        assert (rank["harmonicc_pos"], rank["pr_pos"]) == host_ranks["www.target.com"]


def common_crawl_files(directory: Path, *, header: bool = True, n_hosts: bool = True) -> Path:
    """A domain graph as Common Crawl publishes one (cc-webgraph's process_webgraph.sh):
    com.blog -> org.news, com.shop -> org.news, org.news -> com.blog, com.blog -> com.shop."""
    hosts = ["\t3", "\t1", "\t2"] if n_hosts else ["", "", ""]
    write_gz(directory / "cc-main-2026-jan-feb-mar-domain-vertices.txt.gz",
             [f"0\tcom.blog{hosts[0]}", f"1\tcom.shop{hosts[1]}", f"2\torg.news{hosts[2]}"])
    write_gz(directory / "cc-main-2026-jan-feb-mar-domain-edges.txt.gz", ["0\t1", "0\t2", "1\t2", "2\t0"])
    columns = "#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev" + ("\t#n_hosts" if n_hosts else "")
    lines = [columns] if header else []
    lines += [f"1\t2.5E0\t1\t0.41\torg.news{hosts[2]}",
              f"2\t1.5\t2\t3.3E-1\tcom.blog{hosts[0]}",
              f"3\t1.0\t---\t---\tcom.shop{hosts[1]}"]
    write_gz(directory / "cc-main-2026-jan-feb-mar-domain-ranks.txt.gz", lines)
    return directory


@pytest.mark.parametrize("header,n_hosts", [(True, True), (False, True), (True, False)])
def test_common_crawl_ranks_file_variants(tmp_path, header, n_hosts):
    files = common_crawl_files(tmp_path / "cc", header=header, n_hosts=n_hosts)
    result = import_webgraph(files, tmp_path / "data")
    assert (result.name, result.level, result.ranked) == ("cc-main-2026-jan-feb-mar-domain", "domain", True)
    with WebGraph.open(tmp_path / "data") as graph:
        rows = graph.in_links("news.org").to_pylist()
        assert [(r["name"], r["harmonicc_pos"], r["harmonicc_val"], r["pr_pos"], r["pr_val"]) for r in rows] == [
            ("blog.com", 2, 1.5, 2, 0.33), ("shop.com", 3, 1.0, None, None)]  # --- is no value
        assert [r["n_hosts"] for r in rows] == ([3, 1] if n_hosts else [None, None])
        assert graph.rank("www.news.org")["pr_val"] == 0.41  # a host's registered domain


def test_split_part_files_and_two_levels_in_one_directory(tmp_path):
    """Large graphs come as vertices/ and edges/ directories of parts; a directory holding a
    domain and a host graph needs --level."""
    release = tmp_path / "release"
    write_gz(release / "host" / "vertices" / "part-00000.txt.gz", ["0\tcom.a.www", "1\tcom.b"])
    write_gz(release / "host" / "vertices" / "part-00001.txt.gz", ["2\tcom.b.blog", "3\tcom.c"])
    write_gz(release / "host" / "edges" / "part-00000.txt.gz", ["0\t1", "0\t2"])
    write_gz(release / "host" / "edges" / "part-00001.txt.gz", ["3\t2", "2\t1"])
    (release / "host" / "cc-host-vertices.paths.gz").write_bytes(gzip.compress(b"vertices/part-00000.txt.gz\n"))
    common_crawl_files(release / "domain")
    with pytest.raises(BadWebGraph, match="both a domain and a host graph"):
        import_webgraph(release, tmp_path / "data")
    result = import_webgraph(release, tmp_path / "data", level="host", name="parts")
    assert (result.vertices, result.edges, result.ranked) == (4, 4, False)
    with WebGraph.open(tmp_path / "data", "parts") as graph:
        assert set(graph.in_links("b.com").column("name").to_pylist()) == {"www.a.com", "c.com"}
    assert list_webgraphs(tmp_path / "data") == ["parts"]
    with pytest.raises(UnknownWebGraph, match="no imported web graph"):
        WebGraph.open(tmp_path / "data", "other")


@pytest.mark.parametrize("edges,message", [
    (["0\t1", "0\tx"], "line 2: Error when converting column \"dst\""),
    (["0\t1\t7"], "line 1: 3 tab-separated columns; edges files have 2"),
    (["0\t1", "1\t9"], "an edge names vertex 9, which the vertices file lacks"),
])
def test_bad_edges_file_is_one_line_naming_it(tmp_path, edges, message):
    files = common_crawl_files(tmp_path / "cc")
    write_gz(files / "cc-main-2026-jan-feb-mar-domain-edges.txt.gz", edges)
    with pytest.raises(BadWebGraph) as caught:
        import_webgraph(files, tmp_path / "data")
    text = str(caught.value)
    assert "\n" not in text and message in text and "domain-edges.txt.gz" in text
    assert not (tmp_path / "data" / "webgraph").exists() or not list((tmp_path / "data" / "webgraph").iterdir())


def test_bad_vertices_and_missing_files(tmp_path):
    files = common_crawl_files(tmp_path / "cc")
    write_gz(files / "cc-main-2026-jan-feb-mar-domain-vertices.txt.gz", ["0\tcom.blog\t3", "2\tcom.shop\t1"])
    with pytest.raises(BadWebGraph, match=r"vertex ids must be 0\.\.n-1"):
        import_webgraph(files, tmp_path / "data")
    (files / "cc-main-2026-jan-feb-mar-domain-edges.txt.gz").unlink()
    with pytest.raises(BadWebGraph, match="no edges file"):
        import_webgraph(files, tmp_path / "data")
    with pytest.raises(BadWebGraph, match="not a directory"):
        import_webgraph(tmp_path / "absent", tmp_path / "data")


def test_a_failed_import_leaves_the_previous_graph(tmp_path):
    files = common_crawl_files(tmp_path / "cc")
    import_webgraph(files, tmp_path / "data", name="g")
    write_gz(files / "cc-main-2026-jan-feb-mar-domain-edges.txt.gz", ["0\t1", "zz\t1"])
    with pytest.raises(BadWebGraph):
        import_webgraph(files, tmp_path / "data", name="g")
    with WebGraph.open(tmp_path / "data", "g") as graph:
        assert graph.in_links("news.org").num_rows == 2
    assert [p.name for p in (tmp_path / "data" / "webgraph").iterdir()] == ["g"]  # no temporary left


def test_import_webgraph_command(exported, tmp_path):
    root = exported[0]
    proc = backlinks("import-webgraph", str(root / "domain"), "--data", str(tmp_path), "--name", "mine")
    assert proc.returncode == 0, proc.stderr
    assert "5 vertices, 5 edges" in proc.stderr
    meta = json.loads((tmp_path / "webgraph" / "mine" / "graph.json").read_text())
    assert meta["level"] == "domain"
    bad = backlinks("import-webgraph", str(tmp_path / "nothing"), "--data", str(tmp_path))
    assert bad.returncode == 1 and bad.stderr.strip().count("\n") == 0
    assert bad.stderr.startswith("error: ") and "not a directory" in bad.stderr
