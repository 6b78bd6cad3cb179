"""Harmonic centrality, as Common Crawl ranks its host graph: HC(x) = sum over y != x of
1 / d(y, x), d the length of the shortest path from y to x (0 when there is none).

Exact: one breadth-first search per source (scipy's csgraph, in chunks of sources),
O(n * (n + m)); used while that is at most EXACT_BUDGET steps (a few seconds). Above, Common
Crawl's own method: HyperBall (Boldi & Vigna), HyperLogLog counters (2^log2m registers per
node, relative error about 1.04 / sqrt(2^log2m)) of the balls B_t(x) = {y : d(y, x) <= t},
grown one step per iteration over the edges:

    B_t(x) = B_{t-1}(x) united with B_{t-1}(y) for every edge y -> x
    HC(x)  = sum over t of (|B_t(x)| - |B_{t-1}(x)|) / t

until no counter changes; an iteration only reads the edges of nodes whose ball grew.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from analysis.graph.ranks import dedupe

#: Largest n * (n + m) for which the exact computation runs (about 2 s on one core).
EXACT_BUDGET = 50_000_000
#: Bytes of registers HyperBall may hold (n * 2^log2m, two copies) and gather per iteration
#: (edges * 2^log2m): log2m is lowered until both fit. 2^6 registers still rank a power-law
#: host graph with a Spearman correlation above 0.99 to the exact values.
REGISTER_BUDGET = 1 << 30
GATHER_BUDGET = 1 << 28
#: Distances held in memory at once by the exact computation (sources x nodes).
_CHUNK_CELLS = 16_000_000
#: In-edges per target merged in rounds by HyperBall's union; a target with more is merged alone.
_ROUNDS = 64


def harmonic_centrality(src: np.ndarray, dst: np.ndarray, n: int, *,
                        exact_budget: int = EXACT_BUDGET, log2m: int = 10,
                        seed: int = 0) -> np.ndarray:
    """Harmonic centrality of nodes 0..n-1 over the directed edges src -> dst (in-paths)."""
    if n == 0:
        return np.zeros(0)
    src, dst = dedupe(src, dst, n)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    if n * (n + len(src)) <= exact_budget:
        return exact(src, dst, n)
    while log2m > 4 and (2 * n << log2m > REGISTER_BUDGET or len(src) << log2m > GATHER_BUDGET):
        log2m -= 1
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


def hyperball(src: np.ndarray, dst: np.ndarray, n: int, *, log2m: int = 10, seed: int = 0,
              max_iter: int = 10_000) -> np.ndarray:
    """Harmonic centrality estimated with HyperLogLog balls (see the module's docstring)."""
    m = 1 << log2m
    regs = _registers(n, log2m, seed)
    order = np.argsort(dst, kind="stable")
    src, dst = src[order], dst[order]
    size = _estimate(regs)
    total = np.zeros(n)
    changed = np.ones(n, dtype=bool)
    chunk = max(1, (64 << 20) // m)  # edges gathered at once: 64 MiB of registers
    for t in range(1, max_iter + 1):
        active = changed[src]
        s, d = src[active], dst[active]
        grown = regs.copy()
        for start in range(0, len(s), chunk):
            _union(grown, regs, s[start:start + chunk], d[start:start + chunk])
        changed = (grown != regs).any(axis=1)
        if not changed.any():
            break
        new_size = size.copy()
        new_size[changed] = _estimate(grown[changed])
        total += np.maximum(new_size - size, 0.0) / t
        regs, size = grown, new_size
    return total


def _union(grown: np.ndarray, regs: np.ndarray, s: np.ndarray, d: np.ndarray) -> None:
    """grown[x] |= regs[y] for the edges y -> x of (s, d), d sorted.

    In rounds rather than with numpy's reduceat (which walks a 2-D array one row at a time:
    most of HyperBall's time): round k takes the k-th in-edge of every target that has one,
    so no target repeats within a round, and a round is one gather and one maximum of whole
    rows. The few targets with more than _ROUNDS in-edges (the hubs of a power law) are
    reduced one at a time, a maximum down their in-neighbours' rows."""
    if len(s) == 0:
        return
    starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
    degree = np.diff(np.r_[starts, len(d)])
    rank = np.arange(len(d)) - np.repeat(starts, degree)  # of each edge among its target's
    in_rounds = np.flatnonzero(np.repeat(degree <= _ROUNDS, degree))
    order = in_rounds[np.argsort(rank[in_rounds], kind="stable")]
    bounds = np.r_[0, np.cumsum(np.bincount(rank[in_rounds]))]
    for k in range(len(bounds) - 1):
        edges = order[bounds[k]:bounds[k + 1]]
        targets = d[edges]
        grown[targets] = np.maximum(grown[targets], regs[s[edges]])
    for hub in np.flatnonzero(degree > _ROUNDS):
        first = starts[hub]
        row = grown[d[first]]  # a view: updated in place
        np.maximum(row, regs[s[first:first + degree[hub]]].max(axis=0), out=row)


def _registers(n: int, log2m: int, seed: int) -> np.ndarray:
    """HyperLogLog registers of the balls of radius 0: each node's counter holds itself."""
    m = 1 << log2m
    h = _mix(np.arange(n, dtype=np.uint64) + np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15))
    bucket = (h & np.uint64(m - 1)).astype(np.intp)
    rest = h >> np.uint64(log2m)
    low = rest & (~rest + np.uint64(1))  # lowest set bit; 0 when rest is 0
    rho = np.where(low > 0, np.log2(np.maximum(low, 1).astype(np.float64)) + 1, 64 - log2m + 1)
    regs = np.zeros((n, m), dtype=np.uint8)
    regs[np.arange(n), bucket] = rho.astype(np.uint8)
    return regs


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a well-spread 64-bit hash of each value."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _estimate(regs: np.ndarray) -> np.ndarray:
    """The HyperLogLog estimate of each row's count, with the small-range correction."""
    k, m = regs.shape
    alpha = {16: 0.673, 32: 0.697, 64: 0.709}.get(m, 0.7213 / (1 + 1.079 / m))
    out = np.empty(k)
    step = max(1, (16 << 20) // m)
    for start in range(0, k, step):
        block = regs[start:start + step]
        inverse = np.ldexp(1.0, -block.astype(np.int32)).sum(axis=1)
        estimate = alpha * m * m / inverse
        zeros = (block == 0).sum(axis=1)
        small = (estimate <= 2.5 * m) & (zeros > 0)
        estimate[small] = m * np.log(m / zeros[small])
        out[start:start + step] = estimate
    return out
