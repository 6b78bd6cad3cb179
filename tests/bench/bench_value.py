"""Benchmark of the link value (not part of the test run): what `pages.text` costs on disk, what
the relevance build step costs, and how well `value` ranks planted webs against a baseline.

    .venv/bin/python tests/bench/bench_value.py [--seeds 4] [--no-webs]

1. **pages.text on disk**: the real pages of ../shared/corpus/pages (the 510 with an http(s)
   URL, as tests/bench/bench_extract.py reads them) through `extract()`, their `pages` rows
   written by the crawl's own part writer (zstd Parquet) twice, with and without `text`:
   bytes per page of each, and the ratio.
2. **The relevance build step**: the same pages and their links as a data directory, built
   by `backlinks build`; the `value terms` step's seconds against the whole build's, and the
   size of graph.duckdb with and without `pages.text` (which the graph's `pages` keeps).
3. **Ranking quality**: the topical web (crawler/localweb/topics.py) with seeds 0..N-1 and
   the community web (tests/support/communityweb.py) with seeds 1..N, each crawled once;
   Spearman's rank correlation of `value` with the planted order, against the baseline of
   the referring domain's rank alone (what `backlinks links` sorts by), and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scipy.stats import spearmanr

from tests.bench.bench_extract import HEADERS, SETS, load_pages

COMMUNITY_TIERS = {"strong_clean": 2, "clean": 1}


def page_rows() -> tuple[list[dict], list[dict]]:
    from pipelines.extractor import extract

    now = datetime(2026, 12, 1, tzinfo=UTC)
    pages, links = [], []
    for url, body in load_pages(SETS):
        found = extract(url, body, HEADERS)
        crawl = {"crawl_id": "corpus", "fetched_at": now, "source": "crawl"}
        pages.append({**found.page, **crawl, "status": 200, "depth": 0})
        links += [{**row, **crawl} for row in found.links]
    return pages, links


def text_on_disk(pages: list[dict], directory: Path) -> None:
    from pipelines.dataset import schema
    from pipelines.dataset.parts import PartWriter

    sizes = {}
    for name, rows in (("with text", pages), ("without text", [{**p, "text": None} for p in pages])):
        writer = PartWriter(directory / name.replace(" ", "-"), schema.PAGES, "bench", rows_per_file=None)
        (directory / name.replace(" ", "-")).mkdir(parents=True)
        writer.add_many(rows)
        path = writer.flush()
        assert isinstance(path, Path)
        sizes[name] = path.stat().st_size
    n = len(pages)
    raw = statistics.mean(len((p.get("text") or "").encode()) for p in pages)
    print(f"pages.text on disk, {n} corpus pages (raw text {raw / 1024:.1f} KB a page):")
    for name, size in sizes.items():
        print(f"  pages rows {name:13}: {size / n / 1024:6.2f} KB a page (zstd Parquet)")
    extra = (sizes["with text"] - sizes["without text"]) / n
    ratio = sizes["with text"] / sizes["without text"]
    print(f"  text adds {extra / 1024:.2f} KB a page; with / without: {ratio:.2f}x")


def build_step(pages: list[dict], links: list[dict], directory: Path) -> None:
    from analysis import build
    from pipelines.dataset import schema
    from pipelines.dataset.layout import table_dir
    from pipelines.dataset.parts import PartWriter

    sizes = {}
    for name, rows in (("with text", pages), ("without text", [{**p, "text": None} for p in pages])):
        data = directory / name.replace(" ", "-")
        for table, table_rows, table_schema in (("pages", rows, schema.PAGES), ("links", links, schema.LINKS)):
            out = Path(table_dir(data, table, "corpus"))
            out.mkdir(parents=True)
            writer = PartWriter(out, table_schema, "bench", rows_per_file=None)
            writer.add_many(table_rows)
            writer.flush()
        result = build(data)
        sizes[name] = result.path.stat().st_size
        if name == "with text":
            step = result.steps["value terms"]
            print(f"build of {len(pages)} pages, {len(links)} links: {result.seconds:.2f} s, of which value terms "
                  f"{step:.2f} s ({step / result.seconds:.0%}); the other steps {result.seconds - step:.2f} s")
    print(f"graph.duckdb: {sizes['with text'] / 1e6:.1f} MB with pages.text, {sizes['without text'] / 1e6:.1f} MB "
          f"without ({sizes['with text'] / sizes['without text']:.2f}x; the value terms tables in both)")


def rank_quality(seeds: int, directory: Path) -> None:
    from analysis import Index
    from analysis.value import value
    from crawler.localweb.topics import toplist_path
    from crawler.localweb_process import running_localweb
    from tests.support.crawl import backlinks, crawl

    def run(web: str, args: dict[str, int], budget: int, name: str) -> tuple[Path, dict, Path]:
        here = directory / name
        here.mkdir(parents=True)
        with running_localweb(here, web=web, web_args=args) as served:
            truth = json.loads(served.truth_path.read_text())
            crawl([str(s) for s in truth["seeds"]], here / "data", served.proxy_url, "--max-depth", "6",
                  "--max-pages-per-domain", str(budget))
        backlinks("build", "--data", str(here / "data"), "--quiet", check=True)
        return here / "data", truth, served.truth_path

    print("rank correlation (Spearman) with the planted order: value, and the referring domain's rank alone")
    for seed in range(seeds):
        data, truth, truth_path = run("crawler.localweb.topics:TopicalWeb", {"seed": seed}, 20, f"topical-{seed}")
        backlinks("toplist", "import", str(toplist_path(truth_path)), "--data", str(data), check=True)
        planted = {(b["src_url"], b["dst_url"]): b["level"] for b in truth["backlinks"]}
        with Index(data) as ix:
            links = [k for k in value(ix, truth["target"]).links if (k.src_url, k.dst_url) in planted]
            ranks = dict(ix.con.execute("SELECT domain, domain_rank FROM domain_ranks").fetchall())
        _report(f"topical web, seed {seed} ({truth['topic']})", [planted[(k.src_url, k.dst_url)] for k in links],
                [k.value for k in links], [ranks.get(k.src_domain) or 0 for k in links])
    for seed in range(1, seeds + 1):
        data, truth, _ = run("tests.support.communityweb:CommunityWeb", {"seed": seed, "epoch": 2}, 45,
                             f"community-{seed}")
        roles = {d: COMMUNITY_TIERS.get(info["role"], 0) for d, info in truth["domains"].items()}
        with Index(data) as ix:
            links = value(ix, truth["shop"]).links
            ranks = dict(ix.con.execute("SELECT domain, domain_rank FROM domain_ranks").fetchall())
        _report(f"community web, seed {seed}", [roles[k.src_domain] for k in links], [k.value for k in links],
                [ranks.get(k.src_domain) or 0 for k in links])


def _report(name: str, planted: list[int], values: list[float], baseline: list[float]) -> None:
    ours = spearmanr(values, planted).statistic
    base = spearmanr(baseline, planted).statistic
    print(f"  {name:38} {len(values):4d} backlinks: value {ours:.3f}, domain rank {base:.3f}, "
          f"ratio {ours / base if base else float('inf'):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=4, help="seeds of each planted web (default 4)")
    parser.add_argument("--no-webs", action="store_true", help="only the on-disk and build figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-value-") as tmp:
        pages, links = page_rows()
        text_on_disk(pages, Path(tmp) / "disk")
        build_step(pages, links, Path(tmp) / "build")
        if not args.no_webs:
            rank_quality(args.seeds, Path(tmp) / "webs")


if __name__ == "__main__":
    main()
