"""Benchmark of the link graph on a synthetic link table (not part of the test run).

    .venv/bin/python tests/bench/bench_graph.py [--rows 10000000] [--data DIR] [--repeat 7]
                                                [--build [--build-repeat N]] [--in-process]

Writes `rows` link rows with the real schema (pipelines/dataset/schema.py) as part files of two
crawls: c1 with 80% of the rows, c2 fetching again a fifth of c1's pages with some links
changed. Hosts follow a power law both as sources (pages per host) and as targets
(in-links), 40% of links stay within their domain, ~15% are not dofollow.

`--data DIR` keeps the data there and reuses it on the next run (generating 10M rows and
building take a minute or two): the rows are generated when DIR has none, the graph built
when it has none (or with `--build`, which also times the build and its peak resident memory,
DuckDB's included, in a child process: under the default memory limit, DuckDB's own and
512MB, out of core; next to a baseline measured in the same run, DuckDB copying the same
links' Parquet into a DuckDB file, the median of `--build-repeat` runs). Without `--data` a
temporary directory is used and removed.

Then it times each command as a user runs it, a whole process (`python -m crawler.cli
profile DOMAIN --data DIR`, Python's start and the imports included), the median of
`--repeat` runs, for a mid-sized domain, next to two baselines measured in the same run: a
bare `python -c "import duckdb"`, and a fresh process in which DuckDB scans the same
Parquet for the same domain (count its backlinks and referring domains: the floor any
engine reading the Parquet pays). It prints a table with the ratios. Goal (issue 13, on 2
cores): `backlinks --help` under 0.2 s, each question under 0.5 s. `--in-process` also
times the library's questions alone (`analysis.Index`), with and without graph.duckdb.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipelines.dataset import schema  # noqa: E402

T0 = datetime(2025, 1, 6, tzinfo=UTC)
TLDS = ["com", "com", "com", "org", "net", "de", "co.uk", "fr", "io", "edu", "gov", "com.au"]
WORDS = ["alpha", "bright", "cloud", "delta", "ember", "falcon", "garden", "harbor", "island", "jungle", "kettle",
         "lemon", "meadow", "north", "ocean", "pepper", "quartz", "river", "silver", "tiger", "urban", "violet",
         "willow", "yellow", "zephyr", "atlas", "bakery", "cinema", "dental", "eagle", "forest", "global", "health",
         "insight", "journal", "kitchen"]
SNIPPETS = [" ".join(np.random.default_rng(i).choice(WORDS, 8)) for i in range(500)]
ANCHORS = ["click here", "home", "read more", "official site", "", "this article", "source",
           "pricing", "blog", "contact"] + [f"{w} {v}" for w in WORDS[:20] for v in WORDS[20:30]]
PER_FILE = 500_000


def names(rng: np.random.Generator, n_domains: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Host names, their domain names, and each host's domain index."""
    words = rng.choice(WORDS, (n_domains, 2))
    tlds = rng.choice(TLDS, n_domains)
    domains = np.array([f"{a}{b}{i}.{t}" for i, ((a, b), t) in enumerate(zip(words, tlds, strict=True))])
    subs = rng.choice(["www", "blog", "news", "shop", "m"], n_domains)
    extra = rng.random(n_domains) < 0.3  # 30% of domains have a second host
    hosts = np.concatenate([np.char.add("www.", domains), np.char.add(np.char.add(subs[extra], "."), domains[extra])])
    host_domain = np.concatenate([np.arange(n_domains), np.flatnonzero(extra)])
    return hosts, domains, host_domain


def zipf_choice(rng: np.random.Generator, n: int, size: int, a: float = 1.1) -> np.ndarray:
    """Indexes 0..n-1 drawn with a power law (index i weighs 1/(i+1)^a), shuffled ids."""
    weights = 1.0 / np.arange(1, n + 1) ** a
    perm = rng.permutation(n)
    return perm[rng.choice(n, size, p=weights / weights.sum())]


