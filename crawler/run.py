"""Run a crawl in this process: the library function behind `backlinks crawl`.

Twisted's reactor cannot be restarted, so one process runs one crawl; tests and the demo
run crawls as subprocesses of the real command.

Logging: Scrapy's log (at LOG_LEVEL) goes to a file, `DATA/logs/<crawl_id>.log`
(`<crawl_id>.<worker>.log` for a process of `--processes` or a distributed worker; for an
object-store --data, the same names in the system's temporary directory), unless LOG_FILE
names another. The screen, where the progress line is, gets only what the user must act
on, one line each (a traceback stays in the file): errors, but for those of single
requests, which the summary counts (Scrapy's downloader and its middlewares: a fetch retried
in vain, refused, failed), and the warnings of the distributed crawl (Redis unavailable, a
worker gone).
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.errors import BacklinksError
from crawler.seeds import parse_seeds
from crawler.spiders.backlinks import BacklinksSpider, new_crawl_id
from crawler.storage_failure import raise_if_failed
from pipelines.dataset.layout import check_crawl_id, check_worker_id


def crawl_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings (crawler/settings.py) with the caller's on top; the crawl and
    worker ids checked (they name files: BadCrawlId, BadWorkerId before anything is written)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    if settings.get("BACKLINKS_CRAWL_ID"):
        check_crawl_id(settings.get("BACKLINKS_CRAWL_ID"))
    check_worker_id(settings.get("BACKLINKS_WORKER_ID"))
    return settings


def check_distributed(settings: Settings) -> None:
    """Refuse a distributed worker that would harm the shared crawl, before it starts."""
    from crawler.distributed.connection import client_from_url  # distributed mode only: redis

    if not settings.getbool("SCHEDULER_PERSIST", True):
        raise BacklinksError("SCHEDULER_PERSIST=False would delete the shared frontier when this "
                             "worker stops: a distributed crawl keeps it True")
    client_from_url(settings.get("REDIS_URL"))  # fail fast, password masked


def run_crawl(seeds: list[str], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Crawl `seeds` to the end; return the crawl's stats (progress/* hold the summary).
    StorageFailed when a write to the data directory failed (the crawl stopped there)."""
    settings = crawl_settings(overrides)
    parse_seeds(seeds, private_suffixes=settings.getbool("BACKLINKS_PRIVATE_SUFFIXES"))  # fail fast
    if not settings.get("BACKLINKS_CRAWL_ID"):
        settings.set("BACKLINKS_CRAWL_ID", new_crawl_id(), priority="cmdline")
    distributed = bool(settings.get("REDIS_URL"))
    if distributed:
        check_distributed(settings)
    if not settings.get("LOG_FILE"):
        settings.set("LOG_FILE", str(log_file(settings)), priority="cmdline")
    Path(settings.get("LOG_FILE")).parent.mkdir(parents=True, exist_ok=True)
    process = CrawlerProcess(settings)
    logging.getLogger().addHandler(ScreenHandler())
    if distributed:
        from crawler.distributed.connection import install_secret_mask

        install_secret_mask()  # no Redis password in any log line
    crawler = process.create_crawler(BacklinksSpider)
    process.crawl(crawler, seed_list=seeds)
    process.start()
    stats = dict(crawler.stats.get_stats())
    raise_if_failed(stats, settings.get("BACKLINKS_DATA_DIR"))
    if "finish_reason" not in stats:
        raise BacklinksError(f"the crawl could not start: see {settings.get('LOG_FILE')}")
    stats["crawl_id"] = settings.get("BACKLINKS_CRAWL_ID")
    stats["log_file"] = settings.get("LOG_FILE")
    return stats


def log_file(settings: Settings) -> Path:
    """Where this process's log goes (the module's doc says why)."""
    data = settings.get("BACKLINKS_DATA_DIR")
    crawl_id = settings.get("BACKLINKS_CRAWL_ID")
    per_worker = settings.getbool("BACKLINKS_MANIFEST_PER_WORKER") or bool(settings.get("REDIS_URL"))
    name = f"{crawl_id}.{settings.get('BACKLINKS_WORKER_ID')}.log" if per_worker else f"{crawl_id}.log"
    root = Path(tempfile.gettempdir(), "backlinks-logs") if "://" in str(data) else Path(data, "logs")
    return root / name


class ScreenHandler(logging.Handler):
    """The log records the user must act on, one line each on stderr, above the progress
    line (the module's doc says which)."""

    #: Loggers whose warnings reach the screen.
    WARNING_LOGGERS = ("crawler.distributed",)
    #: Loggers of single requests, whose errors the crawl's summary counts.
    REQUEST_LOGGERS = ("scrapy.downloadermiddlewares", "scrapy.core.downloader", "scrapy.spidermiddlewares")

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.tty = sys.stderr.isatty()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return not record.name.startswith(self.REQUEST_LOGGERS)
        return record.name.startswith(self.WARNING_LOGGERS)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            lines = self.format(record).strip().splitlines() or [""]
            level = "error" if record.levelno >= logging.ERROR else "warning"
            clear = "\r\x1b[2K" if self.tty else ""  # the progress line is redrawn at its next tick
            sys.stderr.write(f"{clear}{level}: {lines[0]}\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001  logging's own rule: a handler never raises
            self.handleError(record)

    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()  # the message only: its traceback is in the log file
