"""PageRank and trust (personalised PageRank) by iterations of DataFrame joins, and the
derived scores, as analysis/graph/ranks.py computes them with scipy on one machine.

The fixed point is the same (networkx's, see analysis/graph/ranks.py):

    x = d * (M x + (sum of x over dangling nodes) * p) + (1 - d) * p

An iteration is one join of the edges with x on the source and one sum per target. The
dangling mass rides the graph as an extra node V (id n): every dangling node links to V
with weight 1, V links to every node j with weight d * p_j, and a real edge i -> j weighs
d / outdeg(i); the teleport (1 - d) * p_j is added to each node. V so holds the dangling
mass one step late: the iterates differ from scipy's, their limit does not, and each
iterate is read once (one join), so BATCH iterations run as one Spark job. After each
batch, x is materialised (a local checkpoint, which cuts the lineage) and the L1 change of
its last step is compared with n * tol, scipy's test: both engines stop within about tol of
the fixed point (the tests compare them within 1e-6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyspark.sql import functions as F

from analysis.graph import ranks
from analysis.spark.tables import numbered

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: Iterations run as one Spark job between two convergence tests.
BATCH = 10


def pagerank(spark: SparkSession, edges: DataFrame, n: int, *, damping: float = ranks.DAMPING,
             seeds: DataFrame | None = None, tol: float = ranks.TOL,
             max_iter: int = ranks.MAX_ITER) -> DataFrame:
    """(id, value) for nodes 0..n-1 over the distinct edges (src_id, dst_id); `seeds` (a
    DataFrame of `id`, none repeated) personalises it: teleports and dangling mass go to
    them, equally."""
    if n == 0:
        return spark.createDataFrame([], "id INT, value DOUBLE")
    ids = spark.range(n).select(F.col("id").cast("long").alias("id"))
    if seeds is None:
        nodes = ids.select("id", F.lit(1.0 / n).alias("p"))
    else:
        share = 1.0 / seeds.count()
        nodes = (ids.join(seeds.select(F.col("id").cast("long").alias("id"), F.lit(share).alias("p")), "id", "left")
                 .fillna(0.0, ["p"]))
    outdeg = edges.groupBy(F.col("src_id").cast("long").alias("src")).agg(F.count("*").alias("outdeg"))
    virtual = F.lit(n).cast("long")
    graph = (edges.select(F.col("src_id").cast("long").alias("src"), F.col("dst_id").cast("long").alias("dst"))
             .join(outdeg, "src").select("src", "dst", (damping / F.col("outdeg")).alias("w"))
             .unionByName(nodes.join(outdeg.withColumnRenamed("src", "id"), "id", "left_anti")
                          .select(F.col("id").alias("src"), virtual.alias("dst"), F.lit(1.0).alias("w")))
             .unionByName(nodes.where("p > 0").select(virtual.alias("src"), F.col("id").alias("dst"),
                                                      (damping * F.col("p")).alias("w")))
             .repartition("src").localCheckpoint())
    teleport = nodes.select("id", ((1.0 - damping) * F.col("p")).alias("x")).localCheckpoint()
    (dangling,) = first(nodes.join(outdeg.withColumnRenamed("src", "id"), "id", "left_anti").agg(F.sum("p")))
    x = nodes.select("id", F.col("p").alias("x")).unionByName(
        spark.createDataFrame([(n, float(dangling or 0.0))], "id LONG, x DOUBLE")).localCheckpoint()

    def step(x: DataFrame) -> DataFrame:
        sent = graph.join(x.withColumnRenamed("id", "src"), "src").select(
            F.col("dst").alias("id"), (F.col("w") * F.col("x")).alias("x"))
        return sent.unionByName(teleport).groupBy("id").agg(F.sum("x").alias("x"))

    done = 0
    while done < max_iter:
        batch = min(BATCH, max_iter - done)
        for _ in range(batch - 1):
            x = step(x)
        previous = x.localCheckpoint()
        x = step(previous).localCheckpoint()
        done += batch
        (change,) = first(x.join(previous.withColumnRenamed("x", "before"), "id").where(F.col("id") < n)
                          .agg(F.sum(F.abs(F.col("x") - F.col("before")))))
        if change < n * tol:
            break
    return x.where(F.col("id") < n).select(F.col("id").cast("int").alias("id"), F.col("x").alias("value"))


def first(aggregate: DataFrame) -> tuple:
    """The one row of an aggregate, as a tuple."""
    row = aggregate.first()
    assert row is not None  # an aggregate without GROUP BY has one row
    return tuple(row)


def log_scale(values: DataFrame, column: str, name: str) -> DataFrame:
    """`values` with `name`: analysis/graph/ranks.py's log_scale of `column` (100 * ln(v /
    floor) / ln(max / floor), floor the smallest positive value, 0 at or below it; 3 decimals)."""
    floor, top = first(values.where(F.col(column) > 0).agg(F.min(column), F.max(column)))
    if floor is None or top <= floor:
        return values.withColumn(name, F.lit(0.0))
    scaled = 100.0 * F.log(F.col(column) / floor) / F.log(F.lit(top / floor))
    return values.withColumn(name, F.when(F.col(column) > floor, F.bround(scaled, 3)).otherwise(0.0))


def positions(values: DataFrame, column: str, name: str, id_column: str) -> DataFrame:
    """`values` with `name`: 1 for the highest `column`, 2 for the next... ties by id
    (analysis/graph/ranks.py's positions)."""
    order = numbered(values.select(id_column, column), "_pos", F.desc(column), F.asc(id_column))
    return values.join(order.select(id_column, (F.col("_pos").cast("long") + 1).alias(name)), id_column)
