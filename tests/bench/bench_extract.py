"""Benchmark of the link extractor against Scrapy's LinkExtractor (not part of the test run).

    .venv/bin/python tests/bench/bench_extract.py [--repeat 7] [--sets NAME,...] [--warm] [--no-plain]

Both read the same real pages of ../shared/corpus/pages (mozilla-readability, trafilatura,
article-extraction-benchmark: 510 pages with an http(s) URL, 84 MB) from memory, in one
process, one core:

- `extract()`: everything it returns (decoding, the lexbor parse, every link row with rel,
  placement and context, the page facts: title, robots, canonical, simhash, analytics ids,
  structured data through extruct, contacts, counts);
- `LinkExtractor().extract_links(HtmlResponse(url, body=..., headers=...))`: Scrapy's own,
  which decodes the body, parses it with lxml and returns `Link`s (url, text, nofollow).

The extractor's caches (registered domains, placement steps) are cleared before each of its
repetitions, as in a new process; `--warm` keeps them, as in a long crawl.

The extractor runs as installed: compiled by mypyc (setup.py). Each repetition also times it
as plain Python, the same source imported from its `.py` files, in a child process (the
`same, plain Python` row; `--no-plain` leaves it out): what the compilation gives.

Each repetition times both, in alternating order, over the whole set; the figures are the
medians of the repetitions, and the ratio is the median of the per-repetition ratios (the
machine may be shared: a ratio measured side by side holds when absolute speeds do not).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import importlib.abc
import importlib.machinery
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


class SourceOnly(importlib.abc.MetaPathFinder):
    """Imports `pipelines.extractor` from its `.py` files, not from the extensions mypyc built
    beside them (which Python would pick first): the extractor as plain Python."""

    def find_spec(self, name: str, path: object, target: object = None) -> importlib.machinery.ModuleSpec | None:
        if name != "pipelines.extractor" and not name.startswith("pipelines.extractor."):
            return None
        base = ROOT.joinpath(*name.split("."))
        if (base / "__init__.py").exists():
            return importlib.util.spec_from_file_location(name, base / "__init__.py",
                                                          submodule_search_locations=[str(base)])
        return importlib.util.spec_from_file_location(name, base.with_suffix(".py"))


if "--plain-child" in sys.argv:
    sys.meta_path.insert(0, SourceOnly())

from scrapy.http import HtmlResponse  # noqa: E402 - after the import hook above
from scrapy.linkextractors import LinkExtractor  # noqa: E402 - after the import hook above

from pipelines.extractor import clear_caches, extract  # noqa: E402 - after the import hook above

CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
SETS = ("mozilla-readability", "trafilatura", "article-extraction-benchmark")
HEADERS = {"Content-Type": "text/html"}

Page = tuple[str, bytes]
#: --warm: keep the extractor's caches across repetitions (a long crawl's steady state).
WARM = False
#: The row of the extractor run as plain Python (its modules not compiled), in a child process.
PLAIN = "  same, plain Python"
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


def plain_python(sets: str) -> float:
    """CPU seconds of one cold run of `extract()` as plain Python, in a child process."""
    out = subprocess.run([sys.executable, __file__, "--plain-child", "--sets", sets],
                         capture_output=True, text=True, check=True).stdout
    return float(out.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="repetitions (default 7)")
    parser.add_argument("--sets", default=",".join(SETS), help="corpus folders, comma-separated")
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    parser.add_argument("--warm", action="store_true",
                        help="keep the extractor's caches between repetitions (default: cold)")
    parser.add_argument("--no-plain", action="store_true", help="do not time the plain-Python extractor")
    parser.add_argument("--plain-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global WARM, CLOCK
    WARM = args.warm
    if args.wall:
        CLOCK = time.perf_counter
    pages = load_pages(tuple(args.sets.split(",")))
    if args.plain_child:
        compiled = [name for name, module in sys.modules.items() if name.startswith("pipelines.extractor")
                    and not str(getattr(module, "__file__", "")).endswith(".py")]
        assert not compiled, f"compiled modules in the plain-Python run: {compiled}"
        run_ours(pages[:20])
        print(timed(run_ours, pages)[0])
        return
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
        if not args.no_plain:
            times.setdefault(PLAIN, []).append(plain_python(args.sets))
        print(f"  rep {rep + 1}: ratio {ratios[-1]:.2f}x", file=sys.stderr)
    print(f"{len(pages)} pages, {megabytes:.1f} MB, {args.repeat} repetitions "
          f"({'wall' if args.wall else 'CPU'} time, median)")
    print(f"{'':24}{'s/run':>8}{'pages/s':>10}{'MB/s':>8}{'links':>9}")
    for name, values in times.items():
        seconds = statistics.median(values)
        print(f"{name:24}{seconds:8.2f}{len(pages) / seconds:10.0f}{megabytes / seconds:8.1f}"
              f"{links.get(name, links['backlinks extract()']):9d}")
    print(f"ratio (median of per-repetition ratios): {statistics.median(ratios):.2f}x "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
    if PLAIN in times:
        plain = [p / c for p, c in zip(times[PLAIN], times["backlinks extract()"], strict=True)]
        versus = [s / p for s, p in zip(times["Scrapy LinkExtractor"], times[PLAIN], strict=True)]
        print(f"compiled vs plain Python, same source (median of per-repetition ratios): "
              f"{statistics.median(plain):.2f}x; plain Python vs LinkExtractor: {statistics.median(versus):.2f}x")


if __name__ == "__main__":
    main()
