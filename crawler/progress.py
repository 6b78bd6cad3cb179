"""A live progress line (pages, pages/s, domains done, errors) and the crawl's counters.

A domain (a seed's registered domain) is done when none of its requests is queued, in
flight or being processed: the crawl's domain ledger (crawler/domains.py) counts them. The
counts also go to the stats (`progress/*`), which the manifest keeps and the end-of-crawl
summary prints.

Settings read: BACKLINKS_PROGRESS (print the line), BACKLINKS_PROGRESS_INTERVAL,
BACKLINKS_PROGRESS_FILE (also write the counts there as JSON each interval: how the parent
of `backlinks crawl --processes N` adds up its children's).
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from twisted.internet.task import LoopingCall

from crawler.domains import DomainLedger

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


#: The counts of a discovery crawl (crawler/discovery/controller.py sets them as discover/*).
DISCOVERY = ("candidates", "domains_admitted", "domains_budget", "referring_domains")


class CrawlProgress:
    def __init__(self, crawler: Crawler, show: bool, interval: float, file: str = "") -> None:
        self.crawler, self.show, self.interval, self.file = crawler, show, interval, file
        self.ledger = DomainLedger.of(crawler)
        self.started = time.monotonic()
        self.timer: LoopingCall | None = None
        self.tty = sys.stderr.isatty()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        ext = cls(crawler, s.getbool("BACKLINKS_PROGRESS"), s.getfloat("BACKLINKS_PROGRESS_INTERVAL", 1.0),
                  s.get("BACKLINKS_PROGRESS_FILE") or "")
        sig = crawler.signals
        sig.connect(ext.opened, signal=signals.spider_opened)
        sig.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def summary(self) -> dict[str, Any]:
        stats = self.crawler.stats
        pages = stats.get_value("extract/pages", 0)
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return {
            "pages": pages,
            "pages_per_second": round(pages / elapsed, 1),
            "links": stats.get_value("extract/links", 0),
            "domains": self.ledger.domains,
            "domains_done": self.ledger.domains_done,
            "errors": stats.get_value("progress/fetch_errors", 0),
            "elapsed_seconds": round(elapsed, 1),
            **{key: value for key, value in ((k, stats.get_value(f"discover/{k}")) for k in DISCOVERY)
               if value is not None},
        }

    def opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        if self.show or self.file:
            self.timer = LoopingCall(self.tick)
            self.timer.start(self.interval, now=False)

    def closed(self, spider: Any, reason: str) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        summary = self.summary()
        for key, value in summary.items():
            self.crawler.stats.set_value(f"progress/{key}", value)
        if self.file:
            self.write_file(summary)
        if self.show and self.tty:
            sys.stderr.write("\n")

    def tick(self) -> None:
        summary = self.summary()
        if self.show:
            print_progress(summary, self.tty)
        if self.file:
            self.write_file(summary)

    def write_file(self, summary: dict[str, Any]) -> None:
        """Replace the progress file in one step (its reader never sees half a file)."""
        temp = f"{self.file}.tmp"
        with open(temp, "w", encoding="utf-8") as out:
            json.dump(summary, out)
        os.replace(temp, self.file)


def print_progress(summary: dict[str, Any], tty: bool) -> None:
    """Print the live progress line (over the previous one on a terminal)."""
    s = summary
    line = (f"pages {s['pages']}  {s['pages_per_second']}/s  links {s['links']}  "
            f"domains done {s['domains_done']}/{s['domains']}  errors {s['errors']}")
    if "candidates" in s:  # a discovery crawl
        line += (f"  candidates {s['candidates']}  crawled {s['domains_admitted']}/{s['domains_budget'] or 'all'}"
                 f"  referring domains {s['referring_domains']}")
    sys.stderr.write(("\r" + line + "   ") if tty else line + "\n")
    sys.stderr.flush()
