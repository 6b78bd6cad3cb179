"""Benchmark of import-webgraph and in-link lookups on a generated web graph (not part of the
test run).

    .venv/bin/python tests/bench/bench_webgraph.py [--edges 100000000] [--vertices 5000000] [--dir DIR] [--keep]

Generates a domain-level graph in Common Crawl's text format (gzip, tab-separated): vertices
sorted by reversed name with their number of hosts, edges sorted by source then target with
sources and targets drawn from power laws (a few domains have most in-links, as on the web),
and a ranks file with its `#harmonicc_pos ...` header. About 20 edges a vertex, as Common
Crawl's domain graphs. Then it times:

- `backlinks import-webgraph` as a whole process, with its peak memory;
- the in-links of a most linked, a mid and a least linked domain, each as a whole process
  (`WebGraph.in_links` in a fresh Python: start, imports, lookup), best of three;
- the same processes on the same graph with its edges as plain Parquet in their input order
  (no sort by target: every lookup scans them), the baseline;
- `python -c "import analysis.sources.webgraph"` (the start-up floor) and `zcat | grep`.

Goal (issue 14): the in-links of one domain in a graph of 100 million edges in under 1 s on
the project's 2-core machine, as a whole process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[2]
TLDS = np.array(["com", "com", "com", "org", "net", "de", "uk.co", "fr", "io", "info"])  # reversed
TEXT = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
NAME = "bench-domain"


def zipf_ids(rng: np.random.Generator, n: int, size: int, a: float) -> np.ndarray:
    """`size` ids of 0..n-1 drawn with a power law (rank r weighs 1/r^a), ranks shuffled over ids."""
    weights = 1.0 / np.arange(1, n + 1) ** a
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    ranks = np.searchsorted(cdf, rng.random(size))
    return rng.permutation(n).astype(np.int32)[ranks]


def write_text(table: pa.Table, path: Path, header: str | None = None) -> None:
    with gzip.open(path, "wb", compresslevel=1) as raw:  # decompression costs the same at any level
        if header:
            raw.write(header.encode() + b"\n")
        pacsv.write_csv(table, raw, TEXT)


def generate(directory: Path, edges: int, vertices: int, seed: int = 14) -> dict:
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    labels = np.char.add("d", np.char.zfill(np.arange(vertices).astype(str), 8))
    names = np.sort(np.char.add(np.char.add(rng.choice(TLDS, vertices), "."), labels))  # reversed names
    ids = np.arange(vertices, dtype=np.int64)
    hosts = rng.geometric(0.6, vertices)
    write_text(pa.table({"id": ids, "name": names, "hosts": hosts}), directory / f"{NAME}-vertices.txt.gz")
    keys = np.empty(0, np.int64)
    while len(keys) < edges:  # a power law draws the same pair often: draw until enough distinct
        draws = int((edges - len(keys)) * 1.3) + 1000
        pairs = zipf_ids(rng, vertices, draws, 0.7).astype(np.int64) * vertices + zipf_ids(rng, vertices, draws, 1.0)
        keys = np.unique(np.concatenate([keys, pairs[pairs // vertices != pairs % vertices]]))  # no self-loop
    keys = np.sort(rng.choice(keys, edges, replace=False))
    src, dst = np.divmod(keys, vertices)
    write_text(pa.table({"src": src, "dst": dst}), directory / f"{NAME}-edges.txt.gz")
    indegree = np.bincount(dst, minlength=vertices)
    order = np.argsort(-indegree, kind="stable")
    pos = np.empty(vertices, np.int64)
    pos[order] = np.arange(1, vertices + 1)
    ranks = pa.table({"hc_pos": pos[order], "hc_val": indegree[order].astype(float) * 0.7,
                      "pr_pos": pos[order], "pr_val": (indegree[order] + 1) / (edges + vertices),
                      "name": names[order], "hosts": hosts[order]})
    write_text(ranks, directory / f"{NAME}-ranks.txt.gz",
               header="#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\t#n_hosts")
    by_degree = np.argsort(indegree)
    picks = {"most linked": by_degree[-1], "mid": by_degree[int(vertices * 0.9)],
             "least linked (1 in-link)": by_degree[np.searchsorted(indegree[by_degree], 1)]}
    return {"edges": len(src), "vertices": vertices,
            "targets": {label: (_unreversed(names[i]), int(indegree[i]), int(i)) for label, i in picks.items()}}


def _unreversed(name: str) -> str:
    return ".".join(reversed(str(name).split(".")))


def run(args: list[str]) -> tuple[float, str]:
    """Run a child process: its wall time and output. Its CPU time goes to `cpu_seconds`."""
    global cpu_seconds
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - started, out.stdout.strip()


cpu_seconds = 0.0  # of the last child `run` waited for: the machine is shared, wall time varies


def best_of(args: list[str], repeat: int = 3) -> tuple[float, str, float]:
    """The fastest of `repeat` runs: its wall time, output and CPU time."""
    return min(((*run(args), cpu_seconds) for _ in range(repeat)), key=lambda r: r[0])


def lookup(graph_dir: Path, domain: str) -> list[str]:
    """A whole process that prints the number of in-links and the lookup's own seconds."""
    code = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); from analysis.sources.webgraph import WebGraph; "
            f"t = time.perf_counter(); n = WebGraph({str(graph_dir)!r}).in_links({domain!r}).num_rows; "
            "print(n, time.perf_counter() - t)")
    return [sys.executable, "-c", code]


