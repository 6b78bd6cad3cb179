"""The Scrapy add-on that makes a crawl distributed when REDIS_URL is set.

Everything is set so that an operator's `-s` still wins, except what the safety of the
shared frontier needs (SCHEDULER_PERSIST, checked again by the scheduler). Settings that
crawler/settings.py declares (at "project" priority, above "addon") are swapped when nobody
set them on the command line, as scrapy-redis swaps Scrapy's scheduler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def _swap(settings: BaseSettings, name: str, value: Any) -> None:
    """Set a project default to the distributed one, unless the operator set it (`-s`)."""
    if (settings.getpriority(name) or 0) <= SETTINGS_PRIORITIES["project"]:
        settings.set(name, value, "project")


class DistributedAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            raise NotConfigured  # REDIS_URL unset: embedded mode (routine: no warning)
        settings.set("SCHEDULER", "crawler.distributed.scheduler.DistributedScheduler", "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.set("BACKLINKS_DISTRIBUTED", True, "addon")
        # one page budget and one robots.txt fetch per origin for all the crawl's workers
        _swap(settings, "BACKLINKS_BUDGET_COUNTER", "crawler.distributed.shared.SharedBudget")
        _swap(settings, "BACKLINKS_ROBOTS_CACHE", "crawler.distributed.shared.SharedRobots")
        # a discovery's candidates, profile and referring domains, shared by its workers
        _swap(settings, "BACKLINKS_DISCOVER_CANDIDATES", "crawler.distributed.candidates.RedisCandidates")
        _swap(settings, "BACKLINKS_DISCOVER_EXCHANGE", "crawler.distributed.discovery.RedisExchange")
        # leases are acknowledged at each flush: flush often so few requests are held
        _swap(settings, "BACKLINKS_STORE_FLUSH_SECONDS", 5.0)
        settings["EXTENSIONS"]["crawler.distributed.worker.Worker"] = 520
        # the crawl's per-host gate, taken as each request goes out (gate.py)
        for scheme in ("http", "https"):
            settings["DOWNLOAD_HANDLERS"][scheme] = "crawler.distributed.gate.GatedDownloadHandler"
