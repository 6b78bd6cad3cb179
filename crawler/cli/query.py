"""Link-graph commands: build, profile, links, refdomains, anchors, pages, outlinks, broken,
history, intersect, top, explain, crawls, export, sql.

Each parses its options, calls one method of `analysis.Index` (or `analysis.build`,
`analysis.export.export_graph`), and hands the result to `emit` (crawler/cli/app.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from crawler.cli.app import (
    ColumnsOpt,
    DataOpt,
    DomainArg,
    FileFormatOpt,
    FormatOpt,
    LimitOpt,
    OutputOpt,
    app,
    check_format,
    check_limit,
    emit,
)
from crawler.errors import BacklinksError

CrawlOpt = Annotated[str | None, typer.Option(
    "--crawl", help="Only this crawl (default: the live index, each page as last fetched across crawls).")]
#: What `links` shows in a table: the referring page and its rank, anchor, target, follow, first seen.
LINKS_COLUMNS = ["src_url", "page_rank", "anchor_text", "dst_url", "follow", "first_seen"]


def _index(data: Path) -> Any:
    from analysis.index import Index

    return Index(data)


@app.command()
def build(
    data: DataOpt = Path("data"),
    trusted: Annotated[list[str] | None, typer.Option(
        "--trusted", help="A trusted domain for the trust score (besides .gov/.edu/.mil); repeatable.")] = None,
    memory_limit: Annotated[str | None, typer.Option(
        "--memory-limit", help="Cap DuckDB's memory (e.g. 4GB; default BACKLINKS_BUILD_MEMORY_LIMIT, 2GB); "
                               "past it, sorts and joins spill to disk.")] = None,
    engine: Annotated[str, typer.Option(
        "--engine", help="duckdb (this machine) or spark (the same tables computed on Spark).")] = "duckdb",
    master: Annotated[str | None, typer.Option(
        "--master", help="Spark master URL with --engine spark (default local[*]).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
) -> None:
    """Build DATA/graph.duckdb: hosts, domains, edges, first/last seen and the ranks.

    Pages and links deduplicated, hosts and domains with integer ids, edges with link counts
    and first/last seen, domain rank, trust, page rank and harmonic centrality. The new graph
    replaces the old one only when complete; a failed build leaves the old one usable.

    Example: backlinks build --data data/ --trusted example.gov.uk
    """
    from analysis.graph.build import build as build_graph
    from crawler import settings

    def progress(step: str, done: int, total: int) -> None:
        if not quiet:
            typer.echo(f"[{done}/{total}] {step}", err=True)

    if engine == "spark":
        from analysis.spark.build import build as build_on_spark

        result = build_on_spark(data, master=master, progress=progress, trusted=trusted or ())
    elif engine == "duckdb":
        result = build_graph(data, progress=progress, trusted=trusted or (),
                             memory_limit=memory_limit or settings.BACKLINKS_BUILD_MEMORY_LIMIT or None)
    else:
        raise BacklinksError(f"--engine {engine}: choose duckdb or spark")
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.counts.items())
    typer.echo(f"built {result.path} in {result.seconds:.1f} s: {counts}", err=True)


@app.command()
def profile(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    crawl: CrawlOpt = None,
    top: Annotated[int | None, typer.Option(
        "--top", "--limit", "-n", callback=check_limit, help="Rows in each top list (0: all).")] = 10,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    value: Annotated[bool, typer.Option(
        "--value", help="Add each referring domain's share of the link value (see `backlinks value`; runs the "
                        "audit, needs `backlinks build`; the live index).")] = False,
) -> None:
    """The backlink profile of a site: totals, dofollow share, rank, top anchors, referring
    domains and linked pages, and breakdowns.

    json is the profile as one object; csv and jsonl give the rows of its totals, top lists
    and breakdowns one after the other, each with its `section`. --value adds the share of
    the link value by referring domain (the best link's value of each, over their sum).

    Example: backlinks profile example.com --data data/ --value
    """
    from analysis.formats import profile_document

    with _index(data) as index:
        result = index.profile(domain, crawl=crawl, top=top)
        if value:
            from analysis.value import value as value_of

            result.value_shares = value_of(index, domain).by_domain()[:top]
    emit(profile_document(result), fmt, output)


@app.command()
def links(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    fmt: FileFormatOpt = "table",
    limit: LimitOpt = 100,
    output: OutputOpt = None,
    columns: ColumnsOpt = None,
    crawl: CrawlOpt = None,
    dofollow: Annotated[bool, typer.Option("--dofollow", help="Dofollow links only.")] = False,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="a, area, redirect, canonical, refresh, alternate or frame.")] = None,
    placement: Annotated[str | None, typer.Option(
        "--placement", help="content, nav, header, footer, aside, comment or other.")] = None,
    min_rank: Annotated[float | None, typer.Option(
        "--min-rank", help="Minimum domain rank of the referring domain.")] = None,
    since: Annotated[datetime | None, typer.Option("--since", help="First seen on or after this date (UTC).")] = None,
    one_per_domain: Annotated[bool, typer.Option(
        "--one-per-domain", help="The strongest link of each referring domain.")] = False,
) -> None:
    """The backlinks of a site, one row per link, with anchor, rel flags, placement and context.

    A table shows the referring page and its page rank, the anchor, the target, follow
    (dofollow, nofollow, ugc, sponsored, page_nofollow) and when the link was first seen;
    --columns all shows every column, as csv, json and jsonl do.

    Example: backlinks links example.com --dofollow --placement content -f csv
    """
    with _index(data) as index:
        rel = index.links(domain, crawl=crawl, dofollow_only=dofollow, kind=kind, placement=placement,
                          min_rank=min_rank, since=since, one_per_domain=one_per_domain, limit=limit)
        emit(rel, fmt, output, limit=limit, columns=columns, default_columns=LINKS_COLUMNS,
             title=f"Backlinks of {domain}")


def _domain_query(name: str, title: str, doc: str) -> None:
    """Register the command `name`: the `Index` method of that name for one domain, with the
    options every such question takes (data, format, limit, output, columns, crawl)."""

    def command(
        domain: DomainArg,
        data: DataOpt = Path("data"), fmt: FileFormatOpt = "table", limit: LimitOpt = 100,
        output: OutputOpt = None, columns: ColumnsOpt = None, crawl: CrawlOpt = None,
    ) -> None:
        with _index(data) as index:
            rows = getattr(index, name)(domain, crawl=crawl, limit=limit)
            emit(rows, fmt, output, limit=limit, columns=columns, title=title.format(domain=domain))

    command.__doc__ = doc
    app.command(name)(command)


_domain_query("refdomains", "Referring domains of {domain}",
              """The referring domains of a site: rank, backlinks, dofollow backlinks, first/last seen.

    Example: backlinks refdomains example.com --format jsonl
    """)
_domain_query("anchors", "Anchors of {domain}",
              """The anchor texts of a site's backlinks, with backlinks and referring domains each.

    Example: backlinks anchors example.com --limit 20
    """)
_domain_query("pages", "Most linked pages of {domain}",
              """A site's most linked pages, with their status, title and page rank.

    Example: backlinks pages example.com --limit 10
    """)
_domain_query("outlinks", "Domains {domain} links to",
              """The domains a site links to, with links, linking pages and each domain's rank.

    Example: backlinks outlinks example.com --format csv
    """)
_domain_query("broken", "Broken backlinks of {domain}",
              """Backlinks to a site's URLs that answered 4xx or 5xx when last fetched.

    Example: backlinks broken example.com --limit 50
    """)


@app.command()
def history(
    domain: DomainArg, data: DataOpt = Path("data"), fmt: FileFormatOpt = "table", limit: LimitOpt = 100,
    output: OutputOpt = None, columns: ColumnsOpt = None,
    old: Annotated[str | None, typer.Option("--old", help="The older crawl (default: the one before --new).")] = None,
    new: Annotated[str | None, typer.Option("--new", help="The newer crawl (default: the latest).")] = None,
    by: Annotated[str, typer.Option(
        "--by", help="links (each new or lost backlink, with its reason and WARC records), refdomains, or "
                     "weekly (counts per week over all crawls).")] = "links",
) -> None:
    """New and lost backlinks or referring domains between two crawls, or per week.

    A lost link says why (link_removed, page_gone, page_redirected, noindex, not_canonical,
    fetch_error) and names the WARC records of both fetches.

    Example: backlinks history example.com --old 20250106T120000Z --new 20250113T120000Z --by refdomains
    """
    if by == "weekly" and (old or new):
        raise BacklinksError("--by weekly covers every crawl: drop --old and --new")
    with _index(data) as index:
        emit(index.history(domain, old=old, new=new, by=by, limit=limit), fmt, output, limit=limit,
             columns=columns, title=f"History of {domain} ({by})")


@app.command()
def intersect(
    competitors: Annotated[list[str], typer.Argument(help="Two competitors or more: domains, hosts or URLs.")],
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", help="My site: drop the domains linking to it; repeatable.")] = None,
    min_targets: Annotated[int | None, typer.Option(
        "--min", help="Link to at least this many of the competitors (default: 2).")] = None,
    data: DataOpt = Path("data"), fmt: FileFormatOpt = "table", limit: LimitOpt = 100,
    output: OutputOpt = None, columns: ColumnsOpt = None, crawl: CrawlOpt = None,
) -> None:
    """Domains linking to at least --min of the competitors but not to my site.

    Strongest first, with the competitors each links to and its backlinks to them.

    Example: backlinks intersect rival1.com rival2.com rival3.com --exclude mysite.com --min 2
    """
    if len(competitors) < 2:
        raise BacklinksError("intersect compares two competitors or more: backlinks intersect COMP1 COMP2...")
    if min_targets is not None and not 1 <= min_targets <= len(competitors):
        raise BacklinksError(f"--min must be between 1 and the {len(competitors)} competitors given; got {min_targets}")
    with _index(data) as index:
        emit(index.intersect(competitors, exclude=exclude or [], min_targets=min_targets, crawl=crawl, limit=limit),
             fmt, output, limit=limit, columns=columns,
             title=f"Domains linking to {min_targets or 2}+ of {', '.join(competitors)}")


@app.command()
def top(
    data: DataOpt = Path("data"), fmt: FileFormatOpt = "table", limit: LimitOpt = 100,
    output: OutputOpt = None, columns: ColumnsOpt = None,
    min_refdomains: Annotated[int, typer.Option(
        "--min-refdomains", min=0, help="Only domains with at least this many referring domains.")] = 0,
) -> None:
    """The graph's strongest domains, with rank, trust, referring domains and backlinks.

    Columns: rank_pos, domain, domain_rank, trust, trust_ratio, referring_domains, backlinks,
    out_domains. Needs `backlinks build`.

    Example: backlinks top --limit 20 --min-refdomains 3
    """
    with _index(data) as index:
        emit(index.top(limit=limit, min_referring_domains=min_refdomains), fmt, output, limit=limit,
             columns=columns, title="Top domains")


@app.command()
def explain(
    domain: DomainArg, data: DataOpt = Path("data"), fmt: FileFormatOpt = "table", limit: LimitOpt = 100,
    output: OutputOpt = None, columns: ColumnsOpt = None,
) -> None:
    """Why a site ranks where it does: the referring domains that pass it the most rank.

    Each with its contribution, its share of all the site receives through links, and its
    part of the whole score. Needs `backlinks build`.

    Example: backlinks explain example.com --limit 10
    """
    with _index(data) as index:
        emit(index.explain(domain, limit=limit), fmt, output, limit=limit, columns=columns,
             title=f"What {domain}'s rank is made of")


@app.command()
def crawls(
    data: DataOpt = Path("data"), fmt: FileFormatOpt = "table", limit: LimitOpt = 0,
    output: OutputOpt = None, columns: ColumnsOpt = None,
) -> None:
    """The crawls in the index, in start order, with when each ran and its URLs.

    Their ids are what --crawl, --old and --new take.

    Example: backlinks crawls --data data/
    """
    with _index(data) as index:
        emit(index.crawls(), fmt, output, limit=limit, columns=columns, title="Crawls")


@app.command()
def export(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The directory to write the files to (created if missing).")],
    data: DataOpt = Path("data"),
    level: Annotated[str, typer.Option("--level", help="domain or host.")] = "domain",
    fmt: Annotated[str, typer.Option(
        "--format", "-f", callback=check_format(("text", "parquet")), help="The files' format: text "
                                                                           "(Common Crawl's vertices/edges, gzip) or "
                                                                           "parquet.")] = "text",
    dofollow: Annotated[bool, typer.Option("--dofollow", help="Only edges with a dofollow link.")] = False,
    prefix: Annotated[str, typer.Option("--prefix", help="File name prefix.")] = "backlinks",
) -> None:
    """Export the domain or host graph as edge lists for other graph tools.

    Vertices and edges (and, for hosts, harmonic centrality and PageRank) in the text format
    of Common Crawl's web graphs, or as Parquet; prints the files written. Needs
    `backlinks build`.

    Example: backlinks export --level host --format text -o graph/
    """
    from analysis.export import export_graph

    if output.exists() and not output.is_dir():
        raise BacklinksError(f"--output {output} is a file: export writes several files into a directory")
    with _index(data) as index:
        paths = export_graph(index, output, level=level, fmt=fmt, dofollow_only=dofollow, prefix=prefix)
    for path in paths:
        typer.echo(path)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A SQL query over the views pages, links (and the graph's tables).")],
    data: DataOpt = Path("data"), fmt: FileFormatOpt = "table", limit: LimitOpt = 0,
    output: OutputOpt = None, columns: ColumnsOpt = None,
) -> None:
    """Run any SQL over the index's views.

    Example: backlinks sql "SELECT dst_domain, count(*) FROM links GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
    """
    import duckdb

    with _index(data) as index:
        try:
            rel = index.sql(query)
            if rel is None:
                return
            emit(rel, fmt, output, limit=limit, columns=columns)
        except duckdb.Error as exc:
            raise BacklinksError(str(exc).splitlines()[0]) from None
