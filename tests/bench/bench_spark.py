"""Benchmark of the Spark engine in local mode against the single-machine one (not part of
the test run), and the paper estimate of a Common Crawl-sized crawl.

    .venv/bin/python tests/bench/bench_spark.py [--graph /tmp/bench-graph-10m] [--warc-mb 100]
                                                [--cores 2] [--skip-build] [--skip-ingest]

- build: the same synthetic index (tests/bench/bench_graph.py's, default its 10M links at
  /tmp/bench-graph-10m; its part files are hard-linked into a temporary directory, never
  changed) built by `analysis.graph.build` (DuckDB) and by `analysis.spark.build` on
  local[cores], one after the other in this run: seconds of each and their ratio, and the
  links per core-second of each.
- ingest: one generated WARC of real pages (bench_ingest.py's generator) ingested by the
  single-machine ingest with `cores` processes and on Spark local[cores]: MB/s of each, the
  ratio, and MB per core-second.
- estimate: from those per-core rates, the executor core-hours a crawl of Common Crawl's
  size (3 billion pages, ~100 billion links, ~100 TB of WARC) would cost on Spark: ingest at
  the measured MB per core-second, build at the measured links per core-second (linear in the
  links: the joins and rank iterations are; the iteration count does not grow with size).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

#: Common Crawl, one monthly crawl (2024-2025): pages, links, compressed WARC bytes.
CC_PAGES, CC_LINKS, CC_WARC_BYTES = 3e9, 100e9, 100e12


def linked_copy(source: Path, target: Path) -> None:
    """The part files and manifests of `source` hard-linked into `target` (no graph)."""
    for sub in ("pages", "links", "crawls"):
        if (source / sub).exists():
            shutil.copytree(source / sub, target / sub, copy_function=os.link)


def bench_build(graph: Path, cores: int, work: Path) -> tuple[float, float, int]:
    from analysis.graph.build import build
    from analysis.spark.build import build as build_on_spark

    linked_copy(graph, work / "duckdb")
    linked_copy(graph, work / "spark")
    t0 = time.perf_counter()
    result = build(work / "duckdb")
    duck = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_on_spark(work / "spark", master=f"local[{cores}]",
                   progress=lambda step, i, n: print(f"  spark [{i}/{n}] {step} at {time.perf_counter() - t0:.0f} s"))
    spark = time.perf_counter() - t0
    return duck, spark, result.counts["links"]


def bench_ingest(size_mb: int, cores: int, work: Path) -> tuple[float, float, int]:
    bench_ingest = importlib.import_module("bench_ingest")  # the generator of tests/bench/bench_ingest.py
    from pipelines.ingest import ingest
    from pipelines.spark.ingest import ingest as ingest_on_spark

    warc = work / "bench.warc.gz"
    bench_ingest.generate(warc, size_mb * 1_000_000, cores)
    size = warc.stat().st_size
    t0 = time.perf_counter()
    ingest([str(warc)], work / "local", "c1", processes=cores)
    local = time.perf_counter() - t0
    t0 = time.perf_counter()
    ingest_on_spark([str(warc)], work / "spark-ingest", "c1", master=f"local[{cores}]")
    spark = time.perf_counter() - t0
    return local, spark, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--graph", type=Path, default=Path("/tmp/bench-graph-10m"))
    parser.add_argument("--warc-mb", type=int, default=100)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    from pipelines.spark.session import spark_session

    spark_session(f"local[{args.cores}]", app="bench")  # the JVM's start is not the build's
    work = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    try:
        if not args.skip_ingest:
            local, spark, size = bench_ingest(args.warc_mb, args.cores, work)
            mb = size / 1e6
            print(f"ingest {mb:.0f} MB: local {args.cores} processes {mb / local:.1f} MB/s, "
                  f"Spark local[{args.cores}] {mb / spark:.1f} MB/s, ratio Spark/local {local / spark:.2f}")
            per_core = mb / spark / args.cores
            print(f"  Spark: {per_core:.2f} MB per core-second; Common Crawl's {CC_WARC_BYTES / 1e12:.0f} TB: "
                  f"{CC_WARC_BYTES / 1e6 / per_core / 3600:,.0f} core-hours")
        if not args.skip_build and not (args.graph / "links").exists():
            print(f"build: skipped, no index at {args.graph} (tests/bench/bench_graph.py --data {args.graph} "
                  "makes one)")
        elif not args.skip_build:
            duck, spark, links = bench_build(args.graph, args.cores, work)
            print(f"build {links:,} links: DuckDB {duck:.1f} s, Spark local[{args.cores}] {spark:.1f} s, "
                  f"ratio Spark/DuckDB {spark / duck:.2f}")
            per_core = links / spark / args.cores
            print(f"  Spark: {per_core:,.0f} links per core-second; Common Crawl's {CC_LINKS / 1e9:.0f} billion "
                  f"links: {CC_LINKS / per_core / 3600:,.0f} core-hours")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
