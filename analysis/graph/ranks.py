"""PageRank and its personalised form (trust), by scipy sparse power iteration.

The graph comes as integer edge arrays (`src`, `dst`, ids 0..n-1 exported from DuckDB).
Each source splits its score equally over its distinct targets (a repeated edge counts once:
one vote per linked node, the way Ahrefs describes DR). The step is networkx's:

    x' = d * (M x + (sum of x over dangling nodes) * p) + (1 - d) * p

with M[j, i] = 1 / outdeg(i) for an edge i -> j, d the damping (0.85), and p the teleport
vector: uniform for PageRank, the seeds for trust (TrustRank). A dangling node (no out-edge)
gives its score back through p: spread uniformly for PageRank, to the seeds for trust.
Iteration stops when the L1 change is below n * tol, or after max_iter steps.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

DAMPING = 0.85
TOL = 1e-9
MAX_ITER = 200


def dedupe(src: np.ndarray, dst: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct edges of (src, dst), sorted."""
    keys = np.sort(np.asarray(src, dtype=np.int64) * n + np.asarray(dst, dtype=np.int64))
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    # (np.unique is several times slower than this sort on numpy 2.4)
    return keys // n, keys % n


def pagerank(src: np.ndarray, dst: np.ndarray, n: int, *, damping: float = DAMPING,
             personalization: np.ndarray | None = None, tol: float = TOL,
             max_iter: int = MAX_ITER, distinct: bool = False) -> np.ndarray:
    """PageRank of nodes 0..n-1 (sums to 1); `personalization` (n weights, any scale) makes
    it personalised: teleports and dangling mass go to the nodes it weighs. `distinct`: the
    caller knows no edge repeats (skips the dedupe)."""
    if n == 0:
        return np.zeros(0)
    if not distinct:
        src, dst = dedupe(src, dst, n)
    outdeg = np.bincount(src, minlength=n).astype(np.float64)
    matrix = sp.csr_matrix((1.0 / outdeg[src], (dst, src)), shape=(n, n))
    dangling = outdeg == 0
    p = _teleport(personalization, n)
    x = p.copy()
    for _ in range(max_iter):
        previous = x
        x = damping * (matrix @ x + x[dangling].sum() * p) + (1.0 - damping) * p
        if np.abs(x - previous).sum() < n * tol:
            break
    return x


def _teleport(personalization: np.ndarray | None, n: int) -> np.ndarray:
    if personalization is None:
        return np.full(n, 1.0 / n)
    weights = np.asarray(personalization, dtype=np.float64)
    total = weights.sum()
    if weights.shape != (n,) or total <= 0 or (weights < 0).any():
        raise ValueError("personalization needs n non-negative weights, not all zero")
    return weights / total


def log_scale(values: np.ndarray) -> np.ndarray:
    """Scores on a 0-100 log scale: 100 * ln(v / floor) / ln(max / floor), floor the smallest
    positive value; 0 for values at or below it (or when all values are equal); 3 decimals."""
    scaled = np.zeros(len(values))
    positive = values[values > 0]
    if positive.size == 0:
        return scaled
    floor, top = positive.min(), positive.max()
    if top <= floor:
        return scaled
    mask = values > floor
    scaled[mask] = 100.0 * np.log(values[mask] / floor) / np.log(top / floor)
    return np.round(scaled, 3)  # ...so the top scores 100, not 99.99999999999999


def positions(values: np.ndarray) -> np.ndarray:
    """1 for the highest value, 2 for the next... (ties by id), as Common Crawl's `pr_pos`."""
    order = np.lexsort((np.arange(len(values)), -values))
    pos = np.empty(len(values), dtype=np.int64)
    pos[order] = np.arange(1, len(values) + 1)
    return pos
