"""The Scrapy add-on that makes a crawl distributed when REDIS_URL is set.

Everything is set at "addon" priority, so an operator's `-s` still wins, except what the
safety of the shared frontier needs (SCHEDULER_PERSIST, checked again by the scheduler).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


class DistributedAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            raise NotConfigured  # REDIS_URL unset: embedded mode (routine: no warning)
        settings.set("SCHEDULER", "crawler.distributed.scheduler.DistributedScheduler", "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.set("BACKLINKS_DISTRIBUTED", True, "addon")
        # one page budget and one robots.txt fetch per origin for all the crawl's workers
        settings.set("BACKLINKS_BUDGET_COUNTER", "crawler.distributed.shared.SharedBudget", "addon")
        settings.set("BACKLINKS_ROBOTS_CACHE", "crawler.distributed.shared.SharedRobots", "addon")
        # leases are acknowledged at each flush: flush often so few requests are held
        settings.set("BACKLINKS_STORE_FLUSH_SECONDS", 5.0, "addon")
        settings["EXTENSIONS"]["crawler.distributed.worker.Worker"] = 520
        # the crawl's per-host gate, taken as each request goes out (gate.py)
        for scheme in ("http", "https"):
            settings["DOWNLOAD_HANDLERS"][scheme] = "crawler.distributed.gate.GatedDownloadHandler"
