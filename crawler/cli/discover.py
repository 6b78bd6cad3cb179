"""`backlinks discover`: a focused crawl that finds who links to the targets, and
`backlinks candidates`: the domains it would crawl next, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crawler.cli.app import (
    ColumnsOpt,
    DataLocationOpt,
    DataOpt,
    DomainArg,
    FileFormatOpt,
    LimitOpt,
    LogLevelOpt,
    OutputOpt,
    ProxyOpt,
    QuietOpt,
    SettingOpt,
    WorkerIdOpt,
    app,
    emit,
)
from crawler.errors import BacklinksError


@app.command()
def discover(
    targets: Annotated[list[str], typer.Argument(
        help="The sites whose referring domains are sought: yours and your competitors' (domains or URLs).")],
    seeds_file: Annotated[Path | None, typer.Option(
        "--seeds-file", help="Where the search starts: a file of sites that link widely (web directories, lists, "
            "blogrolls), one per line.")] = None,
    seed: Annotated[list[str] | None, typer.Option(
        "--seed", help="A seed site (repeatable), besides --seeds-file.")] = None,
    data: DataLocationOpt = "data",
    max_domains: Annotated[int, typer.Option(
        "--max-domains", min=0, help="Candidate domains crawled at most, besides the targets and the seeds (0: no "
            "limit).")] = 100,
    max_pages_per_domain: Annotated[int | None, typer.Option(
        "--max-pages-per-domain", min=1, help="Page budget per registered domain.")] = None,
    crawl_id: Annotated[str, typer.Option(
        "--crawl-id", help="Name of this crawl (default: its start time). The same id again goes on where it "
            "stopped.")] = "",
    webgraph: Annotated[str, typer.Option(
        "--webgraph", help="An imported web graph (import-webgraph): the targets' in-links there are candidates, with "
            "priors.")] = "",
    gsc: Annotated[list[str] | None, typer.Option(
        "--gsc", help="A site whose Search Console export was imported (import-gsc): its linking sites are candidates "
            "(repeatable).")] = None,
    proxy: ProxyOpt = "",
    setting: SettingOpt = None,
    log_level: LogLevelOpt = "INFO",
    quiet: QuietOpt = False,
    redis: Annotated[str, typer.Option(
        "--redis", help="Distributed mode: the Redis URL the workers share (candidates included).")] = "",
    worker_id: WorkerIdOpt = "w0",
    idle_timeout: Annotated[float, typer.Option(
        "--idle-timeout", help="Distributed mode: stop after nothing was left to do this many seconds.")] = 10.0,
    processes: Annotated[int, typer.Option(
        "--processes", min=0, help="Processes of this machine (0: one per core); more than one share a private "
            "redis-server. With --redis: this many workers.")] = 1,
) -> None:
    """Find the referring domains of the targets without being told where to look.

    Crawls the targets' sites first and learns what they are about, the seeds beside them; every
    external link found makes its registered domain a candidate, scored by the evidence for
    it (the linking pages' topic, co-citation with a target, anchors, mentions, links from
    crawled domains, and priors from an imported web graph or Search Console), and the best
    candidates are crawled, up to --max-domains. The results are the usual links and pages
    datasets, plus candidates.

    Example: backlinks discover mysite.com rival.com --seeds-file dirs.txt --data data/ --max-domains 500
    """
    import os

    from crawler.cli.crawl import _print_summary, _settings_pairs, check_log_level
    from crawler.discovery.run import discover_overrides, run_discovery
    from crawler.seeds import read_seeds_file

    check_log_level(log_level)
    extra = _settings_pairs(setting or [])
    seeds = list(seed or []) + (read_seeds_file(seeds_file) if seeds_file is not None else [])
    if not seeds and not redis:
        raise BacklinksError("no seeds: give --seeds-file FILE or --seed SITE (sites that link widely: "
                             "web directories)")
    overrides = discover_overrides(targets, seeds, data=str(data), max_domains=max_domains,
                                   webgraph=webgraph, gsc=list(gsc or []))
    overrides.update({"LOG_LEVEL": log_level.upper(), "BACKLINKS_PROGRESS": not quiet,
                      "BACKLINKS_WORKER_ID": worker_id})
    if crawl_id:
        overrides["BACKLINKS_CRAWL_ID"] = crawl_id
    if max_pages_per_domain is not None:
        overrides["BACKLINKS_MAX_PAGES_PER_DOMAIN"] = max_pages_per_domain
    if proxy:
        overrides["BACKLINKS_PROXY"] = proxy
    if redis:
        if not crawl_id:
            raise BacklinksError("a distributed discovery needs --crawl-id, the name its workers share")
        overrides.update(REDIS_URL=redis, BACKLINKS_IDLE_TIMEOUT=idle_timeout)
    overrides.update(extra)
    stats = run_discovery(targets, overrides, processes or os.cpu_count() or 1)
    _print_summary(stats, data, per_worker=bool(redis) or "processes/count" in stats)
    typer.echo(discovery_summary(stats), err=True)
    if stats.get("processes/failed"):
        raise BacklinksError("; ".join(stats["processes/failures"]))


def discovery_summary(stats: dict) -> str:
    """The discovery's own line of the end summary."""
    return (f"  discovery: {stats.get('discover/referring_domains', 0)} referring domains of the targets found; "
            f"{stats.get('discover/domains_admitted', 0)} of {stats.get('discover/domains_budget', 0) or 'unlimited'} "
            f"candidate domains crawled, {stats.get('discover/candidates', 0)} known "
            f"(backlinks candidates TARGET lists the next ones)")


@app.command()
def candidates(
    target: DomainArg,
    data: DataOpt = Path("data"),
    crawl: Annotated[str | None, typer.Option(
        "--crawl", help="Only this discovery crawl (default: the latest state of each candidate over all of "
            "them).")] = None,
    crawled: Annotated[bool, typer.Option(
        "--crawled", help="The candidates crawled already, in the order they were, instead of the next ones.")] = False,
    fmt: FileFormatOpt = "table",
    limit: LimitOpt = 100,
    output: OutputOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """The best candidates a discovery crawl has not crawled yet for a target, and why each
    scores what it does: its linking domains, topic, anchors, co-citations, mentions, priors.

    Example: backlinks candidates mysite.com --limit 20
    """
    from analysis.index import Index

    with Index(data) as index:
        emit(index.candidates(target, crawl=crawl, crawled=crawled, limit=limit), fmt, output, limit=limit,
             columns=columns, default_columns=["domain", "score", "linking_domains", "why"],
             title=f"{'Crawled' if crawled else 'Next'} candidates for {target}")
