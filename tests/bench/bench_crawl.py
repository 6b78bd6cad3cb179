"""Benchmarks of `backlinks crawl` (not part of the test run): three questions, three modes.

    .venv/bin/python tests/bench/bench_crawl.py [--hosts 600] [--page-kb 30] [--repeat 2]
                                                [--processes 2] [--profile DIR]
    .venv/bin/python tests/bench/bench_crawl.py --latency-ms 150 --sites 1000 [--processes 2]
    .venv/bin/python tests/bench/bench_crawl.py --fanout 20 [--fanout-budget 200] [--timeout 600]

**The crawler's own cost** (the default mode): a full crawl against a bare Scrapy spider.

Both crawl the same local web (crawler/localweb, pages padded to real size, served as an
HTTP proxy on loopback), the same seeds (the Crawl-delay site left out: its one request a
second would time the site, not the crawler), with politeness delays off, robots.txt on,
16 requests per host and 64 in all, in the same run, alternately, each in its own process:

- `backlinks crawl`: archive (WARC), extract (`extract()`, every link row and page fact),
  store (Parquet), the frontier's rules, the address guard, budget and robots middlewares;
- a bare spider (`BareSpider` below): Scrapy's defaults, robots.txt obeyed, the seeds'
  domains allowed, every link `LinkExtractor` finds followed; it stores nothing;
- `backlinks crawl --processes N` (default 2; `--processes 1` leaves it out): the same crawl
  by N processes, the seeds dealt out by registered domain (the local web's server shares
  the machine's cores with them).

Pages are the responses each crawl handled, robots.txt excluded; the time is Scrapy's
`elapsed_time_seconds` (spider opened to closed, the final Parquet flush included;
interpreter start-up and imports are not). Figures: pages/min of each, their ratio per
repetition (median); and pages per CPU-second of each crawling process, which a shared
machine disturbs less. With --profile DIR (needs py-spy: `pip install py-spy`), one more
`backlinks crawl` runs under py-spy and its samples are summed by component (COMPONENTS;
DIR/crawl.txt holds the raw stacks).

**Polite and fast at real-web latency** (`--latency-ms MS`): the same local web served with
every reply MS late (robots.txt included), crawled by `backlinks crawl` with its default
settings (DOWNLOAD_DELAY 0.5 s per host, 2 requests at a time per host, AutoThrottle),
against the same crawl of the same web served without latency and crawled without delays
(the FAST settings above): the ratio of their pages/min is the figure, with one process and
with `--processes N`. Also printed: the rate the politeness rules allow (one request per
host every DOWNLOAD_DELAY: hosts x 60 / DOWNLOAD_DELAY pages/min) and the time the biggest
host needs alone at that rate, the floor of any polite crawl of this web.

**Sites larger than the budget** (`--fanout N`): N sites whose every page links to 300 new
pages of its own (crawler/localweb/traps.py), crawled without delays with
`--max-pages-per-domain` (`--fanout-budget`, 200): how long the crawl takes, the requests it
ever queued (Scrapy's `scheduler/enqueued`), its peak RSS and the domains done at its end. A
crawl still running after `--timeout` seconds is stopped (SIGINT, then SIGKILL) and reported
as such.

Peak RSS is the crawl command's (and its processes') largest resident set, from wait4().
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.dataset as ds

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crawler.localweb.generator import LocalWeb  # noqa: E402 - after the path set-up above
from crawler.localweb_process import running_localweb  # noqa: E402 - after the path set-up above
from crawler.run import crawl_settings  # noqa: E402 - after the path set-up above

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
        "CONCURRENT_REQUESTS": "64"}
SLOW_SITE = "slow-and-steady"  # Crawl-delay: 1


@dataclass
class Usage:
    cpu: float  # user + system seconds, the command's and its processes'
    max_rss_mb: float  # the largest resident set among them
    wall: float  # seconds from start to end
    stopped: bool = False  # stopped at the timeout rather than ended by itself


def run_child(command: list[str], timeout: float = 0, **kwargs: Any) -> Usage:
    """Run `command` to its end (or, with `timeout`, stop it then: SIGINT, and SIGKILL a
    minute later); what it used, from wait4() (its waited-for children included)."""
    started = time.monotonic()
    proc = subprocess.Popen(command, **kwargs)
    stopped, signalled = False, 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if timeout else 0)
        if pid:
            break
        now = time.monotonic()
        if not stopped and now - started > timeout:
            stopped, signalled = True, now
            proc.send_signal(signal.SIGINT)
        elif stopped and now - signalled > 60:
            proc.kill()
        time.sleep(0.5)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode and not stopped:
        raise subprocess.CalledProcessError(proc.returncode, command)
    return Usage(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                 time.monotonic() - started, stopped)


def child_cpu(command: list[str], **kwargs: Any) -> float:
    """Run `command` to its end; the CPU seconds (user + system) it used."""
    return run_child(command, **kwargs).cpu


def seeds_of(hosts: int) -> list[str]:
    return [url for url in LocalWeb(hosts=hosts).seeds if SLOW_SITE not in url]


# -- the bare spider ---------------------------------------------------------------------------


def run_bare(seeds_file: Path, out: Path) -> None:
    """Child process: crawl with BareSpider, write its stats to `out`."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import HtmlResponse
    from scrapy.linkextractors import LinkExtractor

    from pipelines.extractor.urls import canonical_url, host_of, registered_domain

    class BareSpider(scrapy.Spider):
        """Follows every link LinkExtractor finds on the seeds' domains; nothing else. Its
        URLs are put in canonical form as the crawl's are (`:80`, session ids and tracking
        parameters dropped): the local web plants such variants, and without it the bare
        spider would fetch twice the pages."""

        name = "bare"

        def __init__(self, seeds: list[str], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.start_urls = seeds
            self.allowed_domains = sorted({registered_domain(host_of(url)) for url in seeds})
            self.links = LinkExtractor()

        def parse(self, response):
            self.crawler.stats.inc_value("bare/pages")
            if isinstance(response, HtmlResponse):
                for link in self.links.extract_links(response):
                    yield scrapy.Request(canonical_url(link.url), callback=self.parse)

    settings = {**FAST, "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "CRITICAL", "DEPTH_LIMIT": 20,
                "TELNETCONSOLE_ENABLED": False, "HTTPERROR_ALLOW_ALL": True}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, seeds=seeds_file.read_text().split())
    process.start()
    stats = crawler.stats.get_stats()
    out.write_text(json.dumps({"pages": stats.get("bare/pages", 0),
                               "seconds": stats["elapsed_time_seconds"],
                               "responses": stats.get("downloader/response_count", 0)}))


