"""The distributed add-on swaps the budget counter, the robots.txt cache and the flush period
for their shared versions, unless the operator set them; embedded mode keeps the local ones."""

from __future__ import annotations

from crawler.distributed.addon import DistributedAddon
from crawler.run import crawl_settings


def _after_addon(overrides: dict) -> dict:
    settings = crawl_settings(overrides)
    DistributedAddon().update_settings(settings)
    return {name: settings.get(name) for name in
            ("BACKLINKS_BUDGET_COUNTER", "BACKLINKS_ROBOTS_CACHE", "BACKLINKS_STORE_FLUSH_SECONDS")}


def test_distributed_mode_swaps_in_the_shared_components():
    assert _after_addon({"REDIS_URL": "redis://127.0.0.1:1/0"}) == {
        "BACKLINKS_BUDGET_COUNTER": "crawler.distributed.shared.SharedBudget",
        "BACKLINKS_ROBOTS_CACHE": "crawler.distributed.shared.SharedRobots",
        "BACKLINKS_STORE_FLUSH_SECONDS": 5.0,
    }


def test_an_operator_setting_wins_over_the_addon():
    found = _after_addon({"REDIS_URL": "redis://127.0.0.1:1/0", "BACKLINKS_STORE_FLUSH_SECONDS": 30,
                          "BACKLINKS_ROBOTS_CACHE": "crawler.middlewares.robots.LocalRobots"})
    assert found["BACKLINKS_STORE_FLUSH_SECONDS"] == 30
    assert found["BACKLINKS_ROBOTS_CACHE"] == "crawler.middlewares.robots.LocalRobots"
    assert found["BACKLINKS_BUDGET_COUNTER"] == "crawler.distributed.shared.SharedBudget"


def test_embedded_mode_keeps_the_local_components():
    settings = crawl_settings({})
    assert settings.get("BACKLINKS_BUDGET_COUNTER") == "crawler.middlewares.budget.LocalBudget"
    assert settings.get("BACKLINKS_ROBOTS_CACHE") == "crawler.middlewares.robots.LocalRobots"
