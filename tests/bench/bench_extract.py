"""Benchmark of the link extractor against Scrapy's LinkExtractor (not part of the test run).

    .venv/bin/python tests/bench/bench_extract.py [--repeat 7] [--sets NAME,...] [--only NAME]

Both read the same real pages of ../shared/corpus/pages (mozilla-readability, trafilatura,
article-extraction-benchmark: 511 pages, about 70 MB) from memory, in one process, one
core:

- `extract()`: everything it returns (decoding, the lexbor parse, every link row with rel,
  placement and context, the page facts: title, robots, canonical, simhash, analytics ids,
  structured data through extruct, contacts, counts);
- `LinkExtractor().extract_links(HtmlResponse(url, body=..., headers=...))`: Scrapy's own,
  which decodes the body, parses it with lxml and returns `Link`s (url, text, nofollow).

The extractor's caches (registered domains, placement steps) are cleared before each of its
repetitions, as in a new process; `--warm` keeps them, as in a long crawl.

Each repetition times both, in alternating order, over the whole set; the figures are the
medians of the repetitions, and the ratio is the median of the per-repetition ratios (the
machine may be shared: a ratio measured side by side holds when absolute speeds do not).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from pipelines.extractor import clear_caches, extract

CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
SETS = ("mozilla-readability", "trafilatura", "article-extraction-benchmark")
HEADERS = {"Content-Type": "text/html"}

Page = tuple[str, bytes]
#: --warm: keep the extractor's caches across repetitions (a long crawl's steady state).
WARM = False
#: CPU time of this process (per core, whatever else runs); --wall: wall-clock time.
CLOCK: Callable[[], float] = time.process_time


def load_pages(sets: tuple[str, ...]) -> list[Page]:
    pages = []
    for name in sets:
        folder = CORPUS / name
        for line in (folder / "manifest.jsonl").read_text().splitlines():
            meta = json.loads(line)
            if (meta.get("url") or "").startswith(("http://", "https://")):
                pages.append((meta["url"], gzip.decompress((folder / meta["file"]).read_bytes())))
    return pages


def run_ours(pages: list[Page]) -> int:
    links = 0
    for url, body in pages:
        links += len(extract(url, body, HEADERS).links)
    return links


def run_scrapy(pages: list[Page]) -> int:
    extractor = LinkExtractor()
    links = 0
    for url, body in pages:
        links += len(extractor.extract_links(HtmlResponse(url, body=body, headers=HEADERS)))
    return links


def timed(run: Callable[[list[Page]], int], pages: list[Page]) -> tuple[float, int]:
    # Each repetition starts with cold caches, as a fresh process would: the same pages
    # again must not find every host's registered domain, every theme's class names known.
    if not WARM:
        clear_caches()
    gc.collect()
    start = CLOCK()
    links = run(pages)
    return CLOCK() - start, links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="repetitions (default 7)")
    parser.add_argument("--sets", default=",".join(SETS), help="corpus folders, comma-separated")
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    parser.add_argument("--warm", action="store_true",
                        help="keep the extractor's caches between repetitions (default: cold)")
    args = parser.parse_args()
    global WARM, CLOCK
    WARM = args.warm
    if args.wall:
        CLOCK = time.perf_counter
    pages = load_pages(tuple(args.sets.split(",")))
    megabytes = sum(len(body) for _, body in pages) / 1e6
    runs = {"backlinks extract()": run_ours, "Scrapy LinkExtractor": run_scrapy}
    run_ours(pages[:20]), run_scrapy(pages[:20])  # warm up imports and caches
    times: dict[str, list[float]] = {name: [] for name in runs}
    links: dict[str, int] = {}
    ratios = []
    for rep in range(args.repeat):
        order = list(runs) if rep % 2 == 0 else list(reversed(runs))
        for name in order:
            seconds, links[name] = timed(runs[name], pages)
            times[name].append(seconds)
        ratios.append(times["Scrapy LinkExtractor"][-1] / times["backlinks extract()"][-1])
        print(f"  rep {rep + 1}: ratio {ratios[-1]:.2f}x", file=sys.stderr)
    print(f"{len(pages)} pages, {megabytes:.1f} MB, {args.repeat} repetitions "
          f"({'wall' if args.wall else 'CPU'} time, median)")
    print(f"{'':24}{'s/run':>8}{'pages/s':>10}{'MB/s':>8}{'links':>9}")
    for name in runs:
        seconds = statistics.median(times[name])
        print(f"{name:24}{seconds:8.2f}{len(pages) / seconds:10.0f}{megabytes / seconds:8.1f}"
              f"{links[name]:9d}")
    print(f"ratio (median of per-repetition ratios): {statistics.median(ratios):.2f}x "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    main()
