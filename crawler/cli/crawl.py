"""Crawl-side commands: crawl, localweb, demo, extract."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crawler.cli.app import (
    FORMATS,
    ColumnsOpt,
    DataLocationOpt,
    DataOpt,
    LogLevelOpt,
    OutputOpt,
    ProxyOpt,
    QuietOpt,
    SettingOpt,
    WorkerIdOpt,
    app,
    check_format,
    column_names,
    emit,
)
from crawler.errors import BacklinksError

if TYPE_CHECKING:
    from collections.abc import Callable


def _settings_pairs(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise BacklinksError(f"-s expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    check_settings(out)
    return out


def check_settings(values: dict[str, str]) -> None:
    """Read each -s value as its setting's type (its default's) before the crawl starts: a
    wrong value is one line naming the setting, not an error deep inside the crawl. A
    BACKLINKS_ name that crawler/settings.py does not define is a typo."""
    from crawler.run import crawl_settings

    defaults, settings = crawl_settings(), crawl_settings(values)
    getters: dict[type, Callable[[str], object]] = {
        bool: settings.getbool, int: settings.getfloat, float: settings.getfloat, dict: settings.getdict}
    for name, value in values.items():
        if name.startswith("BACKLINKS_") and name not in defaults:
            raise BacklinksError(f"unknown setting {name}: crawler/settings.py lists every BACKLINKS_ setting")
        default = defaults.get(name)
        getter = getters.get(type(default))
        if getter is None:
            continue
        try:
            getter(name)
        except (ValueError, TypeError):
            expected = {bool: "true or false", int: "a number", float: "a number", dict: "a JSON object"}[type(default)]
            raise BacklinksError(f"-s {name}={value}: {name} takes {expected} (default: {default!r})") from None


def check_log_level(level: str) -> None:
    if level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise BacklinksError(f"--log-level {level}: choose DEBUG, INFO, WARNING or ERROR")


@app.command()
def crawl(
    seeds: Annotated[list[str] | None, typer.Argument(help="Domains or http(s) URLs.")] = None,
    seeds_file: Annotated[Path | None, typer.Option("--seeds-file", help="A file of seeds, one per line.")] = None,
    data: DataLocationOpt = "data",
    crawl_id: Annotated[str, typer.Option("--crawl-id", help="Name of this crawl (default: its start time).")] = "",
    max_pages_per_domain: Annotated[int | None, typer.Option(
        "--max-pages-per-domain", help="Page budget per registered domain.")] = None,
    max_depth: Annotated[int | None, typer.Option("--max-depth", help="Link hops from a seed.")] = None,
    proxy: ProxyOpt = "",
    setting: SettingOpt = None,
    log_level: LogLevelOpt = "INFO",
    quiet: QuietOpt = False,
    redis: Annotated[str, typer.Option("--redis", help="Distributed mode: the Redis URL of the shared frontier.")] = "",
    worker_id: WorkerIdOpt = "w0",
    idle_timeout: Annotated[float, typer.Option(
        "--idle-timeout", help="Distributed mode: stop after the frontier has been empty this many seconds "
                               "(0: wait for seeds).")] = 0.0,
    processes: Annotated[int, typer.Option(
        "--processes", min=0, help="Crawl with this many processes of this machine, the seeds dealt out by "
                                   "registered domain (0: one per core). With --redis: this many workers.")] = 1,
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

    check_log_level(log_level)
    texts = list(seeds or [])
    if seeds_file is not None:
        texts += read_seeds_file(seeds_file)
    if not texts and not redis:
        raise BacklinksError("no seeds: give domains or URLs, or --seeds-file FILE")
    overrides: dict[str, object] = {
        "BACKLINKS_DATA_DIR": str(data), "LOG_LEVEL": log_level.upper(), "BACKLINKS_PROGRESS": not quiet,
        "BACKLINKS_WORKER_ID": worker_id,
    }
    if redis:
        from crawler.distributed.connection import client_from_url
        from crawler.distributed.control import push_seeds
        from pipelines.dataset.layout import check_crawl_id

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
    if not redis:  # a distributed crawl's workers end one by one: `outreach sync` after it
        _mark_removals(data)


def _mark_removals(data: str) -> None:
    """The outreach log's removal requests whose link this crawl saw gone, marked removed."""
    from analysis.outreach.removals import mark_all_removed

    marked = mark_all_removed(data)
    if marked:
        typer.echo(f"  outreach: {len(marked)} removal requests marked removed (backlinks outreach list)", err=True)


def _print_summary(stats: dict, data: str, *, per_worker: bool = False) -> None:
    def get(key: str) -> object:
        return stats.get(key, 0)

    processes = f" by {stats['processes/count']} processes" if stats.get("processes/count") else ""
    manifests = f"{stats['crawl_id']}.*.json" if per_worker else f"{stats['crawl_id']}.json"
    log = stats.get("log_file") or str(Path(data, "logs", f"{stats['crawl_id']}.*.log"))
    lines = [
        f"crawl {stats['crawl_id']} finished ({stats.get('finish_reason', '?')}) in "
        f"{get('progress/elapsed_seconds')} s{processes}",
        f"  pages {get('progress/pages')} ({get('progress/pages_per_second')}/s), links {get('progress/links')}, "
        f"domains done {get('progress/domains_done')}/{get('progress/domains')}",
        f"  fetch errors {get('progress/fetch_errors')}, robots.txt forbidden {get('robotstxt/forbidden')}, "
        f"over budget {get('budget/exceeded')}, refused addresses {get('ssrf/blocked')}",
        f"  data in {data}/ (links/, pages/, warc/, crawls/{manifests}); log in {log}",
    ]
    typer.echo("\n".join(lines), err=True)


