"""Distributed-crawl commands: seed, status (the workers are `backlinks crawl --redis`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.app import app

RedisOpt = Annotated[str, typer.Option("--redis", help="Redis URL: redis://[user:password@]host:port/db, rediss:// for TLS.")]
CrawlIdOpt = Annotated[str, typer.Option("--crawl-id", help="The crawl the workers share.")]


@app.command()
def seed(
    seeds: Annotated[Optional[list[str]], typer.Argument(help="Domains or http(s) URLs.")] = None,
    redis: RedisOpt = "redis://127.0.0.1:6379/0",
    crawl_id: CrawlIdOpt = "default",
    seeds_file: Annotated[Optional[Path], typer.Option("--seeds-file", help="A file of seeds, one per line.")] = None,
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
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
) -> None:
    """A distributed crawl's state: frontier, requests in flight, workers and their pages/s,
    domains done, errors.

    Example: backlinks status --redis redis://10.0.0.5:6379/0 --crawl-id cc-2026-11
    """
    from crawler.distributed.connection import client_from_url
    from crawler.distributed.control import status as crawl_status
    from pipelines.dataset.layout import check_crawl_id

    check_crawl_id(crawl_id)
    doc = crawl_status(client_from_url(redis), crawl_id)
    if as_json:
        typer.echo(json.dumps(doc))
        return
    typer.echo(f"crawl {doc['crawl_id']}: frontier {doc['frontier']}, in flight {doc['in_flight']}, "
               f"seeds waiting {doc['seeds_waiting']}, domains done {doc['domains_done']}/{doc['domains']}, "
               f"pages {doc['pages']}, errors {doc['errors']}, workers alive {doc['workers_alive']}")
    for w in doc["workers"]:
        typer.echo(f"  {w['worker']:<12} {'alive' if w['alive'] else 'gone ':<6} {w['state']:<20} "
                   f"pages {w['pages']:>8}  {w['pages_per_second']:>7}/s  in flight {w['in_flight']:>4}  "
                   f"errors {w['errors']}  seen {w['last_seen_seconds_ago']} s ago")
