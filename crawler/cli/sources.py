"""Candidate sources beyond the crawl: import-webgraph, import-gsc, coverage.

Each parses its options, calls one function of `analysis.sources` (or `analysis.coverage`),
and prints what it did (imports: to stderr) or the result (coverage: with `query._emit`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from crawler.cli.app import DataOpt, app
from crawler.cli.query import FormatOpt, LimitOpt, OutputOpt, _emit
from crawler.errors import BacklinksError

if TYPE_CHECKING:
    from analysis.coverage import Coverage


@app.command("import-webgraph")
def import_webgraph(
    directory: Annotated[Path, typer.Argument(help="A directory of web graph files: *vertices*, *edges* and (optional) *ranks* .txt.gz, or vertices/ and edges/ of part files.", show_default=False)],
    data: DataOpt = Path("data"),
    name: Annotated[Optional[str], typer.Option("--name", help="The graph's name under DATA/webgraph/ (default: its vertices file's, `-vertices` left out).")] = None,
    level: Annotated[Optional[str], typer.Option("--level", help="domain or host, when the directory holds both or its files do not say.")] = None,
    memory_limit: Annotated[Optional[str], typer.Option("--memory-limit", help="Cap DuckDB's memory (e.g. 4GB; default 80% of RAM); past it the sort spills to disk.")] = None,
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
    export: Annotated[Path, typer.Argument(help="Search Console's Links report export: the zip, a directory of its CSV files, or one CSV.", show_default=False)],
    data: DataOpt = Path("data"),
    site: Annotated[Optional[str], typer.Option("--site", help="The site the export is for (default: the domain of its target pages).")] = None,
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
        kind = f"{report.kind} (by its {report.how})" if report.kind else "not recognised"
        rows = f", {report.rows} rows" if report.rows else ""
        note = f"; {report.note}" if report.note else ""
        typer.echo(f"  {report.name}: {kind}{rows}{note}", err=True)
    counts = result.counts
    typer.echo(f"imported Search Console links of {result.site} into {result.path}: "
               f"{counts['linking_sites']} linking sites, {counts['sample_links']} sample links, "
               f"{counts['target_pages']} target pages", err=True)