@app.command()
def localweb(
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = 8080,
    hosts: Annotated[int, typer.Option("--hosts", help="Number of sites.")] = 50,
    truth: Annotated[Path | None, typer.Option("--truth", help="Write the ground truth here (JSON lines).")] = None,
    access_log: Annotated[Path | None, typer.Option(
        "--access-log", help="Log every request here (JSON lines).")] = None,
    page_kb: Annotated[int, typer.Option("--page-kb", help="Pad article pages to about this many KB.")] = 0,
    epoch: Annotated[int, typer.Option("--epoch", help="Version of the web (2 changes some links).")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the generator.")] = 0,
    latency_ms: Annotated[float, typer.Option(
        "--latency-ms", min=0, help="Answer every request this many ms late, robots.txt included (a far server).")] = 0,
    wide: Annotated[bool, typer.Option(
        "--wide", help="Serve the wide web instead: thousands of topical sites, web directories as seeds, a "
                       "target none of them links to (--hosts, --page-kb, --epoch do not apply).")] = False,
    sites: Annotated[int, typer.Option("--sites", min=100, help="Sites of the wide web (at least 100).")] = 3000,
) -> None:
    """Serve the local test web as an HTTP proxy on 127.0.0.1 until stopped.

    Example: backlinks localweb --port 8080 --truth truth.jsonl, then
    backlinks crawl --proxy http://127.0.0.1:8080 www.alpha-news.com
    """
    from crawler.localweb.generator import LocalWeb
    from crawler.localweb.server import serve
    from crawler.localweb.wide import WideWeb

    web = WideWeb(sites, seed) if wide else LocalWeb(hosts=hosts, seed=seed, epoch=epoch, page_kb=page_kb)
    if truth is not None:
        web.write_truth(truth)
    serve(web, port=port, access_log=str(access_log) if access_log else None, latency_ms=latency_ms)


@app.command()
def demo(
    data: DataOpt = Path("demo-data"),
    hosts: Annotated[int, typer.Option(
        "--hosts", min=15, help="Sites in the local web (15 at least: the featured ones).")] = 50,
) -> None:
    """Crawl the local web twice (started on a free loopback port, changed in between), build
    the graph, and print a short report, the commands to try next and the one that opens the
    explorer on it.

    Nothing to set up, no network. --data is the demo's own directory: a new or empty one, or
    an earlier demo's, whose crawls it replaces; it never deletes anything else.

    Example: backlinks demo --data demo-data
    """
    from analysis.graph.build import build as build_graph
    from crawler import demo as local_demo

    local_demo.prepare(data)
    local_demo.crawl_epochs(data, hosts=hosts)
    typer.echo("3/4 building the link graph", err=True)
    result = build_graph(data)
    typer.echo(f"4/4 the report ({result.counts.get('links', 0):,} links, {result.counts.get('domains', 0):,} "
               "domains in the index)\n", err=True)
    found = local_demo.report(data, hosts=hosts)
    emit(found.document, "table", None)
    typer.echo("\nTry next:\n" + "\n".join(f"  {command}" for command in found.commands))
    typer.echo(f"\nExplore it in your browser:\n  {found.explore}\nthen open {found.first_page}")


#: What `extract` shows in a table: the page's main facts, and each link's.
EXTRACT_PAGE_COLUMNS = ["url", "status", "title", "canonical", "links_internal", "links_external"]
EXTRACT_LINK_COLUMNS = ["dst_url", "anchor_text", "rel", "placement", "kind"]


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="An HTML file (raw bytes as served; .gz is decompressed).")],
    url: Annotated[str, typer.Option("--url", help="The URL the page was fetched from.")],
    header: Annotated[list[str] | None, typer.Option(
        "--header", "-H", help="A response header, 'Name: value'.")] = None,
    status: Annotated[int, typer.Option("--status", help="The HTTP status it answered with.")] = 200,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", callback=check_format(FORMATS),
        help="jsonl (the page's row, then each link's, each with its `table`), json (one object: page and links), "
             "csv or table (the links).")] = "jsonl",
    output: OutputOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """Print a page's facts and every link row, exactly as a crawl records them.

    csv and --columns are about the links; a table shows the page's main facts, then the
    links.

    Example: backlinks extract page.html --url https://example.com/ -H 'Content-Type: text/html; charset=windows-1251'
    """
    import gzip

    from analysis.formats import Document, rows_of
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
    page = rows_of([result.page], f"Page {result.page['url']}")
    if fmt == "table":
        page = page.select(EXTRACT_PAGE_COLUMNS)
    links = rows_of(result.links, f"Links of {result.page['url']}").select(
        column_names(columns, EXTRACT_LINK_COLUMNS if fmt == "table" else None))
    tagged = [{"table": "pages", **result.page}] + [{"table": "links", **link} for link in result.links]
    emit(Document({"page": result.page, "links": result.links}, [page, links], links, tagged), fmt, output)
