"""Benchmark of `backlinks discover` (not part of the test run): how much of a target's
referring domains it finds for a budget of domains, against plain discovery order and a
popularity order on the same web, and how fast it crawls next to `crawl` on the same pages.

    .venv/bin/python tests/bench/bench_discover.py [--sites 3000] [--seed 1] [--pages 10]
                                                   [--web wide|synth] [--latency-ms 150]

1. Recall against budget. The web is served by the local web's server: the wide web
   (crawler/localweb/wide.py; web directories as seeds, a target none of them links to) or
   the synthetic web of tests/support/synthweb.py (a second, independently built web). One
   real `discover` per order (score, discovery, popularity) with --max-domains half the
   domains; the recall at a budget of b domains is the share of the target's true referring
   domains (the web's truth, within --pages pages of their site) that the crawl found among
   the b first domains it admitted (the `admission` of the candidates dataset). Printed at
   10%, 25% and 50% of the domains.
2. Speed. With --latency-ms (every response that late, robots.txt included) and the default
   politeness (DOWNLOAD_DELAY, two requests per host, AutoThrottle), one `discover` at a
   quarter budget, then `crawl` of exactly the domains it fetched (their home pages as seeds,
   the same page budget): pages per minute of each, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from crawler.localweb_process import running_localweb  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"]
FRACTIONS = (0.1, 0.25, 0.5)


def serve(args: argparse.Namespace, tmp: Path, latency: float = 0):
    if args.web == "wide":
        return running_localweb(tmp, wide=True, sites=args.sites, seed=args.seed, latency_ms=latency)
    return running_localweb(tmp, web="tests.support.synthweb:SynthWeb",
                            web_args={"sites": args.sites, "seed": args.seed},
                            latency_ms=latency)


def facts(args: argparse.Namespace, web) -> dict:
    """targets, seeds, the target, its true referring domains within --pages pages, domains."""
    if args.web == "wide":
        from crawler.localweb.wide import wide_truth_path
        from crawler.localweb.widetruth import read_wide_truth

        truth = read_wide_truth(wide_truth_path(web.truth_path))
        return {"targets": truth.targets, "seeds": truth.web["seeds"], "target": truth.target,
                "true": truth.referring_domains(max_pages=args.pages), "domains": len(truth.sites)}
    doc = json.loads(web.truth_path.read_text())
    return {"targets": doc["targets"], "seeds": doc["seeds"], "target": doc["targets"][0],
            "true": set(doc["refdomains"][doc["targets"][0]]), "domains": len(doc["domains"])}


def discover(web, f: dict, data: Path, budget: int, pages: int, *extra: str) -> float:
    seeds = data.parent / "seeds.txt"
    seeds.write_text("\n".join(f["seeds"]) + "\n")
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "crawler.cli", "discover", *f["targets"], "--seeds-file", str(seeds),
                    "--data", str(data), "--max-domains", str(budget), "--max-pages-per-domain", str(pages),
                    "--proxy", web.proxy_url, "--quiet", *extra], check=True, capture_output=True, cwd=ROOT)
    return time.monotonic() - started


def recall_curve(data: Path, f: dict) -> list[float]:
    con = duckdb.connect()
    found = {r[0] for r in con.execute(
        f"SELECT DISTINCT src_domain FROM read_parquet('{data}/links/*/*.parquet') WHERE dst_domain = ?",
        [f["target"]]).fetchall()}
    order = dict(con.execute(
        f"SELECT domain, arg_max(admission, updated_at) FROM read_parquet('{data}/candidates/*/*.parquet') "
        "GROUP BY domain").fetchall())
    out = []
    for fraction in FRACTIONS:
        budget = int(f["domains"] * fraction)
        hits = {d for d in found & f["true"] if (order.get(d) or 10**9) <= budget}
        out.append(len(hits) / len(f["true"]))
    return out


def pages_of(data: Path) -> tuple[int, float, list[str]]:
    """Pages fetched, the crawl's elapsed seconds (its manifests), and the domains fetched."""
    con = duckdb.connect()
    pages = con.execute(f"SELECT count(*) FROM read_parquet('{data}/pages/*/*.parquet') WHERE status > 0").fetchone()[0]
    hosts = [r[0] for r in con.execute(
        f"SELECT DISTINCT host FROM read_parquet('{data}/pages/*/*.parquet') "
        "WHERE status > 0 AND depth = 0").fetchall()]
    seconds = max(json.loads(p.read_text())["stats"].get("elapsed_time_seconds", 0)
                  for p in (data / "crawls").glob("*.json"))
    return pages, seconds, hosts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", type=int, default=10, help="--max-pages-per-domain")
    parser.add_argument("--web", choices=("wide", "synth"), default="wide")
    parser.add_argument("--latency-ms", type=float, default=0, help="also measure the speed at this latency")
    parser.add_argument("--orders", default="score,discovery,popularity")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-discover-"))
    try:
        with serve(args, tmp) as web:
            f = facts(args, web)
            print(f"{args.web} web, {f['domains']} domains, seed {args.seed}; the target has {len(f['true'])} "
                  f"referring domains within {args.pages} pages; budgets of "
                  + ", ".join(f"{int(fr * 100)}% ({int(f['domains'] * fr)})" for fr in FRACTIONS))
            print(f"{'order':<12}" + "".join(f"{f'recall@{int(fr * 100)}%':>13}" for fr in FRACTIONS) + f"{'time':>9}")
            for order in args.orders.split(","):
                data = tmp / order / "data"
                data.parent.mkdir()
                seconds = discover(web, f, data, f["domains"] // 2, args.pages, *FAST,
                                   "-s", f"BACKLINKS_DISCOVER_ORDER={order}")
                print(f"{order:<12}" + "".join(f"{r:>13.2f}" for r in recall_curve(data, f)) + f"{seconds:>8.0f}s",
                      flush=True)
        if args.latency_ms:
            speed(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def speed(args: argparse.Namespace, tmp: Path) -> None:
    (tmp / "slow").mkdir()
    with serve(args, tmp / "slow", args.latency_ms) as web:
        f = facts(args, web)
        data = tmp / "slow" / "discover" / "data"
        data.parent.mkdir()
        discover(web, f, data, f["domains"] // 4, args.pages)
        pages, seconds, hosts = pages_of(data)
        seeds = tmp / "slow" / "seeds.txt"
        seeds.write_text("\n".join(f"http://{h}/" for h in hosts) + "\n")
        crawled = tmp / "slow" / "crawl" / "data"
        subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--seeds-file", str(seeds),
                        "--data", str(crawled),
                        "--max-pages-per-domain", str(args.pages), "--proxy", web.proxy_url, "--quiet"],
                       check=True, capture_output=True, cwd=ROOT)
        crawl_pages, crawl_seconds, _ = pages_of(crawled)
    ours, theirs = pages / seconds * 60, crawl_pages / crawl_seconds * 60
    print(f"\nat {args.latency_ms:.0f} ms latency, default politeness: discover {pages} pages in {seconds:.0f} s "
          f"({ours:,.0f} pages/min); crawl of the same {len(hosts)} domains {crawl_pages} pages in "
          f"{crawl_seconds:.0f} s ({theirs:,.0f} pages/min); discover / crawl = {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
