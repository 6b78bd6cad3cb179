"""Link-graph commands: build, profile, links, refdomains, anchors, pages, sql.

Each parses its options, calls one method of `analysis.Index` (or `analysis.graph.build`),
and writes the result with `analysis.formats` to stdout, or to `--output`.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from crawler.cli.app import DataOpt, app

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, csv, jsonl or parquet.")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="At most this many rows (0: all).")]
CrawlOpt = Annotated[Optional[str], typer.Option("--crawl", help="Only this crawl (default: all crawls).")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")]


def _emit(relation, fmt: str, limit: int, output: Path | None, title: str) -> None:
    from analysis import formats

    table = relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation
    if fmt == "parquet" and output is None and sys.stdout.isatty():
        raise typer.BadParameter("parquet is binary: give --output FILE or redirect stdout")
    out = output if output is not None else sys.stdout.buffer
    formats.write(table, fmt, out, limit=limit or None, title=title,
                  color=output is None and fmt == "table" and sys.stdout.isatty())
    sys.stdout.flush()


def _index(data: Path):
    from analysis.index import Index

    return Index(data)


@app.command()
def build(
    data: DataOpt = Path("data"),
    trusted: Annotated[Optional[list[str]], typer.Option("--trusted", help="A trusted domain for the trust score (besides .gov/.edu/.mil); repeatable.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
) -> None:
    """Build DATA/graph.duckdb: hosts, domains, edges, first/last seen and the ranks.

    Example: backlinks build --data data/
    """
    from analysis.graph.build import build as build_graph

    def progress(step: str, done: int, total: int) -> None:
        if not quiet:
            typer.echo(f"[{done}/{total}] {step}", err=True)

    result = build_graph(data, progress=progress, trusted=trusted or ())
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.counts.items())
    typer.echo(f"built {result.path} in {result.seconds:.1f} s: {counts}", err=True)


@app.command()
def profile(
    domain: Annotated[str, typer.Argument(help="A domain, host or URL.")],
    data: DataOpt = Path("data"),
    crawl: CrawlOpt = None,
    top: Annotated[int, typer.Option("--top", help="Rows in each top list.")] = 10,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
) -> None:
    """The backlink profile of a site: totals, dofollow share, rank, top anchors, referring
    domains and linked pages, and breakdowns.

    Example: backlinks profile example.com --data data/
    """
    from analysis import formats

    with _index(data) as index:
        result = index.profile(domain, crawl=crawl, top=top)
    formats.write_profile(result, fmt, sys.stdout.buffer, color=sys.stdout.isatty())
    sys.stdout.flush()


@app.command()
def links(
    domain: Annotated[str, typer.Argument(help="A domain, host or URL.")],
    data: DataOpt = Path("data"),
    fmt: FormatOpt = "table",
    limit: LimitOpt = 100,
    output: OutputOpt = None,
    crawl: CrawlOpt = None,
    dofollow: Annotated[bool, typer.Option("--dofollow", help="Dofollow links only.")] = False,
    kind: Annotated[Optional[str], typer.Option("--kind", help="a, area, redirect, canonical, refresh, alternate or frame.")] = None,
    placement: Annotated[Optional[str], typer.Option("--placement", help="content, nav, header, footer, aside, comment or other.")] = None,
    min_rank: Annotated[Optional[float], typer.Option("--min-rank", help="Minimum domain rank of the referring domain.")] = None,
    since: Annotated[Optional[datetime], typer.Option("--since", help="First seen on or after this date.")] = None,
    one_per_domain: Annotated[bool, typer.Option("--one-per-domain", help="The strongest link of each referring domain.")] = False,
) -> None:
    """The backlinks of a site, one row per link, with anchor, rel flags, placement and context.

    Example: backlinks links example.com --dofollow --placement content --format csv
    """
    with _index(data) as index:
        rel = index.links(domain, crawl=crawl, dofollow_only=dofollow, kind=kind, placement=placement,
                          min_rank=min_rank, since=since, one_per_domain=one_per_domain,
                          limit=limit or None)
        _emit(rel, fmt, limit, output, f"Backlinks of {domain}")


@app.command()
def refdomains(
    domain: Annotated[str, typer.Argument(help="A domain, host or URL.")],
    data: DataOpt = Path("data"), fmt: FormatOpt = "table", limit: LimitOpt = 100,
    output: OutputOpt = None, crawl: CrawlOpt = None,
) -> None:
    """The referring domains of a site: rank, backlinks, dofollow backlinks, first/last seen.

    Example: backlinks refdomains example.com --format jsonl
    """
    with _index(data) as index:
        _emit(index.refdomains(domain, crawl=crawl, limit=limit or None), fmt, limit, output,
              f"Referring domains of {domain}")


@app.command()
def anchors(
    domain: Annotated[str, typer.Argument(help="A domain, host or URL.")],
    data: DataOpt = Path("data"), fmt: FormatOpt = "table", limit: LimitOpt = 100,
    output: OutputOpt = None, crawl: CrawlOpt = None,
) -> None:
    """The anchor texts of a site's backlinks, with backlinks and referring domains each.

    Example: backlinks anchors example.com --limit 20
    """
    with _index(data) as index:
        _emit(index.anchors(domain, crawl=crawl, limit=limit or None), fmt, limit, output,
              f"Anchors of {domain}")


@app.command()
def pages(
    domain: Annotated[str, typer.Argument(help="A domain, host or URL.")],
    data: DataOpt = Path("data"), fmt: FormatOpt = "table", limit: LimitOpt = 100,
    output: OutputOpt = None, crawl: CrawlOpt = None,
) -> None:
    """A site's most linked pages.

    Example: backlinks pages example.com --limit 10
    """
    with _index(data) as index:
        _emit(index.pages(domain, crawl=crawl, limit=limit or None), fmt, limit, output,
              f"Most linked pages of {domain}")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A SQL query over the views pages, links (and the graph's tables).")],
    data: DataOpt = Path("data"), fmt: FormatOpt = "table", limit: LimitOpt = 0,
    output: OutputOpt = None,
) -> None:
    """Run any SQL over the index's views.

    Example: backlinks sql "SELECT dst_domain, count(*) FROM links GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
    """
    import duckdb

    from crawler.errors import BacklinksError

    with _index(data) as index:
        try:
            rel = index.sql(query)
            if rel is None:
                return
            _emit(rel, fmt, limit, output, "")
        except duckdb.Error as exc:
            raise BacklinksError(str(exc).splitlines()[0]) from None
