"""Keep each origin's robots.txt as the crawl obeys it: the `robots` dataset.

    DATA/robots/crawl=<id>/part-<worker>-<start>-<seq>.parquet

One row per origin the crawl asked (each worker of a distributed crawl writes the rows of the
origins it met): crawl_id, fetched_at, origin, status (0: unreachable), body (the rules
obeyed, RFC 9309's status rules applied: disallow-all for a 5xx or an unreachable file, nothing
for a 4xx), error, user_agent. A refused request leaves no page row; with these rows
`backlinks coverage` can still say that robots.txt refused a page (analysis/coverage.py).

Rows are written with the crawl's pages: every BACKLINKS_STORE_FLUSH_SECONDS, when the spider
is idle and when it closes.

Settings read: BACKLINKS_ROBOTS_RECORD, ROBOTSTXT_OBEY, ROBOTSTXT_USER_AGENT, USER_AGENT,
BACKLINKS_DATA_DIR, BACKLINKS_CRAWL_ID, BACKLINKS_WORKER_ID, BACKLINKS_STORE_FLUSH_SECONDS.
Stats: robots_record/rows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from crawler.signals import robots_answered
from pipelines.dataset import schema
from pipelines.dataset.layout import run_stamp, table_dir
from pipelines.dataset.parts import PartWriter, remove_stale_temp

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

MAX_ERROR_CHARS = 500


class RobotsRecord:
    def __init__(self, crawler: Crawler, writer: PartWriter, user_agent: str, flush_seconds: float) -> None:
        self.crawler, self.writer, self.user_agent = crawler, writer, user_agent
        self.crawl_id = crawler.settings.get("BACKLINKS_CRAWL_ID")
        self.flush_seconds = flush_seconds
        self.timer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        if not s.getbool("BACKLINKS_ROBOTS_RECORD") or not s.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("BACKLINKS_ROBOTS_RECORD or ROBOTSTXT_OBEY is off: robots.txt not recorded")
        worker = s.get("BACKLINKS_WORKER_ID")
        directory = table_dir(s.get("BACKLINKS_DATA_DIR"), "robots", s.get("BACKLINKS_CRAWL_ID"))
        remove_stale_temp(directory, worker)
        writer = PartWriter(directory, schema.ROBOTS, f"{worker}-{run_stamp()}")
        ext = cls(crawler, writer, s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT"),
                  s.getfloat("BACKLINKS_STORE_FLUSH_SECONDS"))
        crawler.signals.connect(ext.answered, signal=robots_answered)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.writer.flush, signal=signals.spider_idle)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        if self.flush_seconds > 0:
            self.timer = LoopingCall(self.writer.flush)
            self.timer.start(self.flush_seconds, now=False)

    def answered(self, origin: str, status: int, body: bytes, error: str | None) -> None:
        self.writer.add({
            "crawl_id": self.crawl_id, "fetched_at": datetime.now(UTC), "origin": origin,
            "status": status, "body": body, "user_agent": self.user_agent,
            "error": " ".join(error.split())[:MAX_ERROR_CHARS] if error else None,
        })
        self.crawler.stats.inc_value("robots_record/rows")

    def closed(self) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        self.writer.close()
