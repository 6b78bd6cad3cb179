"""Run a crawl in this process: the library function behind `backlinks crawl`.

Twisted's reactor cannot be restarted, so one process runs one crawl; tests and the demo
run crawls as subprocesses of the real command.
"""

from __future__ import annotations

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
    process = CrawlerProcess(settings)
    if distributed:
        from crawler.distributed.connection import install_secret_mask

        install_secret_mask()  # no Redis password in any log line
    crawler = process.create_crawler(BacklinksSpider)
    process.crawl(crawler, seed_list=seeds)
    process.start()
    stats = dict(crawler.stats.get_stats())
    raise_if_failed(stats, settings.get("BACKLINKS_DATA_DIR"))
    if "finish_reason" not in stats:
        raise BacklinksError("the crawl could not start: see the log lines above")
    stats["crawl_id"] = settings.get("BACKLINKS_CRAWL_ID")
    return stats
