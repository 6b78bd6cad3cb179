"""Benchmark: a distributed worker against the embedded crawl, and two workers against one.

    python tests/bench/bench_distributed.py [--hosts 200] [--page-kb 10]

Crawls the same local web (politeness delays off; the Crawl-delay site left out) four ways in
one run: embedded, one Redis worker, two Redis workers; prints pages/min and the ratios, and
Redis's memory per URL of the dupefilter set. Goal: one Redis worker at most 10% slower than
embedded. Needs redis-server on PATH.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crawler.localweb.generator import LocalWeb  # noqa: E402
from crawler.localweb_process import running_localweb  # noqa: E402
from tests.support.redis import running_redis  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "CONCURRENT_REQUESTS=64", "--max-pages-per-domain", "100000", "--quiet"]


def crawl_cmd(data: Path, proxy: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", "--data", str(data), "--proxy", proxy, *FAST, *extra]


def pages(data: Path) -> int:
    import duckdb

    return duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{data}/pages/**/*.parquet')").fetchone()[0]


def timed(cmds: list[list[str]]) -> float:
    start = time.perf_counter()
    procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in cmds]
    for p in procs:
        if p.wait() != 0:
            raise SystemExit(f"a crawl failed: {p.args!r}")
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=200)
    ap.add_argument("--page-kb", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    seeds = [u for u in LocalWeb(hosts=args.hosts).seeds if "slow-and-steady" not in u]
    results: dict[str, list[float]] = {"embedded": [], "redis x1": [], "redis x2": []}
    memory_per_url = None
    with tempfile.TemporaryDirectory() as name, running_localweb(hosts=args.hosts, page_kb=args.page_kb) as web:
        tmp = Path(name)
        for rep in range(args.repeat):
            data = tmp / f"embedded-{rep}"
            seconds = timed([crawl_cmd(data, web.proxy_url, *seeds)])
            results["embedded"].append(pages(data) / seconds * 60)
            for n in (1, 2):
                with running_redis(tmp) as redis:
                    crawl_id = f"bench{n}"
                    subprocess.run([sys.executable, "-m", "crawler.cli", "seed", "--redis", redis.url,
                                    "--crawl-id", crawl_id, *seeds], check=True, capture_output=True)
                    data = tmp / f"redis{n}-{rep}"
                    cmds = [crawl_cmd(data, web.proxy_url, "--redis", redis.url, "--crawl-id", crawl_id,
                                      "--worker-id", f"w{i}", "--idle-timeout", "2") for i in range(n)]
                    seconds = timed(cmds) - 2  # the idle timeout is waiting, not crawling
                    results[f"redis x{n}"].append(pages(data) / seconds * 60)
                    client = redis.client()
                    urls = client.scard(f"backlinks:{crawl_id}:dupefilter")
                    usage = client.memory_usage(f"backlinks:{crawl_id}:dupefilter")
                    assert usage is not None  # the dupefilter's key exists: it holds the URLs
                    memory_per_url = usage / urls
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"local web: {args.hosts} hosts, {args.page_kb} KB pages, {args.repeat} repetitions (median)")
    for name, value in med.items():
        print(f"  {name:<10} {value:>9.0f} pages/min")
    print(f"  one Redis worker / embedded: {med['redis x1'] / med['embedded']:.2f}")
    print(f"  two Redis workers / one:     {med['redis x2'] / med['redis x1']:.2f}")
    print(f"  dupefilter set: {memory_per_url:.0f} bytes of Redis per URL")


if __name__ == "__main__":
    main()