def baseline(graph_dir: Path, edges_text: Path, out: Path) -> Path:
    """The same graph with its edges as plain Parquet in their input order (no layout)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copy(graph_dir / "graph.json", out / "graph.json")
    os.link(graph_dir / "vertices.parquet", out / "vertices.parquet")
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("COPY (SELECT * FROM read_csv($f, delim = '\t', header = false, columns = {'src': 'BIGINT', "
                "'dst': 'BIGINT'})) TO $o (FORMAT parquet, COMPRESSION zstd)",
                {"f": str(edges_text), "o": str(out / "edges.parquet")})
    return out


def import_graph(directory: Path, data: Path, memory_limit: str | None) -> None:
    """`backlinks import-webgraph` in a child process: its time, peak memory and output size."""
    shutil.rmtree(data, ignore_errors=True)
    limit = ["--memory-limit", memory_limit] if memory_limit else []
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    _, out = run([sys.executable, "-c", code, sys.executable, "-m", "crawler.cli", "import-webgraph",
                  str(directory), "--data", str(data), *limit])
    seconds, peak = map(float, out.split())
    graph = data / "webgraph" / NAME
    size = sum(p.stat().st_size for p in graph.iterdir()) / 2**20
    edges = json.loads((graph / "graph.json").read_text())["edges"]
    print(f"import-webgraph (memory limit {memory_limit or 'DuckDB default, 80% of RAM'}): {seconds:.1f} s, "
          f"peak memory {peak:.0f} MiB, {size:.0f} MiB of Parquet ({edges:,} edges)")


def report(directory: Path, facts: dict) -> None:
    data = directory / "data"
    for memory_limit in ("2GB", None):
        import_graph(directory, data, memory_limit)
    graph = data / "webgraph" / NAME
    plain = baseline(graph, directory / f"{NAME}-edges.txt.gz", directory / "baseline")
    floor, _, floor_cpu = best_of([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                                                          "import analysis.sources.webgraph"])
    bare, _, _ = best_of([sys.executable, "-c", "import duckdb"])
    print(f"start-up floor: python -c 'import analysis.sources.webgraph' {floor * 1000:.0f} ms, "
          f"CPU {floor_cpu * 1000:.0f} ms "
          f"(python -c 'import duckdb' {bare * 1000:.0f} ms)")
    print("\nwhole process: wall / CPU / the lookup itself (after the imports), best of 3:")
    print(f"{'in-links of':<42}{'in-links':>10}{'laid out':>26}{'plain Parquet':>26}{'ratio':>7}")
    for label, (domain, indegree, _) in facts["targets"].items():
        ours, out, ours_cpu = best_of(lookup(graph, domain))
        theirs, out_plain, theirs_cpu = best_of(lookup(plain, domain))
        (rows, inside), (rows_plain, inside_plain) = (o.split() for o in (out, out_plain))
        assert rows == rows_plain == str(indegree), (rows, rows_plain, indegree)
        print(f"{label + ': ' + domain:<42}{indegree:>10,}{_ms(ours, ours_cpu, inside):>26}"
              f"{_ms(theirs, theirs_cpu, inside_plain):>26}{theirs / ours:>6.1f}x")
    vertex = list(facts["targets"].values())[-1][2]  # the last target's id
    grep_seconds, count = run(["bash", "-c", f"zcat {directory}/{NAME}-edges.txt.gz | grep -c $'\\t{vertex}$'"])
    print(f"zcat | grep -c for the last one's id: {grep_seconds * 1000:.0f} ms ({count} lines)")


def _ms(whole: float, cpu: float, inside: str) -> str:
    return f"{whole * 1000:.0f} / {cpu * 1000:.0f} / {float(inside) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=100_000_000)
    parser.add_argument("--vertices", type=int, default=5_000_000)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    directory = args.dir or Path(tempfile.mkdtemp(prefix="bench-webgraph-"))
    facts_file = directory / "facts.json"
    if facts_file.exists():
        facts = json.loads(facts_file.read_text())
    else:
        started = time.perf_counter()
        facts = generate(directory, args.edges, args.vertices)
        facts_file.write_text(json.dumps(facts))
        print(f"generated {facts['edges']:,} edges, {facts['vertices']:,} vertices in "
              f"{time.perf_counter() - started:.0f} s into {directory}")
    report(directory, facts)
    if not args.keep and args.dir is None:
        shutil.rmtree(directory)


def test_bench_webgraph(tmp_path):
    """The same run under pytest, given the file explicitly (the default run never collects
    it): `pytest tests/bench/bench_webgraph.py -s`; BENCH_EDGES sets the size."""
    edges = int(os.environ.get("BENCH_EDGES", "100000000"))
    report(tmp_path, generate(tmp_path, edges, max(1000, edges // 20)))


if __name__ == "__main__":
    main()
