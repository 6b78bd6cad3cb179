"""Candidate sources beyond the crawl: import-webgraph, import-gsc, coverage.

Each parses its options, calls one function of `analysis.sources` (or `analysis.coverage`),
and prints what it did (imports: to stderr) or the result (coverage: with `emit`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crawler.cli.app import DataOpt, FileFormatOpt, LimitOpt, OutputOpt, app, emit
from crawler.errors import BacklinksError

if TYPE_CHECKING:
    from analysis.coverage import Coverage


@app.command("import-webgraph")
def import_webgraph(
    directory: Annotated[Path, typer.Argument(
        help="A directory of web graph files: *vertices*, *edges* and (optional) *ranks* .txt.gz, or vertices/ and "
        "edges/ of part files.", show_default=False)],
    data: DataOpt = Path("data"),
    name: Annotated[str | None, typer.Option(
        "--name", help="The graph's name under DATA/webgraph/ (default: its vertices file's, `-vertices` "
                       "left out).")] = None,
    level: Annotated[str | None, typer.Option(
        "--level", help="domain or host, when the directory holds both or its files do not say.")] = None,
    memory_limit: Annotated[str | None, typer.Option(
        "--memory-limit", help="Cap DuckDB's memory (e.g. 4GB; default 80% of RAM); past it the sort spills "
                               "to disk.")] = None,
) -> None:
    """Import a Common Crawl web graph (or one `backlinks export --format text` wrote) for
    in-link lookups.

    Reads the domain- or host-level vertices, edges and ranks files in Common Crawl's text
    format (gzip, tab-separated) and writes them to DATA/webgraph/NAME/ as Parquet, edges
    sorted by target so that the in-links of one domain are read in a fraction of a second.
    A graph of the same name is replaced when the new one is complete.

    Example: backlinks import-webgraph cc-main-2024-feb-apr-may-domain/ --data data/
    """
    from analysis.sources.webgraph_import import import_webgraph as run_import

    result = run_import(directory, data, name=name, level=level, memory_limit=memory_limit)
    ranks = "with ranks" if result.ranked else "no ranks file"
    typer.echo(f"imported {result.name} ({result.level} graph) into {result.path} in {result.seconds:.1f} s: "
               f"{result.vertices:,} vertices, {result.edges:,} edges, {ranks}", err=True)
    if result.ranks_unmatched:
        typer.echo(f"warning: {result.ranks_unmatched:,} names of the ranks file are no vertex: left out", err=True)


@app.command("import-gsc")
def import_gsc(
    export: Annotated[Path, typer.Argument(
        help="Search Console's Links report export: the zip, a directory of its CSV files, or one CSV.",
        show_default=False)],
    data: DataOpt = Path("data"),
    site: Annotated[str | None, typer.Option(
        "--site", help="The site the export is for (default: the domain of its target pages).")] = None,
) -> None:
    """Import Search Console's Links report exports: the sites and pages Google says link to
    your site.

    Top linking sites, Top linked pages - externally, Latest links and More sample links, as
    Search Console, Google Sheets or Excel wrote them, recognised by their header, name or
    content, into DATA/gsc/SITE/. Prints what each file was taken for.

    Example: backlinks import-gsc ~/Downloads/example.com-links.zip --data data/
    """
    from analysis.sources.gsc import import_gsc as run_import

    result = run_import(export, data, site=site)
    for report in result.files:
        said = [f"{report.kind} (by its {report.how})"] if report.kind else []
        said += [f"{report.rows} row{'' if report.rows == 1 else 's'}"] if report.rows else []
        said += [report.note] if report.note else []
        typer.echo(f"  {report.name}: {', '.join(said)}", err=True)
    counts = result.counts
    typer.echo(f"imported Search Console links of {result.site} into {result.path}: "
               f"{counts['linking_sites']} linking sites, {counts['sample_links']} sample links, "
               f"{counts['target_pages']} target pages", err=True)


SHOW = ("all", "summary", "sites", "links")
REASON_WORDS = {"never_fetched": "never fetched", "robots": "refused by robots.txt",
                "no_link": "fetched, no link found", "gone": "gone (4xx, 5xx, redirected)"}


@app.command()
def coverage(
    target: Annotated[str, typer.Argument(help="Your site: a domain, host or URL.")],
    gsc: Annotated[Path | None, typer.Option(
        "--gsc", help="Search Console's Links report export (zip, directory or CSV); default: what "
                      "import-gsc imported for TARGET.")] = None,
    data: DataOpt = Path("data"),
    show: Annotated[str, typer.Option(
        "--show", help="all (table only: the summary explained, then each miss), summary (the figures), "
                       "sites or links (every row).")] = "all",
    fmt: FileFormatOpt = "table",
    limit: LimitOpt = 100,
    output: OutputOpt = None,
) -> None:
    """How much of what Search Console shows the index has, why the rest is missing, and an
    estimate of all the referring domains.

    Each linking site and sample link of Search Console's Links report is found in the live
    index or missing for a reason: never fetched, refused by robots.txt, fetched but no link
    found, or gone. The overlap of the two samples estimates the total (capture-recapture).

    Example: backlinks coverage example.com --gsc ~/Downloads/example.com-links.zip
    """
    import pyarrow as pa

    from analysis.coverage import coverage as run_coverage
    from analysis.index import Index
    from analysis.sources.gsc import load_import, read_export

    if show not in SHOW:
        raise BacklinksError(f"--show must be one of {', '.join(SHOW)}; got {show!r}")
    if show == "all" and fmt != "table":
        raise BacklinksError(f"--format {fmt} writes one table: add --show summary, sites or links")
    with Index(data) as index:  # the index first: a damaged one is the first thing to say
        export = read_export(gsc) if gsc is not None else load_import(data, target)
        result = run_coverage(index, target, export)
    if show == "summary":
        emit(pa.Table.from_pylist([result.summary()]), fmt, output, limit=limit, title=f"Coverage of {result.target}")
    elif show in ("sites", "links"):
        emit(getattr(result, show), fmt, output, limit=limit, title=f"Search Console's {show} of {result.target}")
    else:
        _explain(result, limit)


def _explain(result: Coverage, limit: int | None) -> None:
    """The summary in words, then the misses of each sample."""
    import pyarrow.compute as pc

    out = [f"Coverage of {result.target}: what Search Console shows, and what the index has", ""]
    for what, label in (("sites", "linking sites"), ("links", "sample links")):
        counts = result.counts[what]
        total = sum(counts.values())
        if not total:
            out.append(f"  {label}: none in the export")
            continue
        share = result.share(what) or 0.0
        out.append(f"  {label}: {counts.get('found', 0)} of {total} in the index ({share:.0%})")
        missing = [f"{n} {REASON_WORDS[r]}" for r, n in counts.items() if r != "found"]
        if missing:
            out.append(f"    missing: {', '.join(missing)}")
    out += ["", *_estimate_lines(result)]
    if not result.robots_recorded:
        out += ["", "  The crawls recorded no robots.txt (crawls before this version, or "
                "BACKLINKS_ROBOTS_RECORD off):", "  pages robots.txt refused show as never fetched."]
    typer.echo("\n".join(out) + "\n")
    for what in ("sites", "links"):
        table = getattr(result, what)
        misses = table.filter(pc.invert(table.column("found")))
        if misses.num_rows:
            emit(misses.drop_columns(["found"]), "table", None, limit=limit,
                 title=f"Search Console's {what} the index misses")


def _estimate_lines(result: Coverage) -> list[str]:
    e = result.estimate
    if e.total is None:
        return ["  Referring domains in all: no estimate (one of the two samples is empty)."]
    lines = [f"  Referring domains in all: about {e.total:,.0f} (95% interval {e.low:,.0f} to {e.high:,.0f})",
             f"    capture-recapture (Chapman): the crawl found {e.ours}, Search Console lists {e.gsc}, "
             f"{e.both} in both:",
             f"    N = ({e.ours} + 1)({e.gsc} + 1) / ({e.both} + 1) - 1 = {e.total:,.1f}"]
    if e.both == 0:
        lines.append("    No domain is in both samples: the estimate says little beyond 'many more'.")
    lines += ["    It assumes the two samples are independent and that every referring domain is as likely",
              "    as any other to be caught by each. Both hold only roughly: Search Console lists at most",
              "    1,000 rows a table, the most linked first, and a focused crawl favours the domains near",
              "    its seeds. Both favour well-linked domains, so the true number is likely higher."]
    return lines
