"""analysis/graph/ranks.py and analysis/graph/harmonic.py against networkx, and the ranks graph.duckdb stores
against networkx run on the domain graph the test itself derives from the planted links."""

from __future__ import annotations

import duckdb
import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

from analysis.graph import ranks
from analysis.graph.build import build
from analysis.graph.harmonic import exact, harmonic_centrality, hyperball
from tests.support.datasets import Dataset, at, link


def random_graph(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # a power-law-ish target choice, repeated edges and nodes without out-links included
    src = rng.integers(0, n * 3 // 4, m)
    dst = (rng.pareto(1.2, m) * 3).astype(int) % n
    return src, dst


def nx_graph(src, dst, n) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    return g


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_equals_networkx(seed):
    src, dst = random_graph(300, 1500, seed)
    expected = nx.pagerank(nx_graph(src, dst, 300), alpha=0.85, tol=1e-12, max_iter=500)
    got = ranks.pagerank(src, dst, 300, damping=0.85)
    assert got.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(got, [expected[i] for i in range(300)], atol=1e-8)


def test_personalised_pagerank_equals_networkx():
    src, dst = random_graph(200, 900, 4)
    seeds = {3: 1.0, 17: 1.0, 150: 1.0}
    expected = nx.pagerank(nx_graph(src, dst, 200), personalization=seeds, tol=1e-12, max_iter=500)
    weights = np.zeros(200)
    weights[list(seeds)] = 1.0
    got = ranks.pagerank(src, dst, 200, personalization=weights)
    np.testing.assert_allclose(got, [expected[i] for i in range(200)], atol=1e-8)


def test_pagerank_empty_and_bad_personalisation():
    assert ranks.pagerank(np.array([]), np.array([]), 0).size == 0
    with pytest.raises(ValueError):
        ranks.pagerank(np.array([0]), np.array([1]), 2, personalization=np.zeros(2))


def test_log_scale_and_positions():
    values = np.array([0.0, 1e-4, 1e-3, 1e-2, 1e-2])
    assert ranks.log_scale(values).tolist() == [0.0, 0.0, 50.0, 100.0, 100.0]
    assert ranks.log_scale(np.array([0.2, 0.2])).tolist() == [0.0, 0.0]
    assert ranks.positions(np.array([0.1, 0.3, 0.3, 0.2])).tolist() == [4, 1, 2, 3]


def test_exact_harmonic_equals_networkx():
    src, dst = random_graph(150, 500, 5)
    expected = nx.harmonic_centrality(nx_graph(src, dst, 150))
    got = harmonic_centrality(src, dst, 150)
    np.testing.assert_allclose(got, [expected[i] for i in range(150)], atol=1e-9)


def test_hyperball_ranks_like_the_exact_values():
    src, dst = random_graph(1500, 6000, 6)
    keep = src != dst
    truth = exact(src[keep], dst[keep], 1500)
    estimate = hyperball(src[keep], dst[keep], 1500, log2m=8)
    assert spearmanr(truth, estimate).statistic > 0.98
    big = truth > np.percentile(truth, 50)
    assert np.median(np.abs(estimate[big] - truth[big]) / truth[big]) < 0.1
    # the dispatcher takes HyperBall when the exact computation is over budget
    np.testing.assert_allclose(harmonic_centrality(src, dst, 1500, exact_budget=0, log2m=8), estimate)


def test_built_domain_ranks_equal_networkx(tmp_path):
    ds = Dataset(tmp_path)
    # (source page, target URL, rel); repeated and nofollow links must not count
    planted = [
        ("https://a.com/", "https://b.com/", ""), ("https://a.com/2", "https://b.com/x", ""),
        ("https://a.com/", "https://c.org/", ""), ("https://b.com/", "https://c.org/", ""),
        ("https://b.com/", "https://d.net/", "nofollow"), ("https://c.org/", "https://a.com/", ""),
        ("https://www.d.net/", "https://c.org/", "sponsored"), ("https://e.gov/", "https://a.com/", ""),
        ("https://e.gov/", "https://e.gov/about", ""), ("https://f.io/", "https://e.gov/", "ugc"),
    ]
    by_page: dict[str, list] = {}
    for src, dst, rel in planted:
        by_page.setdefault(src, []).append(link(dst, rel=rel))
    for i, (page, links) in enumerate(by_page.items()):
        ds.fetch("c1", page, at(0, i), links=links)
    ds.write()
    build(tmp_path)
    # the domain graph worked out by hand: external dofollow links, one edge per domain pair
    edges = [("a.com", "b.com"), ("a.com", "c.org"), ("b.com", "c.org"), ("c.org", "a.com"),
             ("e.gov", "a.com")]
    domains = ["a.com", "b.com", "c.org", "d.net", "e.gov", "f.io"]
    g = nx.DiGraph()
    g.add_nodes_from(domains)
    g.add_edges_from(edges)
    pr = nx.pagerank(g, alpha=0.85, tol=1e-12)
    trust = nx.pagerank(g, alpha=0.85, personalization={"e.gov": 1}, tol=1e-12)
    con = duckdb.connect(str(tmp_path / "graph.duckdb"), read_only=True)
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT domain, pagerank, domain_rank, trust_raw, trusted_seed FROM domain_ranks").fetchall()}
    for d in domains:
        assert rows[d][0] == pytest.approx(pr[d], abs=1e-8)
        assert rows[d][2] == pytest.approx(trust[d], abs=1e-8)
        assert rows[d][3] == (d == "e.gov")
    top = max(pr, key=pr.get)
    bottom = min(pr.values())
    assert rows[top][1] == 100.0
    assert rows["c.org"][1] == pytest.approx(100 * np.log(pr["c.org"] / bottom) / np.log(pr[top] / bottom), abs=1e-3)