def bare(seeds_file: Path, tmp: Path, proxy: str) -> dict[str, float]:
    out = tmp / "bare.json"
    # Scrapy's HttpProxyMiddleware sends every request, robots.txt included, to http_proxy.
    env = {**os.environ, "http_proxy": proxy, "https_proxy": proxy}
    cpu = child_cpu([sys.executable, __file__, "--bare-child", str(seeds_file), str(out)], env=env)
    return {**json.loads(out.read_text()), "cpu": cpu}


# -- backlinks crawl --------------------------------------------------------------------------------


#: `--crawl-set NAME=VALUE`: more settings for `backlinks crawl` (an experiment's).
EXTRA: list[str] = []


def crawl_command(data: Path, seeds_file: Path, proxy: str, processes: int = 1,
                  settings: dict[str, str] | None = None, budget: int = 1_000_000) -> list[str]:
    """`backlinks crawl` with `settings` (FAST unless given; {} for the defaults) and EXTRA."""
    pairs = [f"{name}={value}" for name, value in (FAST if settings is None else settings).items()]
    pairs += EXTRA
    return [sys.executable, "-m", "crawler.cli", "crawl", "--data", str(data), "--proxy", proxy,
            "--seeds-file", str(seeds_file), "--max-pages-per-domain", str(budget), "--quiet",
            "--crawl-id", "bench", "--processes", str(processes),
            *(arg for pair in pairs for arg in ("-s", pair))]


