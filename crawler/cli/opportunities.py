"""Opportunity commands: opportunities (analysis/opportunities/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crawler.cli.app import ColumnsOpt, DataOpt, DomainArg, FileFormatOpt, LimitOpt, OutputOpt, app, emit

#: What a table shows; csv, json and jsonl show every column.
COLUMNS = ["kind", "domain", "url", "value", "reason", "evidence"]


def split_list(values: list[str] | None) -> list[str]:
    """Values given comma-separated, repeated, or both."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


@app.command()
def opportunities(
    domain: DomainArg,
    competitors: Annotated[list[str] | None, typer.Option(
        "--competitors", "-c", help="The competitors, comma-separated or repeated.")] = None,
    data: DataOpt = Path("data"),
    names: Annotated[list[str] | None, typer.Option(
        "--brand", help="A name or alias of the site, for mentions (repeatable; its domain, the name the domain "
                        "spells and its og:site_name are always searched).")] = None,
    min_competitors: Annotated[int | None, typer.Option(
        "--min", help="Intersect: link to at least this many competitors (default 2, or 1 with one).")] = None,
    kinds: Annotated[list[str] | None, typer.Option(
        "--kind", help="Only these kinds: intersect, broken, mention, reclaim, local, and dead_outlink, found only "
                       "when asked for (comma-separated or repeated).")] = None,
    region: Annotated[str | None, typer.Option(
        "--region", help="Local prospects: the site's country, as its code TLD (de, fr, uk...; default: the "
                         "site's own TLD or phone numbers).")] = None,
    fmt: FileFormatOpt = "table",
    limit: LimitOpt = 0,
    output: OutputOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """Link opportunities of a site: who to ask for a link next, and why.

    intersect: domains linking to at least --min competitors and not to the site; broken:
    competitors' dead pages (4xx/5xx) that other sites still link to, one row per page and
    referring domain; mention: pages naming the site without linking to it; reclaim: backlinks
    lost between the last two crawls whose page is still up, and the site's own dead pages
    with backlinks; local: crawled domains of the site's region (--region, or its country code
    TLD or phone numbers) that do not link to it. Each row: kind, domain (who to write to), url
    (the page concerned), value (0-100, from the domain's rank and trust; needs `backlinks
    build`), reason, evidence and the WARC record that shows it. Without --competitors:
    mention, reclaim and local only. Every row by default (--limit 0): each kind is worth seeing.

    Example: backlinks opportunities mysite.com --competitors rival1.com,rival2.com --format jsonl
    """
    from analysis.formats import dict_rows
    from analysis.index import Index
    from analysis.opportunities import KINDS
    from analysis.opportunities import opportunities as find
    from analysis.opportunities.find import COLUMNS as ALL

    with Index(data) as index:
        rows = find(index, domain, split_list(competitors), names=split_list(names),
                    min_competitors=min_competitors, kinds=split_list(kinds) or KINDS, region=region)
    emit(dict_rows(rows, ALL), fmt, output, limit=limit, columns=columns, default_columns=COLUMNS,
         title=f"Link opportunities of {domain}")