def generate(data: Path, rows: int, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    n_domains = max(1000, rows // 100)
    hosts, domains, host_domain = names(rng, n_domains)
    n_hosts = len(hosts)
    links_per_page = 25
    n_pages = rows // links_per_page
    page_host = zipf_choice(rng, n_hosts, n_pages, a=1.0)
    page_path = np.arange(n_pages)
    c1_pages = int(n_pages * 0.8)  # c1's pages; c2 fetches a quarter of them again
    c2_pages = rng.choice(c1_pages, n_pages - c1_pages, replace=False)
    fetch_page = np.concatenate([np.arange(c1_pages), c2_pages])
    crawl = np.array(["c1"] * c1_pages + ["c2"] * len(c2_pages))
    fetched = np.concatenate([rng.integers(0, 86400, c1_pages), 7 * 86400 + rng.integers(0, 86400, len(c2_pages))])
    written = 0
    for number, start in enumerate(range(0, len(fetch_page), PER_FILE // links_per_page)):
        idx = slice(start, start + PER_FILE // links_per_page)
        written += _write_part(data, rng, number, fetch_page[idx], crawl[idx], fetched[idx], page_host,
                               page_path, hosts, domains, host_domain, links_per_page)
    for crawl_id, started in (("c1", T0), ("c2", T0 + timedelta(days=7))):
        (data / "crawls").mkdir(parents=True, exist_ok=True)
        (data / "crawls" / f"{crawl_id}.json").write_text(json.dumps(
            {"crawl_id": crawl_id, "started_at": started.isoformat(), "finished_at": None,
             "seeds": [], "settings": {}, "stats": {}}))
    return {"rows": written, "pages": len(fetch_page), "hosts": n_hosts, "domains": n_domains}


def _write_part(data, rng, number, pages, crawl, fetched, page_host, page_path, hosts, domains,
                host_domain, per_page) -> int:
    n = len(pages) * per_page
    src_page = np.repeat(pages, per_page)
    src_host = page_host[src_page]
    internal = rng.random(n) < 0.4
    target_host = zipf_choice(rng, len(hosts), n, a=1.2)
    same_domain_hosts = src_host  # an internal link stays on its page's host
    dst_host = np.where(internal, same_domain_hosts, target_host)
    dst_path = np.where(internal, rng.integers(0, 200, n), rng.integers(0, 50, n))
    # c2's re-fetch changes a tenth of a page's links
    changed = (np.repeat(crawl, per_page) == "c2") & (rng.random(n) < 0.1)
    dst_path = np.where(changed, dst_path + 1000, dst_path)
    src_host_s = pa.array(hosts[src_host])
    dst_host_s = pa.array(hosts[dst_host])
    src_dom = domains[host_domain[src_host]]
    dst_dom = domains[host_domain[dst_host]]
    src_url = pc.binary_join_element_wise("https://", src_host_s, "/p", pa.array(page_path[src_page].astype(str)), "")
    dst_url = pc.binary_join_element_wise("https://", dst_host_s, "/p", pa.array(dst_path.astype(str)), "")
    u = rng.random(n)
    nofollow, ugc, sponsored = u < 0.10, (u >= 0.10) & (u < 0.12), (u >= 0.12) & (u < 0.13)
    rel = np.where(nofollow, "nofollow", np.where(ugc, "ugc", np.where(sponsored, "sponsored", np.array(None))))
    fetched_at = _times(np.repeat(fetched, per_page))
    links = pa.table({
        "crawl_id": pa.array(np.repeat(crawl, per_page)), "fetched_at": fetched_at,
        "source": pa.array(["crawl"] * n), "src_url": src_url, "src_host": src_host_s,
        "src_domain": pa.array(src_dom), "dst_url": dst_url, "dst_host": dst_host_s,
        "dst_domain": pa.array(dst_dom), "kind": pa.array(["a"] * n),
        "image": pa.array(rng.random(n) < 0.05), "anchor_text": pa.array(rng.choice(ANCHORS, n)),
        "rel": pa.array(rel, pa.string()), "nofollow": pa.array(nofollow), "ugc": pa.array(ugc),
        "sponsored": pa.array(sponsored), "page_nofollow": pa.array(np.zeros(n, bool)),
        "placement": pa.array(rng.choice(schema.PLACEMENTS, n)),
        "context_before": pa.array(rng.choice(SNIPPETS, n)), "context_after": pa.array(rng.choice(SNIPPETS, n)),
        "position": pa.array(np.tile(np.arange(per_page, dtype=np.int32), len(pages))),
        "external": pa.array(src_dom != dst_dom), "hreflang": pa.nulls(n, pa.string()),
        "href": pa.array(dst_url),
    }, schema=schema.LINKS)
    for crawl_id in np.unique(crawl):
        part = links.filter(pc.equal(links["crawl_id"], crawl_id))
        path = data / "links" / f"crawl={crawl_id}" / f"part-bench-{number:05d}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(part, path, compression="zstd")
        page_rows = _pages(pages[crawl == crawl_id], crawl_id, fetched[crawl == crawl_id], page_host, page_path,
                           hosts, domains, host_domain)
        ppath = data / "pages" / f"crawl={crawl_id}" / f"part-bench-{number:05d}.parquet"
        ppath.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(page_rows, ppath, compression="zstd")
    return n


def _pages(pages, crawl_id, fetched, page_host, page_path, hosts, domains, host_domain) -> pa.Table:
    n = len(pages)
    host = pa.array(hosts[page_host[pages]])
    cols = {
        "crawl_id": pa.array([crawl_id] * n),
        "fetched_at": _times(fetched),
        "source": pa.array(["crawl"] * n),
        "url": pc.binary_join_element_wise("https://", host, "/p", pa.array(page_path[pages].astype(str)), ""),
        "host": host, "domain": pa.array(domains[host_domain[page_host[pages]]]),
        "status": pa.array(np.where(page_path[pages] % 50 == 7, 404, 200).astype(np.int16)),
    }
    return pa.table({f.name: cols.get(f.name, pa.nulls(n, f.type)) for f in schema.PAGES}, schema=schema.PAGES)


def _times(seconds: np.ndarray) -> pa.Array:
    """T0 + seconds, as the schema's timestamp type."""
    ms = int(T0.timestamp() * 1000) + seconds.astype(np.int64) * 1000
    return pa.array(ms, pa.int64()).cast(schema.LINKS.field("fetched_at").type)


def in_child(code: str) -> tuple[float, float, str]:
    """Run `code` (which sets `t0`) in a child process: its wall time from `t0`, its peak
    resident memory in MiB (ru_maxrss of the child itself: DuckDB's memory is the process's),
    and what it printed to stderr."""
    wrapped = (f"import resource, sys, time; sys.path.insert(0, {str(ROOT)!r}); {code}; "
               "print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", wrapped], capture_output=True, text=True, check=True)
    seconds, peak = map(float, out.stdout.split()[-2:])
    return seconds, peak, out.stderr.strip()


def build_in_child(data: Path, memory_limit: str | None = None) -> tuple[float, float]:
    """Build in a child process; its wall time and peak resident memory (MiB)."""
    seconds, peak, steps = in_child(
        "from analysis.graph.build import build; t0 = time.perf_counter(); "
        f"r = build({str(data)!r}, memory_limit={memory_limit!r}); "
        "print({k: round(v, 1) for k, v in r.steps.items()}, file=sys.stderr)")
    print("  steps:", steps)
    return seconds, peak


def copy_in_child(data: Path) -> tuple[float, float]:
    """The build's baseline: a bare DuckDB copy of the links' Parquet, every column, into a
    DuckDB file, unsorted (the floor of writing the graph's `links`, its largest table), in a
    child process; its wall time and peak resident memory (MiB)."""
    target = data / ".bench-copy.duckdb"
    target.unlink(missing_ok=True)
    glob = str(data / "links" / "*" / "part-*.parquet")
    try:
        seconds, peak, _ = in_child(
            f"import duckdb; con = duckdb.connect({str(target)!r}); con.execute('SET enable_progress_bar = false'); "
            "t0 = time.perf_counter(); "
            f"con.execute('CREATE TABLE links AS SELECT * FROM read_parquet($g)', {{'g': {glob!r}}}); con.close()")
    finally:
        target.unlink(missing_ok=True)
    return seconds, peak


def time_builds(data: Path, repeat: int) -> None:
    """The build under the default limit (BACKLINKS_BUILD_MEMORY_LIMIT), DuckDB's own (80% of
    RAM) and a quarter of the default (out of core), each the median of `repeat` runs,
    alternating with the baseline copy of the Parquet (its median too)."""
    from crawler import settings

    limits = {f"{settings.BACKLINKS_BUILD_MEMORY_LIMIT} (the default)": settings.BACKLINKS_BUILD_MEMORY_LIMIT,
              "DuckDB's default, 80% of RAM": None, "512MB (out of core)": "512MB"}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in ["baseline", *limits]}
    for _ in range(repeat):
        runs["baseline"].append(copy_in_child(data))
        for name, limit in limits.items():
            runs[name].append(build_in_child(data, limit))
    base = statistics.median(s for s, _ in runs["baseline"])
    print(f"\nbuild of {data}, median of {repeat} (load average {os.getloadavg()[0]:.1f} at the end)")
    print(f"  {'':<44}{'seconds':>9}{'peak MiB':>10}{'× copy':>8}  goal: < 30 s, < 3072 MiB")
    for name, values in runs.items():
        seconds = statistics.median(s for s, _ in values)
        peak = statistics.median(p for _, p in values)
        label = "baseline: DuckDB copies the links' Parquet" if name == "baseline" else f"build, memory limit {name}"
        print(f"  {label:<44}{seconds:9.1f}{peak:10.0f}{seconds / base:8.2f}")


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--data", type=Path, help="keep the data here and reuse it on the next run")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each process timed (the median)")
    parser.add_argument("--build", action="store_true", help="build again, and time it")
    parser.add_argument("--build-repeat", type=int, default=1, help="runs of each build timed (the median)")
    parser.add_argument("--in-process", action="store_true", help="also time the library's questions alone")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="bench-graph-"))
    try:
        report(data, args)
    finally:
        if args.data is None:
            shutil.rmtree(data)