def ours(seeds_file: Path, tmp: Path, proxy: str, prefix: list[str] | None = None,
         processes: int = 1, settings: dict[str, str] | None = None, budget: int = 1_000_000,
         timeout: float = 0) -> dict[str, float]:
    """One `backlinks crawl`; with `processes` > 1, its processes' counters added up and its
    time the longest of theirs (they start together)."""
    data = tmp / "ours"
    shutil.rmtree(data, ignore_errors=True)
    usage = run_child([*(prefix or []), *crawl_command(data, seeds_file, proxy, processes, settings, budget)],
                      timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifests = [json.loads(p.read_text())["stats"] for p in (data / "crawls").glob("bench*.json")]
    return {"pages": sum(s.get("store/pages", 0) for s in manifests),
            "seconds": max((s.get("elapsed_time_seconds", usage.wall) for s in manifests), default=usage.wall),
            "cpu": usage.cpu, "max_rss_mb": usage.max_rss_mb, "stopped": usage.stopped,
            "responses": sum(s.get("downloader/response_count", 0) for s in manifests),
            "links": sum(s.get("store/links", 0) for s in manifests),
            "enqueued": sum(s.get("scheduler/enqueued", 0) for s in manifests),
            "domains": sum(s.get("progress/domains", 0) for s in manifests),
            "domains_done": sum(s.get("progress/domains_done", 0) for s in manifests),
            "host_pages": host_pages(data)}


def host_pages(data: Path) -> dict[str, int]:
    """Pages stored per host by the crawl in `data`."""
    if not (data / "pages").exists():
        return {}
    hosts = ds.dataset(data / "pages", format="parquet").to_table(columns=["host"])["host"]
    return {row["values"]: row["counts"] for row in pc.value_counts(hosts).to_pylist()}


# -- profile ---------------------------------------------------------------------------------------

def _extractor_call() -> str:
    """The py-spy frame of the line that calls `extract()` in the extract pipeline: the
    extractor is compiled (mypyc), so py-spy sees no frame of its own below that line."""
    lines = (ROOT / "pipelines" / "extract.py").read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("return extract("))
    return f"(pipelines/extract.py:{number})"


#: Components a py-spy stack is charged to: the first (outermost) frame that matches wins.
COMPONENTS = (
    ("extract: extractor", ("pipelines/extractor/", _extractor_call())),
    ("extract: pipeline + frontier", ("pipelines/extract.py", "crawler/frontier.py")),
    ("archive (warcio, gzip)", ("pipelines/archive.py",)),
    ("store (Parquet)", ("pipelines/store.py", "pipelines/dataset/")),
    ("spider + middlewares", ("crawler/spiders/", "crawler/middlewares/", "crawler/resolver.py")),
    ("Scrapy scheduler + dupefilter", ("scrapy/core/scheduler.py", "scrapy/dupefilters.py", "queuelib/",
                                       "scrapy/squeues.py", "scrapy/pqueues.py")),
    # Scrapy >= 2.13 runs each response's output through CONCURRENT_ITEMS asyncio workers,
    # all created for every response (the pipelines above run inside them).
    ("Scrapy scraper: item worker tasks", ("_parallel_asyncio", "handle_spider_output_async")),
    ("HTTP download (Twisted, Scrapy)", ("scrapy/core/downloader/", "twisted/web/", "twisted/protocols/",
                                         "scrapy/downloadermiddlewares/", "h2/", "twisted/internet/tcp.py")),
    ("Scrapy engine, signals, scraper", ("scrapy/",)),
    ("reactor, other", ("",)),
)


def summarise_profile(raw: Path) -> list[tuple[str, float]]:
    """Percent of the samples per component (see COMPONENTS), from py-spy's raw output."""
    counts: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        frames = stack.split(";")
        for name, markers in COMPONENTS:
            if any(marker in frame for frame in frames for marker in markers):
                counts[name] += int(number)
                break
    total = sum(counts.values()) or 1
    return [(name, 100 * counts[name] / total) for name, _ in COMPONENTS]


def profile(seeds_file: Path, tmp: Path, proxy: str, out_dir: Path) -> None:
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    raw = out_dir / "crawl.txt"
    result = ours(seeds_file, tmp, proxy, [pyspy, "record", "-r", "200", "-f", "raw", "-o", str(raw), "--"])
    print(f"\nprofile of one `backlinks crawl` ({result['pages']} pages, py-spy, 200 samples/s):")
    for name, share in summarise_profile(raw):
        print(f"  {name:34}{share:6.1f}%")


# -- polite and fast at real-web latency -------------------------------------------------------------


