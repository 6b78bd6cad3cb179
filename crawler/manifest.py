"""The crawl manifest `crawls/<crawl_id>.json`: seeds, settings, start and end, counters.

`history` and the spike rules order crawls by `started_at`; the command line prints its
summary from `stats`. Written when the crawl opens (so an interrupted crawl still has one)
and rewritten when it closes, atomically, by pipelines/dataset/manifest.py (as WARC ingest
writes its own). A manifest that cannot be written stops the crawl (crawler/storage_failure.py).
Each worker of a distributed crawl writes its own `crawls/<crawl_id>.<worker>.json`, as does
each process of `crawl --processes N`.

Settings read: BACKLINKS_DATA_DIR, BACKLINKS_CRAWL_ID, BACKLINKS_WORKER_ID,
BACKLINKS_MANIFEST_PER_WORKER.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import signals

from crawler.storage_failure import WRITE_ERRORS, stop_crawl
from pipelines.dataset.location import Location
from pipelines.dataset.manifest import read_manifest, utc_now, write_manifest

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

#: Settings worth keeping with the data (never anything that may hold a secret).
RECORDED_SETTINGS = (
    "BACKLINKS_MAX_PAGES_PER_DOMAIN", "DEPTH_LIMIT", "ROBOTSTXT_OBEY", "USER_AGENT",
    "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_MAXSIZE", "BACKLINKS_PRIVATE_SUFFIXES",
    "BACKLINKS_DISCOVER", "BACKLINKS_DISCOVER_TARGETS", "BACKLINKS_DISCOVER_SEEDS",
    "BACKLINKS_DISCOVER_MAX_DOMAINS", "BACKLINKS_DISCOVER_WEIGHTS", "BACKLINKS_DISCOVER_WEBGRAPH",
    "BACKLINKS_DISCOVER_GSC",
)


class CrawlManifest:
    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.location = Location(s.get("BACKLINKS_DATA_DIR"))
        self.worker_id: str | None = None
        if s.getbool("BACKLINKS_DISTRIBUTED") or s.getbool("BACKLINKS_MANIFEST_PER_WORKER"):
            self.worker_id = s.get("BACKLINKS_WORKER_ID")  # workers share the data dir: one file each
        self.doc: dict[str, Any] = {
            "crawl_id": s.get("BACKLINKS_CRAWL_ID"),
            "worker_id": s.get("BACKLINKS_WORKER_ID"),
            "started_at": None, "finished_at": None, "finish_reason": None,
            "seeds": [], "settings": {k: s.get(k) for k in RECORDED_SETTINGS}, "stats": {},
        }

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        self.doc["started_at"] = utc_now()
        self.doc["seeds"] = list(getattr(spider, "seed_texts", []))
        earlier = read_manifest(self.location, self.doc["crawl_id"], self.worker_id)
        if earlier and earlier.get("started_at"):  # a resumed crawl keeps its first start time
            self.doc["started_at"] = earlier["started_at"]
        self._write()

    def closed(self, spider: Any, reason: str) -> None:
        self.doc["finished_at"] = utc_now()
        self.doc["finish_reason"] = reason
        self.doc["stats"] = {k: v for k, v in self.crawler.stats.get_stats().items()
                             if isinstance(v, (int, float, str))}
        self._write()

    def _write(self) -> None:
        try:
            write_manifest(self.location, self.doc, worker_id=self.worker_id)
        except WRITE_ERRORS as exc:  # e.g. --data names a file: the crawl cannot keep anything
            stop_crawl(self.crawler, f"cannot write the crawl manifest under {self.location.uri}", exc)

