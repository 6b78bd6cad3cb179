"""`backlinks build --engine spark`: the graph of analysis/graph/build.py, computed on Spark.

Spark reads the part files (the same list the DuckDB build reads), deduplicates pages and
links, numbers hosts and domains, aggregates the edges and iterates the ranks (tables.py,
ranks.py, harmonic.py), and writes every table as Parquet into `DATA/.graph-spark-<pid>.tmp/`.
The driver then turns that into graph.duckdb (install.py), and the Parquet graph is renamed
to `DATA/graph-spark/` (one directory per table; other tools may read it). The query
commands read the graph.duckdb as they read one the DuckDB build made.

Run from the command line, or with spark-submit as cc-pyspark's jobs:

    spark-submit --master spark://host:7077 analysis/spark/build.py --data /shared/data
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pyspark.sql import functions as F

from analysis import db
from analysis.errors import BuildFailed, NoCrawlData
from analysis.graph import ranks as graph_ranks
from analysis.graph.build import BuildResult
from analysis.spark import harmonic, install, ranks, tables
from pipelines.dataset.layout import PartFile, part_files
from pipelines.spark.session import reason, spark_session

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from pyspark.sql import DataFrame, SparkSession

logger = logging.getLogger(__name__)

#: Where the Parquet graph stays after a build, in the data directory.
PARQUET_GRAPH = "graph-spark"

STEPS = ("pages and links", "hosts and domains", "edges", "domain ranks", "host ranks", "page ranks",
         "graph.duckdb")


class _Build:
    def __init__(self, spark: SparkSession, data_dir: Path, out: Path, damping: float, trusted: list[str]) -> None:
        self.spark, self.data_dir, self.out = spark, data_dir, out
        self.damping, self.trusted = damping, trusted

    def write(self, name: str, df: DataFrame) -> DataFrame:
        """Write one table of the Parquet graph and read it back (what later steps use:
        Spark computes it once)."""
        path = str(self.out / name)
        df.write.mode("overwrite").parquet(path)
        return self.spark.read.parquet(path)


def build(data_dir: str | Path, *, master: str | None = None, trusted: Iterable[str] = (),
          damping: float = graph_ranks.DAMPING,
          progress: Callable[[str, int, int], None] | None = None) -> BuildResult:
    """Build `data_dir/graph.duckdb` on Spark (`master`: default local[*], or the session
    spark-submit started). Raises NoCrawlData without data, BuildFailed when a step fails
    (the old graph stays)."""
    data_dir = Path(data_dir)
    started = time.perf_counter()
    files = {table: part_files(data_dir, table) for table in db.TABLES}
    if not any(files.values()):
        raise NoCrawlData(data_dir)
    spark = spark_session(master, app="backlinks build")
    out = data_dir / f".graph-spark-{os.getpid()}.tmp"
    shutil.rmtree(out, ignore_errors=True)
    state = _Build(spark, data_dir, out, damping, sorted(set(trusted)))
    result = BuildResult(db.graph_path(data_dir), 0.0)
    try:
        result.steps = _compute(state, files, progress)
        _report(progress, "graph.duckdb")
        t0 = time.perf_counter()
        result.counts = install.install(data_dir, out, files, damping=damping, trusted=state.trusted,
                                        meta={"engine": f"spark {spark.version}"})
        result.steps["graph.duckdb"] = time.perf_counter() - t0
        _keep(out, data_dir / PARQUET_GRAPH)
    except BuildFailed:
        raise
    except Exception as exc:
        raise BuildFailed(f"build of {result.path} on Spark failed, the previous graph is untouched: "
                          f"{reason(exc)}") from exc
    finally:
        shutil.rmtree(out, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    logger.info("Built %s on Spark in %.1fs: %s", result.path, result.seconds, result.counts)
    return result


def _report(progress: Callable[[str, int, int], None] | None, step: str) -> None:
    if progress is not None:
        progress(step, STEPS.index(step) + 1, len(STEPS))


def _compute(s: _Build, files: dict[str, list[PartFile]],
             progress: Callable[[str, int, int], None] | None) -> dict[str, float]:
    """Every table of the Parquet graph; the seconds of each step."""
    seconds: dict[str, float] = {}

    def step(name: str) -> None:
        _report(progress, name)
        seconds[name] = time.perf_counter()

    step("pages and links")
    pages, links, crawl_fetches = tables.dedup(tables.raw(s.spark, s.data_dir, "pages", files["pages"]),
                                               tables.raw(s.spark, s.data_dir, "links", files["links"]))
    s.write("crawl_fetches", crawl_fetches)
    pages, links = s.write("pages", pages), s.write("links", links)
    step("hosts and domains")
    domains, hosts = tables.names(pages, links)
    domains, hosts = s.write("domains", domains), s.write("hosts", hosts)
    step("edges")
    domain_edges = s.write("domain_edges", tables.edges(links, domains, "domain"))
    host_edges = s.write("host_edges", tables.edges(links, hosts, "host"))
    step("domain ranks")
    s.write("domain_ranks", _domain_ranks(s, domains, domain_edges))
    step("host ranks")
    s.write("host_ranks", _host_ranks(s, hosts, host_edges))
    step("page ranks")
    s.write("page_ranks", _page_ranks(s, links))
    now = time.perf_counter()
    names = list(seconds)
    return {name: (seconds[names[i + 1]] if i + 1 < len(names) else now) - seconds[name]
            for i, name in enumerate(names)}


def _trust_seeds(s: _Build, domains: DataFrame) -> DataFrame:
    """analysis/sql/build/trust_seeds.sql: every .gov/.edu/.mil registered domain and the operator's list."""
    suffix = F.regexp_replace("domain", r"^[^.]*\.", "")
    gov_edu = F.arrays_overlap(F.split(suffix, r"\."), F.array(*[F.lit(t) for t in ("gov", "edu", "mil")]))
    return domains.where(gov_edu | F.col("domain").isin(s.trusted)).select(F.col("domain_id").alias("id"))