def politeness_floor(result: dict, delay: float) -> str:
    """What the politeness rules allow on the web `result` crawled."""
    pages = result["host_pages"]
    if not pages:
        return "no pages"
    biggest = max(pages.values())
    return (f"one request per host every {delay:g} s allows {len(pages) * 60 / delay:,.0f} pages/min over "
            f"its {len(pages)} hosts; the biggest host ({biggest} pages) alone needs {biggest * delay:.0f} s")


def latency_bench(args: argparse.Namespace) -> None:
    """Default settings on the web with latency against FAST settings on the web without."""
    delay = crawl_settings().getfloat("DOWNLOAD_DELAY")
    counts = sorted({1, args.processes})
    rows: dict[str, list[dict]] = {}
    ratios: dict[int, list[float]] = {n: [] for n in counts}
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as name, \
            running_localweb(hosts=args.hosts, page_kb=args.page_kb, latency_ms=args.latency_ms,
                             name="far") as far, \
            running_localweb(hosts=args.hosts, page_kb=args.page_kb, name="near") as near:
        tmp = Path(name)
        seeds_file = tmp / "seeds.txt"
        seeds_file.write_text("\n".join(seeds_of(args.hosts)) + "\n")
        for rep in range(args.repeat):
            for n in counts:
                polite_label = f"defaults, {args.latency_ms:g} ms, {n} process{'es' * (n > 1)}"
                fast_label = f"no latency, no delays, {n} process{'es' * (n > 1)}"
                runs: list[tuple[str, str, dict[str, str] | None]] = [(polite_label, far.proxy_url, {}),
                                                                      (fast_label, near.proxy_url, None)]
                for label, proxy, settings in runs if rep % 2 == 0 else reversed(runs):
                    rows.setdefault(label, []).append(ours(seeds_file, tmp, proxy, processes=n, settings=settings))
                speed = {label: rows[label][-1]["pages"] / rows[label][-1]["seconds"] * 60
                         for label in (polite_label, fast_label)}
                ratios[n].append(speed[polite_label] / speed[fast_label])
                rates = ", ".join(f"{k} {v:,.0f} pages/min" for k, v in speed.items())
                print(f"  rep {rep + 1}, {n} process(es): {rates}, ratio {ratios[n][-1]:.2f}", file=sys.stderr)
    print(f"local web: {args.hosts} sites, pages padded to ~{args.page_kb} KB, replies {args.latency_ms:g} ms late "
          f"(the polite crawls); {args.repeat} repetitions, median")
    print(f"{'':40}{'pages':>8}{'seconds':>9}{'pages/min':>11}{'CPU s':>8}{'peak RSS MB':>13}")
    for label, results in rows.items():
        seconds = statistics.median(r["seconds"] for r in results)
        pages = statistics.median(r["pages"] for r in results)
        print(f"{label:40}{pages:8.0f}{seconds:9.1f}{pages / seconds * 60:11,.0f}"
              f"{statistics.median(r['cpu'] for r in results):8.1f}"
              f"{statistics.median(r['max_rss_mb'] for r in results):13.0f}")
    for n in counts:
        print(f"ratio defaults at {args.latency_ms:g} ms / no latency and no delays, {n} process(es): "
              f"{statistics.median(ratios[n]):.2f}")
    print(f"politeness: {politeness_floor(next(iter(rows.values()))[0], delay)}")


# -- sites larger than the budget ----------------------------------------------------------------------


def fanout_bench(args: argparse.Namespace) -> None:
    """The fanout sites crawled to their budget: time, requests queued, peak RSS."""
    seeds = LocalWeb(hosts=15, fanout=args.fanout).fanout_seeds
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as name, \
            running_localweb(hosts=15, fanout=args.fanout) as web:
        tmp = Path(name)
        seeds_file = tmp / "seeds.txt"
        seeds_file.write_text("\n".join(seeds) + "\n")
        result = ours(seeds_file, tmp, web.proxy_url, processes=1, budget=args.fanout_budget,
                      timeout=args.timeout)
    ended = f"stopped after {args.timeout:g} s" if result["stopped"] else "ended by itself"
    print(f"{args.fanout} sites of 300 new links per page, --max-pages-per-domain {args.fanout_budget}, "
          f"no delays: {ended}")
    print(f"  time {result['seconds']:.1f} s, pages {result['pages']:,} "
          f"(budgets: {args.fanout * args.fanout_budget:,}), "
          f"requests queued {result['enqueued']:,}, peak RSS {result['max_rss_mb']:,.0f} MB, "
          f"domains done {result['domains_done']}/{result['domains']}")


