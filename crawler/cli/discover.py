"""`backlinks discover`: a focused crawl that finds who links to the targets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.app import DataLocationOpt, app
from crawler.errors import BacklinksError


@app.command()
def discover(
    targets: Annotated[list[str], typer.Argument(help="The sites whose referring domains are sought: yours and your competitors' (domains or URLs).")],
    seeds_file: Annotated[Optional[Path], typer.Option("--seeds-file", help="Where the search starts: a file of sites that link widely (web directories, lists), one per line.")] = None,
    seed: Annotated[Optional[list[str]], typer.Option("--seed", help="A seed site (repeatable), besides --seeds-file.")] = None,
    data: DataLocationOpt = "data",
    max_domains: Annotated[int, typer.Option("--max-domains", min=0, help="Candidate domains crawled at most, besides the targets and the seeds (0: no limit).")] = 100,
    max_pages_per_domain: Annotated[Optional[int], typer.Option("--max-pages-per-domain", min=1, help="Page budget per registered domain.")] = None,
    crawl_id: Annotated[str, typer.Option("--crawl-id", help="Name of this crawl (default: its start time). The same id again goes on where it stopped.")] = "",
    proxy: Annotated[str, typer.Option("--proxy", help="Send every request, robots.txt included, through this HTTP proxy.")] = "",
    setting: Annotated[Optional[list[str]], typer.Option("-s", "--set", help="Any Scrapy or backlinks setting, NAME=VALUE.")] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="Scrapy's log level.")] = "WARNING",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress line.")] = False,
    redis: Annotated[str, typer.Option("--redis", help="Distributed mode: the Redis URL the workers share.")] = "",
    worker_id: Annotated[str, typer.Option("--worker-id", help="This worker's name (distributed mode); unique per worker.")] = "w0",
    processes: Annotated[int, typer.Option("--processes", min=0, help="Processes of this machine (0: one per core).")] = 1,
) -> None:
    """Find the referring domains of the targets without being told where to look.

    Crawls the targets' sites first and learns what they are about, then the seeds; every
    external link found makes its registered domain a candidate, scored by the evidence
    for it (the linking pages' topic, co-citation with a target, anchors, mentions, links
    from crawled domains), and the best candidates are crawled, up to --max-domains. The
    results are the usual links and pages datasets, plus candidates.

    Example: backlinks discover mysite.com rival.com --seeds-file directories.txt --data data/ --max-domains 500 --max-pages-per-domain 20
    """
    import os

    from crawler.cli.crawl import _print_summary, _settings_pairs
    from crawler.discovery.state import target_domains
    from crawler.processes import run_processes
    from crawler.seeds import parse_seeds, read_seeds_file

    seeds = list(seed or []) + (read_seeds_file(seeds_file) if seeds_file is not None else [])
    if not seeds and not redis:
        raise BacklinksError("no seeds: give --seeds-file FILE or --seed SITE (sites that link widely)")
    parse_seeds(seeds)  # fail fast, before anything starts
    target_domains(targets)
    overrides: dict[str, object] = {
        "BACKLINKS_DATA_DIR": str(data), "LOG_LEVEL": log_level, "BACKLINKS_PROGRESS": not quiet,
        "BACKLINKS_WORKER_ID": worker_id, "BACKLINKS_DISCOVER": True,
        "BACKLINKS_DISCOVER_TARGETS": list(targets), "BACKLINKS_DISCOVER_SEEDS": seeds,
        "BACKLINKS_DISCOVER_MAX_DOMAINS": max_domains,
    }
    if crawl_id:
        overrides["BACKLINKS_CRAWL_ID"] = crawl_id
    if max_pages_per_domain is not None:
        overrides["BACKLINKS_MAX_PAGES_PER_DOMAIN"] = max_pages_per_domain
    if proxy:
        overrides["BACKLINKS_PROXY"] = proxy
    if redis or processes != 1:
        raise BacklinksError("discover runs in one process for now")
    overrides.update(_settings_pairs(setting or []))
    stats = run_processes(list(targets), overrides, processes or os.cpu_count() or 1)
    _print_summary(stats, data)