def _domain_ranks(s: _Build, domains: DataFrame, domain_edges: DataFrame) -> DataFrame:
    """analysis/sql/build/domain_ranks.sql's table (trust_ratio is computed by analysis/sql/spark/install.sql)."""
    n = domains.count()
    graph = domain_edges.where("live AND dofollow_links > 0").select("src_id", "dst_id")
    pr = ranks.pagerank(s.spark, graph, n, damping=s.damping).withColumnRenamed("value", "pagerank")
    seeds = _trust_seeds(s, domains).cache()
    scores = ranks.positions(ranks.log_scale(pr, "pagerank", "domain_rank"), "pagerank", "rank_pos", "id")
    if seeds.count():
        trust = ranks.pagerank(s.spark, graph, n, damping=s.damping, seeds=seeds)
        trust = ranks.log_scale(trust.withColumnRenamed("value", "trust_raw"), "trust_raw", "trust")
    else:  # no seed in the graph: trust is unknown, not zero
        trust = pr.select("id", F.lit(None).cast("double").alias("trust_raw"),
                          F.lit(None).cast("double").alias("trust"))
    scores = (scores.join(trust, "id").join(seeds.select("id", F.lit(True).alias("trusted_seed")), "id", "left")
              .fillna(False, ["trusted_seed"]))
    inbound = (domain_edges.where("live AND links > 0").groupBy(F.col("dst_id").alias("id"))
               .agg(F.count("*").alias("referring_domains"), F.sum("links").alias("backlinks")))
    outbound = (domain_edges.where("live AND dofollow_links > 0").groupBy(F.col("src_id").alias("id"))
                .agg(F.count("*").alias("out_domains")))
    return (domains.withColumnRenamed("domain_id", "id").join(scores, "id")
            .join(inbound, "id", "left").join(outbound, "id", "left")
            .select(F.col("id").alias("domain_id"), "domain", "pagerank", "domain_rank", "rank_pos",
                    "trust_raw", "trust", "trusted_seed",
                    F.coalesce("referring_domains", F.lit(0)).cast("long").alias("referring_domains"),
                    F.coalesce("backlinks", F.lit(0)).cast("long").alias("backlinks"),
                    F.coalesce("out_domains", F.lit(0)).cast("long").alias("out_domains")))


