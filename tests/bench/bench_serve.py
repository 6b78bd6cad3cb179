"""Benchmark of the explorer, `backlinks serve`, on the synthetic link index (not part of the
test run).

    .venv/bin/python tests/bench/bench_serve.py [--data DIR] [--rows 10000000] [--repeat 7]

The index is bench_graph.py's (10M links by default; `--data DIR` keeps and reuses it, and
builds graph.duckdb when it is missing or not fresh). The real `backlinks serve` runs on it
as a child process; for one mid-sized domain (bench_graph's: the 2% most linked) it times
every page of the domain, and the index's pages:

- *server*: the whole HTTP answer (question, page, HTML) as urllib receives it, over
  loopback: the first visit (the overview's audit part, which the overview's script fetches
  once the page shows, computes the domain's audit once per server) and the median of
  `--repeat` visits;
- *browser*: headless chromium (Playwright, /usr/bin/chromium) from navigation start to
  the end of the load event (the Navigation Timing entry), the median of `--repeat`;
- *baseline*, measured in the same run: the library asking the same question in this
  process and cutting it to one page (`analysis.Index` and crawler/explorer/tables.py, no
  HTTP, no HTML), the median of `--repeat`. The ratio server / baseline is the explorer's
  overhead.

Goal (issue 17, on 2 cores): every page of one domain under 0.3 s, server side and in the
browser.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_graph import generate, ranked_domains  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ROWS_PER_PAGE = 50
GOAL = 0.3


def paths(domain: str, rivals: list[str]) -> dict[str, str]:
    """Each page of the explorer to time: name -> path and query."""
    d = {"d": domain}
    found = {"overview": f"/overview?{urlencode(d)}",
             "overview's audit part (fetched)": f"/overview/audit?{urlencode(d)}"}
    found |= {name: f"/{name}?{urlencode(d)}" for name in
              ("links", "refdomains", "anchors", "pages", "outlinks", "broken", "history", "audit")}
    found["links (dofollow, one per domain)"] = f"/links?{urlencode({**d, 'dofollow': 'on', 'one': 'on'})}"
    found["links (sorted by anchor, page 3)"] = f"/links?{urlencode({**d, 'sort': 'anchor_text', 'page': 3})}"
    found["intersect (2 rivals)"] = f"/intersect?{urlencode({'targets': ','.join(rivals), 'exclude': domain})}"
    found["top"] = "/top"
    found["crawls"] = "/crawls"
    return found


def fetch_seconds(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as answer:
        answer.read()
        assert answer.status == 200, url
    return time.perf_counter() - started


def server_times(base: str, pages: dict[str, str], repeat: int) -> dict[str, tuple[float, float]]:
    """Per page: the first visit's seconds and the median of `repeat` more."""
    times = {}
    for name, path in pages.items():
        first = fetch_seconds(base + path)
        times[name] = (first, statistics.median(fetch_seconds(base + path) for _ in range(repeat)))
    return times


def browser_times(base: str, pages: dict[str, str], repeat: int) -> dict[str, float]:
    """Per page: the median seconds from navigation start to the end of the load event."""
    from playwright.sync_api import sync_playwright

    times = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                      else route.abort())
        page = context.new_page()
        for name, path in pages.items():
            runs = []
            for _ in range(repeat):
                page.goto(base + path, wait_until="load")
                runs.append(page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return (n.loadEventEnd - n.startTime) / 1000; }"))
            times[name] = statistics.median(runs)
        browser.close()
    return times


def library_times(data: Path, domain: str, rivals: list[str], repeat: int) -> dict[str, float]:
    """Per page: the median seconds of the library's same question, cut to one page, in process."""
    from analysis import formats
    from analysis.audit import audit
    from analysis.index import Index
    from crawler.explorer.pages import TABLES
    from crawler.explorer.tables import View, apply, page, page_rows

    index = Index(data)
    checked = audit(index, domain)  # the server computes it once too (its first visit)

    def table(name: str, **query: Any) -> Callable[[], Any]:
        def ask() -> Any:
            view = View.of(query)
            return page(apply(TABLES[name].ask(index, query), view, TABLES[name].search), view, ROWS_PER_PAGE)
        return ask

    def overview() -> Any:
        return index.profile(domain), formats.rows_of(index.history(domain, by="weekly"))

    def audit_page() -> Any:
        return page_rows(formats.audit_document(checked).rows, View(), ROWS_PER_PAGE)

    questions: dict[str, Callable[[], Any]] = {
        "overview": overview,
        **{name: table(name, d=domain) for name in
           ("links", "refdomains", "anchors", "pages", "outlinks", "broken", "history")},
        "audit": audit_page,
        "overview's audit part (fetched)": lambda: checked.verdicts,
        "links (dofollow, one per domain)": table("links", d=domain, dofollow="on", one="on"),
        "links (sorted by anchor, page 3)": table("links", d=domain, sort="anchor_text", page="3"),
        "intersect (2 rivals)": table("intersect", targets=",".join(rivals), exclude=domain),
        "top": table("top"), "crawls": table("crawls"),
    }
    times = {}
    try:
        for name, ask in questions.items():
            ask()
            runs = []
            for _ in range(repeat):
                started = time.perf_counter()
                ask()
                runs.append(time.perf_counter() - started)
            times[name] = statistics.median(runs)
    finally:
        index.close()
    return times


def prepare(data: Path, rows: int) -> None:
    """bench_graph's index in `data`: generated when missing, built when not fresh."""
    from analysis.index import Index

    if not (data / "links").exists():
        started = time.perf_counter()
        facts = generate(data, rows)
        print(f"generated {facts} in {time.perf_counter() - started:.1f}s into {data}")
    with Index(data) as index:
        fresh = index.graph == "fresh"
    if not fresh:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "crawler.cli", "build", "--data", str(data), "--quiet"],
                       check=True, cwd=ROOT)
        print(f"built the graph in {time.perf_counter() - started:.1f}s")


def report(data: Path, repeat: int) -> None:
    from tests.support.explorer import running_explorer

    domains = ranked_domains(data)
    domain, refdomains, backlinks = domains[len(domains) // 50]
    rivals = [d for d, _, _ in domains[1:3]]
    pages = paths(domain, rivals)
    print(f"domain {domain}: {backlinks:,} backlinks from {refdomains:,} referring domains; "
          f"{repeat} runs each, medians")
    with running_explorer(data, "--rows", str(ROWS_PER_PAGE)) as url:
        base = url.rstrip("/")
        served = server_times(base, pages, repeat)
        shown = browser_times(base, pages, repeat)
    library = library_times(data, domain, rivals, repeat)
    print(f"\n{'page':34} {'first':>8} {'server':>8} {'browser':>8} {'library':>8} {'server/lib':>10}")
    for name in pages:
        first, median = served[name]
        ratio = median / library[name] if library[name] > 0 else float("inf")
        flag = "" if max(median, shown[name]) < GOAL else f"  over {GOAL} s"
        print(f"{name:34} {first:8.3f} {median:8.3f} {shown[name]:8.3f} {library[name]:8.3f} {ratio:10.2f}{flag}")
    worst = max(max(served[n][1], shown[n]) for n in pages)
    print(f"\nslowest page (server or browser, median): {worst:.3f} s; goal {GOAL} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--data", type=Path, help="keep the index here and reuse it on the next run")
    parser.add_argument("--repeat", type=int, default=7, help="visits of each page timed (the median)")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        prepare(data, args.rows)
        report(data, args.repeat)
    finally:
        if args.data is None:
            shutil.rmtree(data)


if __name__ == "__main__":
    main()
