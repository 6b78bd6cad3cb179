"""Distributed-crawl commands: seed, status (the workers are `backlinks crawl --redis`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crawler.cli.app import FormatOpt, OutputOpt, app, emit

RedisOpt = Annotated[str, typer.Option(
    "--redis", help="Redis URL: redis://[user:password@]host:port/db, rediss:// for TLS.")]
CrawlIdOpt = Annotated[str, typer.Option("--crawl-id", help="The crawl the workers share.")]


@app.command()
def seed(
    seeds: Annotated[list[str] | None, typer.Argument(help="Domains or http(s) URLs.")] = None,
    redis: RedisOpt = "redis://127.0.0.1:6379/0",
    crawl_id: CrawlIdOpt = "default",
    seeds_file: Annotated[Path | None, typer.Option("--seeds-file", help="A file of seeds, one per line.")] = None,
) -> None:
    """Feed seeds to a distributed crawl (validated, deduplicated across calls).

    Example: backlinks seed --redis redis://10.0.0.5:6379/0 --crawl-id cc-2026-11 --seeds-file domains.txt
    """
    from crawler.distributed.connection import client_from_url
    from crawler.distributed.control import push_seeds
    from crawler.errors import BacklinksError
    from crawler.seeds import read_seeds_file
    from pipelines.dataset.layout import check_crawl_id

    check_crawl_id(crawl_id)
    texts = list(seeds or []) + (read_seeds_file(seeds_file) if seeds_file else [])
    if not texts:
        raise BacklinksError("no seeds: give domains or URLs, or --seeds-file FILE")
    added, duplicates = push_seeds(client_from_url(redis), crawl_id, texts)
    typer.echo(f"{added} seeds added to crawl {crawl_id}, {duplicates} already there", err=True)


@app.command()
def status(
    redis: RedisOpt = "redis://127.0.0.1:6379/0",
    crawl_id: CrawlIdOpt = "default",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """A distributed crawl's state: frontier, requests in flight, workers and their pages/s,
    domains done, errors.

    json is the state as one object; csv and jsonl give the workers, one a row.

    Example: backlinks status --redis redis://10.0.0.5:6379/0 --crawl-id cc-2026-11
    """
    from analysis.formats import Document, rows_of
    from crawler.distributed.connection import client_from_url
    from crawler.distributed.control import status as crawl_status
    from pipelines.dataset.layout import check_crawl_id

    check_crawl_id(crawl_id)
    doc = crawl_status(client_from_url(redis), crawl_id)
    facts = [{"measure": key.replace("_", " "), "value": str(doc[key])}
             for key in ("frontier", "in_flight", "seeds_waiting", "domains_done", "domains", "pages",
                         "errors", "workers_alive")]
    workers = rows_of(doc["workers"], "Workers")
    emit(Document(doc, [rows_of(facts, f"Crawl {doc['crawl_id']}"), workers], workers), fmt, output)