def _host_ranks(s: _Build, hosts: DataFrame, host_edges: DataFrame) -> DataFrame:
    """analysis/sql/build/host_ranks.sql's table: harmonic centrality and PageRank of the host graph."""
    n = hosts.count()
    graph = host_edges.where("live AND links > 0").select("src_id", "dst_id")
    pr = ranks.pagerank(s.spark, graph, n, damping=s.damping).withColumnRenamed("value", "pagerank")
    pr = ranks.positions(pr, "pagerank", "pr_pos", "id")
    hc = harmonic.harmonic_centrality(s.spark, graph, n)
    hc = ranks.positions(hc.withColumnRenamed("value", "harmonic"), "harmonic", "harmonic_pos", "id")
    return (hosts.withColumnRenamed("host_id", "id").join(hc, "id").join(pr, "id")
            .select(F.col("id").alias("host_id"), "host", "domain", "harmonic", "harmonic_pos",
                    "pagerank", "pr_pos"))


def _page_ranks(s: _Build, links: DataFrame) -> DataFrame:
    """analysis/sql/build/page_graph.sql and analysis/sql/build/page_ranks.sql: page rank over
    the distinct live dofollow links between two URLs, by URL (analysis/sql/spark/install.sql
    adds DuckDB's hash of it)."""
    pairs = (links.where("live AND dofollow AND src_url <> dst_url")
             .select(F.col("src_url").alias("src"), F.col("dst_url").alias("dst")).distinct().cache())
    urls = pairs.select(F.col("src").alias("url")).union(pairs.select(F.col("dst").alias("url"))).distinct()
    ids = tables.numbered(urls, "url_id", F.col("url")).cache()
    n = ids.count()
    graph = (pairs.join(ids.select(F.col("url").alias("src"), F.col("url_id").alias("src_id")), "src")
             .join(ids.select(F.col("url").alias("dst"), F.col("url_id").alias("dst_id")), "dst")
             .select("src_id", "dst_id"))
    pr = ranks.pagerank(s.spark, graph, n, damping=s.damping).withColumnRenamed("value", "pagerank")
    pr = ranks.log_scale(pr, "pagerank", "page_rank")
    return ids.join(pr.withColumnRenamed("id", "url_id"), "url_id").select("url", "pagerank", "page_rank")


def _keep(out: Path, final: Path) -> None:
    """The Parquet graph, renamed to where it stays (the previous one replaced)."""
    old = final.with_name(f".{final.name}-old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    out.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """spark-submit entry point: `spark-submit [options] analysis/spark/build.py --data DIR
    [--trusted DOMAIN]...` (the same as `backlinks build --engine spark`)."""
    parser = argparse.ArgumentParser(prog="analysis.spark.build", description=main.__doc__)
    parser.add_argument("--data", default="data", help="the data directory (the driver's, mounted)")
    parser.add_argument("--trusted", action="append", default=[], help="a trusted domain; repeatable")
    parser.add_argument("--master", default=None, help="unless spark-submit already set one")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from analysis.errors import AnalysisError
    from crawler.errors import BacklinksError

    try:
        result = build(args.data, master=args.master, trusted=args.trusted,
                       progress=lambda step, i, n: print(f"[{i}/{n}] {step}", file=sys.stderr))
    except (AnalysisError, BacklinksError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"built {result.path} in {result.seconds:.1f} s: {result.counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
