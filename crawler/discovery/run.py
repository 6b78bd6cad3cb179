"""Run a discovery crawl: the library function behind `backlinks discover`.

One process by default (crawler/run.py's `run_crawl`, the targets as its seeds, the discovery
settings on). With REDIS_URL, this process runs workers of a distributed discovery (the
candidates in Redis: crawler/distributed/candidates.py); with more than one process and no
REDIS_URL, a private redis-server is started for the crawl's processes (its files in
DATA/discovery/<crawl_id>.redis/, so a second run goes on from them) and stopped after.
"""

from __future__ import annotations

from typing import Any

from crawler.discovery.priors import check_sources
from crawler.discovery.state import target_domains
from crawler.seeds import parse_seeds


def discover_overrides(targets: list[str], seeds: list[str], *, data: str, max_domains: int,
                       webgraph: str = "", gsc: list[str] | None = None) -> dict[str, Any]:
    """The settings of a discovery crawl, its inputs checked first (a bad target, seed or
    source is one error before anything starts)."""
    target_domains(targets)
    parse_seeds(seeds)
    check_sources(data, webgraph, list(gsc or []))
    return {"BACKLINKS_DATA_DIR": data, "BACKLINKS_DISCOVER": True, "BACKLINKS_DISCOVER_TARGETS": list(targets),
            "BACKLINKS_DISCOVER_SEEDS": list(seeds), "BACKLINKS_DISCOVER_MAX_DOMAINS": max_domains,
            "BACKLINKS_DISCOVER_WEBGRAPH": webgraph, "BACKLINKS_DISCOVER_GSC": list(gsc or [])}


def run_discovery(targets: list[str], overrides: dict[str, Any], processes: int) -> dict[str, Any]:
    """Crawl for the targets' referring domains; return the crawl's stats (discover/* included)."""
    from crawler.processes import run_processes

    return run_processes(list(targets), overrides, 1 if not overrides.get("REDIS_URL") else processes)
