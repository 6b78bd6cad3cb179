"""Memory and speed of the wide local web's server (not part of the test run).

    .venv/bin/python tests/bench/bench_localweb_wide.py [--sites 3000 10000] [--pages 6000]

For each size, starts ``python -m crawler.localweb --wide --sites N`` (as the tests do, with
its truth file), then fetches ``--pages`` pages of randomly chosen sites through it as a proxy
over one keep-alive connection, and prints the server's start time (generation and truth),
its resident memory after start and after the fetches (``VmRSS``, peak ``VmHWM``) and its
pages/s. The baseline, measured in the same run, is the default local web (50 sites) after
serving every one of its pages (robots.txt files, traps and hostile hosts aside): the wide
web's memory is printed as a ratio to it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crawler.localweb_process import running_localweb  # noqa: E402


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB (Linux)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0]) / 1024
    return out


def fetch_all(port: int, urls: list[str]) -> float:
    """Fetch ``urls`` through the proxy on one connection; return pages per second."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    for url in urls:
        conn.request("GET", url, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, (url, response.status)
    conn.close()
    return len(urls) / (time.perf_counter() - start)


def page_urls(truth_path: Path) -> list[str]:
    with open(truth_path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [r["url"] for r in rows if r["table"] == "pages" and r["status"] == 200
            and not (r["hostile"] or r["trap"])]


def measure(tmp: Path, pages: int, **web: Any) -> dict[str, float]:
    started = time.perf_counter()
    with running_localweb(tmp, name=f"web{web.get('sites', 'default')}", **web) as process:
        ready = time.perf_counter() - started
        pid = process.process.pid
        after_start = memory_mb(pid)["VmRSS"]
        urls = page_urls(process.truth_path)
        if web.get("wide"):
            by_host: dict[str, list[str]] = {}
            for url in urls:
                by_host.setdefault(url.split("/")[2], []).append(url)
            hosts = list(by_host)
            random.Random(0).shuffle(hosts)
            urls = []
            for host in hosts:
                if len(urls) >= pages:
                    break
                urls += by_host[host]
        rate = fetch_all(process.port, urls)
        after = memory_mb(pid)
    return {"start_s": ready, "rss_start_mb": after_start, "rss_mb": after["VmRSS"],
            "peak_mb": after["VmHWM"], "pages": len(urls), "pages_per_s": rate}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--sites", type=int, nargs="+", default=[3000, 10000])
    p.add_argument("--pages", type=int, default=6000)
    args = p.parse_args()
    with TemporaryDirectory(prefix="bench-wide-") as tmp:
        base = measure(Path(tmp), 0)
        print(f"baseline: the default local web (50 sites), all {base['pages']} URLs served: "
              f"RSS {base['rss_mb']:.0f} MB, peak {base['peak_mb']:.0f} MB, "
              f"{base['pages_per_s']:.0f} pages/s")
        for sites in args.sites:
            m = measure(Path(tmp), args.pages, wide=True, sites=sites)
            print(f"wide, {sites} sites: ready in {m['start_s']:.1f} s (truth written), RSS "
                  f"{m['rss_start_mb']:.0f} MB after start, {m['rss_mb']:.0f} MB after "
                  f"{m['pages']} pages (peak {m['peak_mb']:.0f} MB: "
                  f"{m['peak_mb'] / base['peak_mb']:.2f}x the baseline), "
                  f"{m['pages_per_s']:.0f} pages/s ({m['pages_per_s'] / base['pages_per_s']:.2f}x)")


if __name__ == "__main__":
    main()