# -- main -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", "--sites", type=int, default=600, help="sites of the local web (600: ~15k pages)")
    parser.add_argument("--page-kb", type=int, default=30, help="pad article pages to about this size")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", type=Path, help="also profile one crawl, raw stacks in this folder")
    parser.add_argument("--crawl-set", action="append", default=[], metavar="NAME=VALUE",
                        help="one more setting for `backlinks crawl` (repeatable)")
    parser.add_argument("--processes", type=int, default=2,
                        help="also time `backlinks crawl --processes N` (1: do not)")
    parser.add_argument("--latency-ms", type=float, default=0,
                        help="measure the default settings at this latency against no latency and no delays")
    parser.add_argument("--fanout", type=int, default=0,
                        help="measure a crawl of this many sites larger than the budget")
    parser.add_argument("--fanout-budget", type=int, default=200, help="--max-pages-per-domain of --fanout")
    parser.add_argument("--timeout", type=float, default=600, help="stop the --fanout crawl after this long")
    parser.add_argument("--bare-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    EXTRA.extend(args.crawl_set)
    if args.bare_child:
        run_bare(*args.bare_child)
        return
    if args.latency_ms:
        latency_bench(args)
        return
    if args.fanout:
        fanout_bench(args)
        return
    many = f"backlinks --processes {args.processes}"
    rows: dict[str, list[dict[str, float]]] = {"bare Scrapy spider": [], "backlinks crawl": []}
    if args.processes > 1:
        rows[many] = []
    ratios, cpu_ratios, many_ratios = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as name, \
            running_localweb(hosts=args.hosts, page_kb=args.page_kb) as web:
        tmp = Path(name)
        seeds_file = tmp / "seeds.txt"
        seeds_file.write_text("\n".join(seeds_of(args.hosts)) + "\n")
        for rep in range(args.repeat):
            crawls: list[tuple[str, Callable[[Path, Path, str], dict[str, float]]]] = [
                ("bare Scrapy spider", bare), ("backlinks crawl", ours)]
            if args.processes > 1:
                crawls.append((many, partial(ours, processes=args.processes)))
            for label, run in crawls if rep % 2 == 0 else reversed(crawls):
                rows[label].append(run(seeds_file, tmp, web.proxy_url))
            speed = {label: r[-1]["pages"] / r[-1]["seconds"] * 60 for label, r in rows.items()}
            ratios.append(speed["backlinks crawl"] / speed["bare Scrapy spider"])
            if args.processes > 1:
                many_ratios.append(speed[many] / speed["bare Scrapy spider"])
            per_cpu = {label: r[-1]["pages"] / r[-1]["cpu"] for label, r in rows.items()}
            cpu_ratios.append(per_cpu["backlinks crawl"] / per_cpu["bare Scrapy spider"])
            print(f"  rep {rep + 1}: " + ", ".join(f"{k} {v:,.0f} pages/min" for k, v in speed.items())
                  + f", ratio {ratios[-1]:.2f}", file=sys.stderr)
        print(f"local web: {args.hosts} hosts, pages padded to ~{args.page_kb} KB; {args.repeat} repetitions, median")
        print(f"{'':26}{'pages':>8}{'seconds':>9}{'pages/min':>11}{'CPU s':>8}{'pages/CPU-min':>15}")
        for label, results in rows.items():
            seconds = statistics.median(r["seconds"] for r in results)
            pages = statistics.median(r["pages"] for r in results)
            cpu = statistics.median(r["cpu"] for r in results)
            print(f"{label:26}{pages:8.0f}{seconds:9.1f}{pages / seconds * 60:11,.0f}{cpu:8.1f}"
                  f"{pages / cpu * 60:15,.0f}")
        print(f"ratio backlinks/bare, pages/min (median of per-repetition ratios): {statistics.median(ratios):.2f}x")
        print("ratio backlinks/bare, pages per CPU-second of the crawling process: "
              f"{statistics.median(cpu_ratios):.2f}x")
        if many_ratios:
            print(f"ratio backlinks --processes {args.processes}/bare, pages/min: "
                  f"{statistics.median(many_ratios):.2f}x")
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            profile(seeds_file, tmp, web.proxy_url, args.profile)


if __name__ == "__main__":
    main()
