"""Small hand-made `pages` / `links` datasets for the analysis tests.

A test states the fetches it wants (`ds.fetch(crawl, url, at, links=[...])`) and `ds.write()`
writes them as part files through the store's own writer (pipelines/dataset/parts.py), under the
layout a crawl uses; the expected numbers are then worked out by hand in the test.

    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.com/", T0, links=[link("https://b.com/x", anchor="B")])
    ds.write()
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pipelines.dataset import schema
from pipelines.dataset.layout import manifest_path, table_dir
from pipelines.dataset.parts import PartWriter
from pipelines.extractor.urls import host_of, registered_domain

T0 = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)  # a Monday


def at(days: float = 0, minutes: float = 0) -> datetime:
    """A fetch time `days` and `minutes` after T0."""
    return T0 + timedelta(days=days, minutes=minutes)


def link(dst_url: str, *, anchor: str = "", rel: str = "", kind: str = "a",
         placement: str = "content", image: bool = False, page_nofollow: bool = False,
         before: str = "", after: str = "", hreflang: str | None = None) -> dict[str, Any]:
    """A link row of the page it is given to `Dataset.fetch` with; flags come from `rel`."""
    tokens = set(rel.lower().split())
    return {
        "dst_url": dst_url, "dst_host": host_of(dst_url),
        "dst_domain": registered_domain(host_of(dst_url)),
        "kind": kind, "image": image, "anchor_text": anchor, "rel": " ".join(sorted(tokens)) or None,
        "nofollow": "nofollow" in tokens, "ugc": "ugc" in tokens, "sponsored": "sponsored" in tokens,
        "page_nofollow": page_nofollow, "placement": placement,
        "context_before": before, "context_after": after, "hreflang": hreflang, "href": dst_url,
    }


class Dataset:
    """Fetches to write as one data directory."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        # (crawl_id, worker) -> rows
        self.pages: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.links: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.written = 0
        self.records = 0  # WARC records "written", for the pages' warc_offset

    def fetch(self, crawl_id: str, url: str, fetched_at: datetime, *, links: Sequence[dict[str, Any]] = (),
              status: int = 200, worker: str = "w1", page_nofollow: bool = False,
              **page: Any) -> None:
        """One fetch of `url`: its page row and its link rows, with one fetch time."""
        host = host_of(url)
        domain = registered_domain(host)
        crawl = {"crawl_id": crawl_id, "fetched_at": fetched_at, "source": "crawl"}
        internal = sum(1 for row in links if row["dst_domain"] == domain)
        self.records += 1
        self.pages[crawl_id, worker].append({
            "warc_file": f"warc/crawl={crawl_id}/{worker}-0001.warc.gz",
            "warc_offset": 1000 * self.records, "warc_length": 900,
            **crawl, "url": url, "host": host, "domain": domain, "status": status,
            "content_type": "text/html", "nofollow": page_nofollow, "depth": 0,
            "links_internal": internal, "links_external": len(links) - internal,
            "noindex": False, **page,
        })
        for position, row in enumerate(links):
            self.links[crawl_id, worker].append({
                **crawl, "src_url": url, "src_host": host, "src_domain": domain, **row,
                "page_nofollow": row["page_nofollow"] or page_nofollow,
                "position": position, "external": row["dst_domain"] != domain,
            })

    def write(self) -> list[Path]:
        """Write every fetch given since the last call as part files; return their paths."""
        paths: list[Path] = []
        for name, rows_by, table_schema in (("links", self.links, schema.LINKS),
                                           ("pages", self.pages, schema.PAGES)):
            for (crawl_id, worker), rows in rows_by.items():
                self.written += 1
                writer = PartWriter(table_dir(self.root, name, crawl_id), table_schema,
                                    f"{worker}-{self.written:04d}")
                writer.add_many(rows)
                path = writer.flush()
                assert isinstance(path, Path)  # rows were added, to a local directory
                paths.append(path)
            rows_by.clear()
        return paths

    def manifest(self, crawl_id: str, started_at: datetime, finished_at: datetime | None = None,
                 seeds: Sequence[str] = ()) -> Path:
        """Write the crawl manifest `crawls/<crawl_id>.json` as the crawler does."""
        path = manifest_path(self.root, crawl_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc: dict[str, Any] = {"crawl_id": crawl_id, "started_at": started_at.isoformat(),
               "finished_at": finished_at.isoformat() if finished_at else None,
               "seeds": list(seeds), "settings": {}, "stats": {}}
        path.write_text(json.dumps(doc))
        return path


def target_web(root: str | Path) -> Dataset:
    """One crawl (`c1`) of pages linking to target.com, with the duplicates a crash leaves.

    Backlinks of target.com (live), 10 in all:
      news.example.org/a  -> www.target.com/        "Target"       content
                          -> www.target.com/pricing "pricing"      content  nofollow
                          -> blog.target.com/post   "Target"       footer
      news.example.org/b  -> www.target.com/        "Target home"  nav      ugc
         (fetched twice: the first fetch's only link was to /old, the latest wins)
                          -> www.target.com/new     "new"          content
      www.example.org/c   -> www.target.com/pricing "pricing"      content
      shop.co.uk/         -> www.target.com/        "  Target  "   content  sponsored
                          -> www.target.com/        "logo alt"     header   image
         (the same fetch written twice, by workers w1 and w2)
      uni.edu/            -> target.com/            "Target"       content
      spam.net/           -> www.target.com/        "cheap"        content  kind area, page nofollow
    Internal: www.target.com/ -> /pricing, blog.target.com/post -> www.target.com/;
    outlink: www.target.com/ -> news.example.org/.
    """
    ds = Dataset(root)
    ds.manifest("c1", at(0), at(0, 50), seeds=["example.org"])
    ds.fetch("c1", "https://news.example.org/a", at(0, 1), links=[
        link("https://www.target.com/", anchor="Target"),
        link("https://www.target.com/pricing", anchor="pricing", rel="nofollow"),
        link("https://blog.target.com/post", anchor="Target", placement="footer"),
    ])
    ds.fetch("c1", "https://news.example.org/b", at(0, 2), links=[
        link("https://www.target.com/old", anchor="old"),
    ])
    ds.fetch("c1", "https://news.example.org/b", at(0, 30), worker="w2", links=[
        link("https://www.target.com/", anchor="Target home", rel="UGC", placement="nav"),
        link("https://www.target.com/new", anchor="new"),
    ])
    ds.fetch("c1", "https://www.example.org/c", at(0, 3), links=[
        link("https://www.target.com/pricing", anchor="pricing"),
    ])
    for worker in ("w1", "w2"):
        ds.fetch("c1", "https://shop.co.uk/", at(0, 4), worker=worker, links=[
            link("https://www.target.com/", anchor="  Target  ", rel="sponsored"),
            link("https://www.target.com/", anchor="logo alt", image=True, placement="header"),
        ])
    ds.fetch("c1", "https://uni.edu/", at(0, 5), links=[link("https://target.com/", anchor="Target")])
    ds.fetch("c1", "https://spam.net/", at(0, 6), page_nofollow=True, meta_robots="nofollow",
             links=[link("https://www.target.com/", anchor="cheap", kind="area")])
    ds.fetch("c1", "https://www.target.com/", at(0, 7), title="Target", links=[
        link("https://www.target.com/pricing", anchor="Pricing", placement="nav"),
        link("https://news.example.org/", anchor="in the news"),
    ])
    ds.fetch("c1", "https://blog.target.com/post", at(0, 8), links=[
        link("https://www.target.com/", anchor="home", placement="nav"),
    ])
    ds.fetch("c1", "https://www.target.com/gone", at(0, 9), status=404)
    ds.write()
    return ds


#: The changes between c1 and c2 of `history_web` (change, reason, linking page, target), from
#: its table; f.com/1 is not fetched again: its link stays, as in the live index.
HISTORY_CHANGES = {
    ("new", "link_added", "https://g.com/2", "https://shop.com/new"),
    ("new", "page_new", "https://h.com/1", "https://shop.com/"),
    ("lost", "link_removed", "https://a.org/1", "https://shop.com/y"),
    ("lost", "page_gone", "https://a.org/2", "https://shop.com/x"),
    ("lost", "page_redirected", "https://b.net/1", "https://shop.com/"),
    ("lost", "fetch_error", "https://c.io/1", "https://shop.com/z"),
    ("lost", "noindex", "https://d.de/1", "https://shop.com/"),
    ("lost", "not_canonical", "https://e.fr/1", "https://shop.com/"),
}


def history_web(root: str | Path) -> Dataset:
    """Two crawls a week apart (c1, c2) of pages linking to shop.com, each kind of change once.

      page        c1 links to shop.com      c2                                  change
      a.org/1     /x, /y                    /x                                  /y lost: link_removed
      a.org/2     /x                        404                                 lost: page_gone
      b.net/1     /                         301 to b.net/new                    lost: page_redirected
      c.io/1      /z                        no answer (status 0)                lost: fetch_error
      d.de/1      /                         same link, page noindex             lost: noindex
      e.fr/1      /                         same link, canonical e.fr/other     lost: not_canonical
      f.com/1     /w                        not fetched                         kept (as last seen)
      g.com/1     /                         /                                   kept
      g.com/2     (none)                    /new                                new: link_added
      h.com/1     (not fetched)             /                                   new: page_new
    shop.com/w answers 404 in c1 (a broken backlink).
    """
    ds = Dataset(root)
    ds.manifest("c1", at(0))
    ds.manifest("c2", at(7))
    shop = "https://shop.com"
    c1 = {
        "https://a.org/1": [link(f"{shop}/x", anchor="x"), link(f"{shop}/y", anchor="y")],
        "https://a.org/2": [link(f"{shop}/x", anchor="x")],
        "https://b.net/1": [link(f"{shop}/", anchor="shop")],
        "https://c.io/1": [link(f"{shop}/z", anchor="z")],
        "https://d.de/1": [link(f"{shop}/", anchor="shop")],
        "https://e.fr/1": [link(f"{shop}/", anchor="shop")],
        "https://f.com/1": [link(f"{shop}/w", anchor="w")],
        "https://g.com/1": [link(f"{shop}/", anchor="shop")],
        "https://g.com/2": [],
    }
    for minute, (url, links) in enumerate(c1.items()):
        ds.fetch("c1", url, at(0, minute), links=links)
    ds.fetch("c1", f"{shop}/w", at(0, 20), status=404)
    ds.fetch("c1", f"{shop}/", at(0, 21), links=[link("https://a.org/1", anchor="a")])
    ds.fetch("c2", "https://a.org/1", at(7, 0), links=[link(f"{shop}/x", anchor="x")])
    ds.fetch("c2", "https://a.org/2", at(7, 1), status=404)
    ds.fetch("c2", "https://b.net/1", at(7, 2), status=301, redirect_to="https://b.net/new",
             links=[link("https://b.net/new", kind="redirect")])
    ds.fetch("c2", "https://c.io/1", at(7, 3), status=0, error="TimeoutError")
    ds.fetch("c2", "https://d.de/1", at(7, 4), noindex=True, meta_robots="noindex",
             links=[link(f"{shop}/", anchor="shop")])
    ds.fetch("c2", "https://e.fr/1", at(7, 5), canonical="https://e.fr/other",
             links=[link(f"{shop}/", anchor="shop")])
    ds.fetch("c2", "https://g.com/1", at(7, 6), links=[link(f"{shop}/", anchor="shop")])
    ds.fetch("c2", "https://g.com/2", at(7, 7), links=[link(f"{shop}/new", anchor="new")])
    ds.fetch("c2", "https://h.com/1", at(7, 8), links=[link(f"{shop}/", anchor="shop")])
    ds.write()
    return ds


@contextmanager
def opened_index(make: Callable[[Path], Any], root: Path, source: str) -> Iterator[Any]:
    """The Index of the dataset `make(root)` writes, read from the Parquet alone ("parquet")
    or through a built graph.duckdb ("graph"): the analysis tests run both ways."""
    from analysis import Index
    from analysis.graph.build import build

    make(root)
    if source == "graph":
        build(root)
    with Index(root) as index:
        assert index.graph == ("fresh" if source == "graph" else "absent")
        yield index