def report(data: Path, args: argparse.Namespace) -> None:
    """Generate and build what is missing, then time the commands (module's doc)."""
    if not (data / "links").exists():
        t = time.perf_counter()
        facts = generate(data, args.rows)
        print(f"generated {facts} in {time.perf_counter() - t:.1f}s into {data}")
    if args.build or not (data / "graph.duckdb").exists():
        time_builds(data, args.build_repeat)
    domains = ranked_domains(data)
    time_commands(data, domains, args.repeat)
    if args.in_process:
        run_queries(data, domains)
        print("\nwithout graph.duckdb (rows from the Parquet):")
        aside = data / "graph.duckdb.aside"
        (data / "graph.duckdb").rename(aside)
        try:
            run_queries(data, domains)
        finally:
            aside.rename(data / "graph.duckdb")


def ranked_domains(data: Path) -> list[tuple[str, int, int]]:
    """Every domain of the graph, most backlinks first: (domain, referring domains, backlinks)."""
    con = duckdb.connect(str(data / "graph.duckdb"), read_only=True)
    try:
        return con.execute("SELECT domain, referring_domains, backlinks FROM domain_ranks "
                           "ORDER BY backlinks DESC, domain").fetchall()
    finally:
        con.close()


def process_seconds(argv: list[str], repeat: int) -> tuple[float, float]:
    """The median and the smallest wall time of `argv` as a new process, `repeat` runs (3
    for a command that takes seconds: it is far from the goal anyway)."""
    times: list[float] = []
    while len(times) < (repeat if not times or times[0] < 2 else min(repeat, 3)):
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, cwd=ROOT,
                       env={**os.environ, "COLUMNS": "120"})
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def time_commands(data: Path, domains: list, repeat: int) -> None:
    """Each command for one mid-sized domain as a whole process, against the two baselines."""
    domain, refdomains, backlinks = domains[len(domains) // 50]
    rivals = [d for d, _, _ in domains[1:3]]
    glob = str(data / "links" / "*" / "part-*.parquet")
    scan = ("import duckdb; duckdb.connect().execute('SELECT count(*), count(DISTINCT src_domain) "
            f"FROM read_parquet($g) WHERE dst_domain = $d', {{'g': {glob!r}, 'd': {domain!r}}}).fetchall()")
    cli = [sys.executable, "-m", "crawler.cli"]
    d = ["--data", str(data)]
    commands = {
        "backlinks --help": [*cli, "--help"],
        "profile": [*cli, "profile", domain, *d], "links": [*cli, "links", domain, *d],
        "refdomains": [*cli, "refdomains", domain, *d], "anchors": [*cli, "anchors", domain, *d],
        "pages": [*cli, "pages", domain, *d], "outlinks": [*cli, "outlinks", domain, *d],
        "broken": [*cli, "broken", domain, *d], "history": [*cli, "history", domain, *d],
        "intersect (2 rivals)": [*cli, "intersect", *rivals, "--exclude", domain, *d],
        "top": [*cli, "top", *d], "explain": [*cli, "explain", domain, *d], "crawls": [*cli, "crawls", *d],
        "audit": [*cli, "audit", domain, *d], "anchor-profile": [*cli, "anchor-profile", domain, *d],
        "value": [*cli, "value", domain, *d],
        "links --format json --limit 0": [*cli, "links", domain, *d, "-f", "json", "--limit", "0"],
    }
    print(f"\n{domain}: {backlinks} backlinks from {refdomains} domains; whole processes, "
          f"median of {repeat} (min), COLUMNS=120")
    base_import, low = process_seconds([sys.executable, "-c", "import duckdb"], repeat)
    base_scan, scan_low = process_seconds([sys.executable, "-c", scan], repeat)
    print(f"  {'':<32}{'median':>9}{'min':>9}{'× import duckdb':>17}{'× Parquet scan':>16}  goal")
    bare = 'python -c "import duckdb"'
    print(f"  {bare:<32}{base_import:9.3f}{low:9.3f}{1:17.2f}{base_import / base_scan:16.2f}")
    print(f"  {'a DuckDB scan of the Parquet':<32}{base_scan:9.3f}{scan_low:9.3f}{base_scan / base_import:17.2f}"
          f"{1:16.2f}")
    for name, argv in commands.items():
        median, fastest = process_seconds(argv, repeat)
        goal = 0.2 if name.endswith("--help") else 0.5
        print(f"  {name:<32}{median:9.3f}{fastest:9.3f}{median / base_import:17.2f}{median / base_scan:16.2f}"
              f"  {'ok' if median < goal else 'OVER'} ({goal} s)")


def run_queries(data: Path, rows: list) -> None:
    """Time each question in this process (the library alone) for a mid-sized and the largest domain."""
    from analysis import Index

    t = time.perf_counter()
    with Index(data) as ix:
        print(f"\nin this process: {'open the index':<34}{(time.perf_counter() - t) * 1000:8.0f} ms")
        big, mid = rows[0], rows[len(rows) // 50]
        other = [r[0] for r in rows[1:4]]
        for domain, refdomains, backlinks in (mid, big):
            print(f"\n{domain}: {backlinks} backlinks from {refdomains} domains (graph {ix.graph})")
            glob = str(data / "links" / "*" / "part-*.parquet")
            floor = timed(partial(plain_scan, duckdb.connect(), glob, domain))
            print(f"  {'plain DuckDB scan of the Parquet':<34}{floor * 1000:8.0f} ms")
            for name, fn in questions(ix, domain, other).items():
                seconds = timed(fn)
                print(f"  {name:<34}{seconds * 1000:8.0f} ms  {seconds / floor:5.2f}x scan")


def plain_scan(con: duckdb.DuckDBPyConnection, glob: str, domain: str) -> list:
    """The floor every question is compared with: DuckDB scanning the links' Parquet for one domain."""
    return con.execute("SELECT count(*), count(DISTINCT src_domain) FROM read_parquet($g) WHERE dst_domain = $d",
                       {"g": glob, "d": domain}).fetchall()


def questions(ix, domain: str, other: list[str]) -> dict:
    q = {
        "profile": lambda: ix.profile(domain),
        "links (limit 100)": lambda: ix.links(domain, limit=100).to_arrow_table(),
        "links (all)": lambda: ix.links(domain).to_arrow_table(),
        "refdomains": lambda: ix.refdomains(domain).to_arrow_table(),
        "anchors": lambda: ix.anchors(domain).to_arrow_table(),
        "pages": lambda: ix.pages(domain, limit=100).to_arrow_table(),
    }
    q["outlinks"] = lambda: ix.outlinks(domain).to_arrow_table()
    q["broken"] = lambda: ix.broken(domain).to_arrow_table()
    q["history"] = lambda: ix.history(domain).to_arrow_table()
    q["intersect (3 competitors)"] = lambda: ix.intersect(other, exclude=[domain], limit=100).to_arrow_table()
    if ix.graph != "absent":
        q["explain"] = lambda: ix.explain(domain).to_arrow_table()
        q["top (100)"] = lambda: ix.top(limit=100).to_arrow_table()
    return q


def test_bench_graph(tmp_path):
    """The same run under pytest, given the file explicitly (the default run never collects
    it): `pytest tests/bench/bench_graph.py -s`; BENCH_ROWS sets the size."""
    rows = int(os.environ.get("BENCH_ROWS", "10000000"))
    report(tmp_path, argparse.Namespace(rows=rows, repeat=5, build=False, build_repeat=1, in_process=True))


if __name__ == "__main__":
    main()
