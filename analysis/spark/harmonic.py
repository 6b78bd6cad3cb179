"""Harmonic centrality of the host graph on Spark: exact where affordable, HyperBall above.

Exact (the graph within analysis/graph/harmonic.py's EXACT_BUDGET, n * (n + m) steps: a
few seconds on one core): the host graph is collected to the driver and computed by the
DuckDB build's own function, so both engines give the same values.

Above: HyperBall (Boldi & Vigna), Common Crawl's method, as analysis/graph/harmonic.py's
`hyperball` runs it on one machine, but with each node's HyperLogLog registers a row of a
Spark RDD: an iteration sends the registers of every node whose ball grew along its
out-edges (a join on the source), takes the register-wise maximum per target (reduceByKey),
and adds (|B_t(x)| - |B_{t-1}(x)|) / t to each node's total, until no register changes. The
same hash seeds the same registers and the same estimator reads them, so the values equal
the one-machine HyperBall's (to float rounding); their error against the exact values is
HyperLogLog's, about 1.04 / sqrt(2^log2m) relative per ball (README, "Spark", measured).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from analysis.graph import harmonic as one_machine

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

#: HyperLogLog registers per node, as a power of two (2^10: about 3% per ball).
LOG2M = 10


def harmonic_centrality(spark: SparkSession, edges: DataFrame, n: int, *,
                        exact_budget: int = one_machine.EXACT_BUDGET, log2m: int = LOG2M,
                        seed: int = 0) -> DataFrame:
    """(id, value) for nodes 0..n-1 over the edges (src_id, dst_id)."""
    m = edges.count()
    if n * (n + m) <= exact_budget:
        table = edges.toArrow()
        src = table["src_id"].to_numpy().astype(np.int64)
        dst = table["dst_id"].to_numpy().astype(np.int64)
        values = one_machine.harmonic_centrality(src, dst, n, exact_budget=exact_budget)
        return _frame(spark, enumerate(values.tolist()))
    return _frame(spark, hyperball(spark, edges, n, log2m=log2m, seed=seed).collect())


def _frame(spark: SparkSession, rows: Iterator[tuple[int, float]] | list[tuple[int, float]]) -> DataFrame:
    return spark.createDataFrame([(int(i), float(v)) for i, v in rows], "id INT, value DOUBLE")


def hyperball(spark: SparkSession, edges: DataFrame, n: int, *, log2m: int = LOG2M, seed: int = 0,
              max_iter: int = 10_000) -> RDD:
    """RDD of (id, harmonic centrality estimate) by HyperBall (the module's docstring)."""
    parts = spark.sparkContext.defaultParallelism
    pairs = (edges.where("src_id <> dst_id").select("src_id", "dst_id").distinct().rdd
             .map(lambda r: (int(r[0]), int(r[1]))).partitionBy(parts).cache())
    # a node: (registers, ball size, total so far, grew in the last step)
    nodes = (spark.sparkContext.range(0, n, numSlices=parts)
             .mapPartitions(lambda ids: _first_balls(list(ids), log2m, seed))
             .partitionBy(parts).cache())
    for t in range(1, max_iter + 1):
        grown = nodes.filter(lambda kv: kv[1][3]).mapValues(lambda v: v[0])
        sent = pairs.join(grown).map(lambda e: (e[1][0], e[1][1])).reduceByKey(np.maximum, parts)
        step = nodes.leftOuterJoin(sent).mapValues(partial(_grow, t=t)).cache()
        changed = step.filter(lambda kv: kv[1][3]).count()
        nodes.unpersist()
        nodes = step
        if not changed:
            break
    pairs.unpersist()
    return nodes.mapValues(lambda v: v[2])


def registers_of(ids: np.ndarray, log2m: int, seed: int) -> np.ndarray:
    """The radius-0 registers of the nodes `ids`: analysis/graph/harmonic.py's `_registers`
    rows of those ids (the same hash, bucket and rank of each node)."""
    m = 1 << log2m
    h = one_machine._mix(ids.astype(np.uint64) + np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15))
    bucket = (h & np.uint64(m - 1)).astype(np.intp)
    rest = h >> np.uint64(log2m)
    low = rest & (~rest + np.uint64(1))
    rho = np.where(low > 0, np.log2(np.maximum(low, 1).astype(np.float64)) + 1, 64 - log2m + 1)
    regs = np.zeros((len(ids), m), dtype=np.uint8)
    regs[np.arange(len(ids)), bucket] = rho.astype(np.uint8)
    return regs


def _first_balls(ids: list[int], log2m: int, seed: int) -> Iterator[tuple[int, tuple]]:
    if not ids:
        return
    regs = registers_of(np.asarray(ids, dtype=np.int64), log2m, seed)
    sizes = one_machine._estimate(regs)
    for i, node in enumerate(ids):
        yield node, (regs[i], float(sizes[i]), 0.0, True)


def _grow(pair: tuple, t: int) -> tuple:
    """One node after step t: its registers united with those its in-neighbours sent."""
    node, received = pair
    regs, size, total, _ = node
    if received is None:
        return regs, size, total, False
    merged = np.maximum(regs, received)
    if np.array_equal(merged, regs):
        return regs, size, total, False
    new_size = float(one_machine._estimate(merged[None, :])[0])
    return merged, new_size, total + max(new_size - size, 0.0) / t, True
