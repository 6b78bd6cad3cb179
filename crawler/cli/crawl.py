"""Crawl-side commands: crawl, localweb, demo, extract."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.app import DataLocationOpt, DataOpt, app
from crawler.errors import BacklinksError


def _settings_pairs(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise BacklinksError(f"-s expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


@app.command()
def crawl(
    seeds: Annotated[Optional[list[str]], typer.Argument(help="Domains or http(s) URLs.")] = None,
    seeds_file: Annotated[Optional[Path], typer.Option("--seeds-file", help="A file of seeds, one per line.")] = None,
    data: DataLocationOpt = "data",
    crawl_id: Annotated[str, typer.Option("--crawl-id", help="Name of this crawl (default: its start time).")] = "",
    max_pages_per_domain: Annotated[Optional[int], typer.Option("--max-pages-per-domain", help="Page budget per registered domain.")] = None,
    max_depth: Annotated[Optional[int], typer.Option("--max-depth", help="Link hops from a seed.")] = None,
    proxy: Annotated[str, typer.Option("--proxy", help="Send every request, robots.txt included, through this HTTP proxy.")] = "",
    setting: Annotated[Optional[list[str]], typer.Option("-s", "--set", help="Any Scrapy or backlinks setting, NAME=VALUE.")] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="Scrapy's log level.")] = "WARNING",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress line.")] = False,
    redis: Annotated[str, typer.Option("--redis", help="Distributed mode: the Redis URL of the shared frontier.")] = "",
    worker_id: Annotated[str, typer.Option("--worker-id", help="This worker's name (distributed mode); unique per worker.")] = "w0",
    idle_timeout: Annotated[float, typer.Option("--idle-timeout", help="Distributed mode: stop after the frontier has been empty this many seconds (0: wait for seeds).")] = 0.0,
    processes: Annotated[int, typer.Option("--processes", min=0, help="Crawl with this many processes of this machine, the seeds dealt out by registered domain (0: one per core). With --redis: this many workers.")] = 1,
) -> None:
    """Crawl the seeds' sites and write pages, links and WARC files under --data. With --redis,
    this process is one worker of a distributed crawl: seeds go to the shared frontier, and
    `backlinks seed` can add more. With --processes N, N processes share the work (one core
    each).

    Example: backlinks crawl example.com news.example.org --data data/ --max-pages-per-domain 200
    """
    import os

    from crawler.processes import run_processes
    from crawler.seeds import read_seeds_file

    texts = list(seeds or [])
    if seeds_file is not None:
        texts += read_seeds_file(seeds_file)
    if not texts and not redis:
        raise BacklinksError("no seeds: give domains or URLs, or --seeds-file FILE")
    overrides: dict[str, object] = {
        "BACKLINKS_DATA_DIR": str(data), "LOG_LEVEL": log_level, "BACKLINKS_PROGRESS": not quiet,
        "BACKLINKS_WORKER_ID": worker_id,
    }
    if redis:
        from crawler.distributed.connection import client_from_url
        from crawler.distributed.control import check_crawl_id, push_seeds

        if not crawl_id:
            raise BacklinksError("a distributed crawl needs --crawl-id, the name its workers share")
        check_crawl_id(crawl_id)
        if texts:
            push_seeds(client_from_url(redis), crawl_id, texts)
            texts = []
        overrides.update(REDIS_URL=redis, BACKLINKS_IDLE_TIMEOUT=idle_timeout)
    if crawl_id:
        overrides["BACKLINKS_CRAWL_ID"] = crawl_id
    if max_pages_per_domain is not None:
        overrides["BACKLINKS_MAX_PAGES_PER_DOMAIN"] = max_pages_per_domain
    if max_depth is not None:
        overrides["DEPTH_LIMIT"] = max_depth
    if proxy:
        overrides["BACKLINKS_PROXY"] = proxy
    overrides.update(_settings_pairs(setting or []))
    stats = run_processes(texts, overrides, processes or os.cpu_count() or 1)
    _print_summary(stats, data, per_worker=bool(redis) or "processes/count" in stats)
    if stats.get("processes/failed"):
        raise BacklinksError("; ".join(stats["processes/failures"]))


def _print_summary(stats: dict, data: str, *, per_worker: bool = False) -> None:
    def get(key: str) -> object:
        return stats.get(key, 0)

    processes = f" by {stats['processes/count']} processes" if stats.get("processes/count") else ""
    manifests = f"{stats['crawl_id']}.*.json" if per_worker else f"{stats['crawl_id']}.json"
    lines = [
        f"crawl {stats['crawl_id']} finished ({stats.get('finish_reason', '?')}) in "
        f"{get('progress/elapsed_seconds')} s{processes}",
        f"  pages {get('progress/pages')} ({get('progress/pages_per_second')}/s), links {get('progress/links')}, "
        f"domains done {get('progress/domains_done')}/{get('progress/domains')}",
        f"  fetch errors {get('progress/fetch_errors')}, robots.txt forbidden {get('robotstxt/forbidden')}, "
        f"over budget {get('budget/exceeded')}, refused addresses {get('ssrf/blocked')}",
        f"  data in {data}/ (links/, pages/, warc/, crawls/{manifests})",
    ]
    typer.echo("\n".join(lines), err=True)


@app.command()
def localweb(
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = 8080,
    hosts: Annotated[int, typer.Option("--hosts", help="Number of sites.")] = 50,
    truth: Annotated[Optional[Path], typer.Option("--truth", help="Write the ground truth here (JSON lines).")] = None,
    access_log: Annotated[Optional[Path], typer.Option("--access-log", help="Log every request here (JSON lines).")] = None,
    page_kb: Annotated[int, typer.Option("--page-kb", help="Pad article pages to about this many KB.")] = 0,
    epoch: Annotated[int, typer.Option("--epoch", help="Version of the web (2 changes some links).")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the generator.")] = 0,
    latency_ms: Annotated[float, typer.Option("--latency-ms", min=0, help="Answer every request this many ms late, robots.txt included (a far server).")] = 0,
) -> None:
    """Serve the local test web as an HTTP proxy on 127.0.0.1 until stopped.

    Example: backlinks localweb --port 8080 --truth truth.jsonl, then
    backlinks crawl --proxy http://127.0.0.1:8080 www.alpha-news.com
    """
    from crawler.localweb.generator import LocalWeb
    from crawler.localweb.server import serve

    web = LocalWeb(hosts=hosts, seed=seed, epoch=epoch, page_kb=page_kb)
    if truth is not None:
        web.write_truth(truth)
    serve(web, port=port, access_log=str(access_log) if access_log else None, latency_ms=latency_ms)


@app.command()
def demo(
    data: DataOpt = Path("demo-data"),
    hosts: Annotated[int, typer.Option("--hosts", help="Sites in the local web.")] = 50,
) -> None:
    """Crawl the local web (started on a free loopback port), build the graph, and print the
    backlink profile of its most linked site. Nothing to set up, no network.

    Example: backlinks demo --data demo-data
    """
    from analysis import formats
    from analysis.graph.build import build as build_graph
    from analysis.index import Index
    from crawler.demo import crawl_local_web, most_linked_domain

    crawl_local_web(data, hosts=hosts)
    typer.echo("2/3 building the link graph", err=True)
    result = build_graph(data)
    domain = most_linked_domain(data)
    typer.echo(f"3/3 the backlink profile of {domain}, the most linked site "
               f"({result.counts.get('links', 0)} links in the index)\n", err=True)
    with Index(data) as index:
        report = index.profile(domain, top=5)
    formats.write_profile(report, "table", sys.stdout.buffer, color=sys.stdout.isatty())
    sys.stdout.flush()
    typer.echo(f"\nNext: backlinks refdomains {domain} --data {data}   "
               f"backlinks links {domain} --data {data} --dofollow", err=True)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="An HTML file (raw bytes as served; .gz is decompressed).")],
    url: Annotated[str, typer.Option("--url", help="The URL the page was fetched from.")],
    header: Annotated[Optional[list[str]], typer.Option("--header", "-H", help="A response header, 'Name: value'.")] = None,
    status: Annotated[int, typer.Option("--status", help="The HTTP status it answered with.")] = 200,
) -> None:
    """Print a page's facts and every link row as JSON lines, exactly as a crawl records them.

    Example: backlinks extract page.html --url https://example.com/post -H 'Content-Type: text/html; charset=windows-1251'
    """
    import gzip
    import json

    from pipelines.extractor import extract as extract_page

    try:
        body = file.read_bytes()
    except OSError as exc:
        raise BacklinksError(f"cannot read {file}: {exc.strerror}") from None
    if file.suffix == ".gz":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as exc:
            raise BacklinksError(f"{file} is not valid gzip: {exc}") from None
    headers = []
    for line in header or []:
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise BacklinksError(f"--header expects 'Name: value', got {line!r}")
        headers.append((name.strip(), value.strip()))
    result = extract_page(url, body, headers, status=status)
    out = sys.stdout
    out.write(json.dumps({"table": "pages", **result.page}, ensure_ascii=False, default=str) + "\n")
    for link in result.links:
        out.write(json.dumps({"table": "links", **link}, ensure_ascii=False, default=str) + "\n")
