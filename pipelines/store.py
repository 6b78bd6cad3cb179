"""Write pages and links to the Parquet datasets `pages/` and `links/` (zstd, atomic parts).

Rows are flushed every BACKLINKS_STORE_ROWS_PER_FILE rows, at least every
BACKLINKS_STORE_FLUSH_SECONDS, and when the crawl closes; a crash loses at most the rows
still in memory (their pages are fetched again in distributed mode, where a request is
acknowledged only once its rows are written: the `rows_durable` signal).

A write that fails (a full disk, an object store that stopped answering) stops the crawl
(crawler/storage_failure.py): the pages in the buffers are not durable and are not counted
as such; nothing more is buffered.

Settings read: BACKLINKS_DATA_DIR, BACKLINKS_CRAWL_ID, BACKLINKS_WORKER_ID,
BACKLINKS_STORE_ROWS_PER_FILE, BACKLINKS_STORE_FLUSH_SECONDS.
Stats: store/pages, store/links, store/files, store/pages_durable (in written part files).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from twisted.internet.task import LoopingCall

from crawler.signals import rows_durable
from crawler.storage_failure import WRITE_ERRORS, failed, stop_crawl
from pipelines.dataset import schema
from pipelines.dataset.layout import check_worker_id, run_stamp, table_dir
from pipelines.dataset.parts import PartWriter, remove_stale_temp

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.items import PageItem

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler, data_dir: str, crawl_id: str, worker: str,
                 rows_per_file: int, flush_seconds: float) -> None:
        self.crawler, self.crawl_id, self.flush_seconds = crawler, crawl_id, flush_seconds
        prefix = f"{check_worker_id(worker)}-{run_stamp()}"
        self.writers = {}
        for name, table_schema in (("pages", schema.PAGES), ("links", schema.LINKS)):
            directory = table_dir(data_dir, name, crawl_id)
            removed = remove_stale_temp(directory, worker)
            if removed:
                logger.warning("Removed %d unfinished part files of %s in %s", removed, worker, directory)
            # flushed here, both at once (links first), never by the writer alone
            self.writers[name] = PartWriter(directory, table_schema, prefix, rows_per_file=None,
                                            on_written=self._written)
        self.rows_per_file = rows_per_file
        self.timer: LoopingCall | None = None
        self.leases: list[tuple[str, str | None]] = []  # of the pages in the buffers

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        pipeline = cls(crawler, s.get("BACKLINKS_DATA_DIR"), s.get("BACKLINKS_CRAWL_ID"),
                       s.get("BACKLINKS_WORKER_ID"), s.getint("BACKLINKS_STORE_ROWS_PER_FILE"),
                       s.getfloat("BACKLINKS_STORE_FLUSH_SECONDS"))
        crawler.signals.connect(pipeline.flush, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        if self.flush_seconds > 0:
            self.timer = LoopingCall(self.flush)
            self.timer.start(self.flush_seconds, now=False)

    def process_item(self, item: PageItem) -> PageItem:
        if failed(self.crawler):
            return item  # the crawl is stopping: nothing more can be kept
        crawl = {"crawl_id": self.crawl_id, "fetched_at": item.fetched_at, "source": "crawl"}
        self.writers["pages"].add({**item.page, **crawl})
        links = self.writers["links"]
        for link in item.links:
            link.update(crawl)
            links.add(link)
        if item.lease is not None:
            self.leases.append((item.lease, item.scope))
        self.crawler.stats.inc_value("store/pages")
        self.crawler.stats.inc_value("store/links", len(item.links))
        if max(links.rows, self.writers["pages"].rows) >= self.rows_per_file:
            self.flush()
        return item

    def flush(self) -> None:
        if failed(self.crawler):
            return
        pages = self.writers["pages"].rows
        try:
            # links first: a page row never becomes visible before its link rows
            self.writers["links"].flush()
            self.writers["pages"].flush()
        except WRITE_ERRORS as exc:
            stop_crawl(self.crawler, f"cannot write the part files of crawl {self.crawl_id}", exc)
            return
        self.crawler.stats.inc_value("store/pages_durable", pages)
        leases, self.leases = self.leases, []
        # now durable: their requests may be acknowledged (distributed mode)
        self.crawler.signals.send_catch_log(rows_durable, leases=leases)

    def close_spider(self) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        self.flush()

    def _written(self, path: str | Path, rows: int) -> None:
        self.crawler.stats.inc_value("store/files")
        logger.debug("Wrote %d rows to %s", rows, path)
