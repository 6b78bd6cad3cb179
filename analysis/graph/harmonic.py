"""Harmonic centrality, as Common Crawl ranks its host graph: HC(x) = sum over y != x of
1 / d(y, x), d the length of the shortest path from y to x (0 when there is none).

Exact: one breadth-first search per source (scipy's csgraph, in chunks of sources), O(n * m);
fine up to EXACT_MAX_NODES nodes. Above that, Common Crawl's own method: HyperBall
(Boldi & Vigna), HyperLogLog counters of the balls B_t(x) = {y : d(y, x) <= t} grown one step
per iteration over the edges, HC(x) = sum over t of (|B_t(x)| - |B_{t-1}(x)|) / t.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from analysis.graph.ranks import dedupe

#: Largest graph (nodes) for which the exact computation runs.
EXACT_MAX_NODES = 20_000
#: Distances held in memory at once by the exact computation (sources x nodes).
_CHUNK_CELLS = 16_000_000


def harmonic_centrality(src: np.ndarray, dst: np.ndarray, n: int, *,
                        exact_max_nodes: int = EXACT_MAX_NODES, log2m: int = 8,
                        seed: int = 0) -> np.ndarray:
    """Harmonic centrality of nodes 0..n-1 over the directed edges src -> dst (in-paths)."""
    if n == 0:
        return np.zeros(0)
    src, dst = dedupe(src, dst, n)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    if n <= exact_max_nodes:
        return exact(src, dst, n)
    return hyperball(src, dst, n, log2m=log2m, seed=seed)


def exact(src: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """Harmonic centrality by one BFS per source node."""
    graph = sp.csr_matrix((np.ones(len(src)), (src, dst)), shape=(n, n))
    total = np.zeros(n)
    step = max(1, _CHUNK_CELLS // n)
    for start in range(0, n, step):
        sources = np.arange(start, min(n, start + step))
        dist = csgraph.shortest_path(graph, directed=True, unweighted=True, indices=sources)
        with np.errstate(divide="ignore"):
            inv = np.where(np.isfinite(dist) & (dist > 0), 1.0 / dist, 0.0)
        total += inv.sum(axis=0)
    return total
