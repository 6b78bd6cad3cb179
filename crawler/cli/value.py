"""Link value commands: value, toplist import.

Each parses its options, calls `analysis.value` (value, toplist.import_list) and hands the
result to `emit`; library errors become one line on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crawler.cli.app import (
    ColumnsOpt,
    DataOpt,
    DomainArg,
    FileFormatOpt,
    LimitOpt,
    OutputOpt,
    app,
    emit,
    terminal_width,
)
from crawler.cli.audit import KeywordsOpt, keyword_list
from crawler.errors import BacklinksError

#: What `value` shows in a table: the referring page, the value, its five components, the anchor.
VALUE_COLUMNS = ["src_url", "value", "authority", "relevance", "placement", "anchor_diversity", "traffic",
                 "anchor"]
ValueSetOpt = Annotated[list[str] | None, typer.Option(
    "--set", help="Change a link value setting, NAME=VALUE (repeatable; analysis/value/settings.py lists them), "
    "e.g. --set relevance_weight=0.4.")]


@app.command()
def value(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    fmt: FileFormatOpt = "table",
    limit: LimitOpt = 100,
    output: OutputOpt = None,
    columns: ColumnsOpt = None,
    one_per_domain: Annotated[bool, typer.Option(
        "--one-per-domain", help="The best link of each referring domain.")] = False,
    dofollow: Annotated[bool, typer.Option("--dofollow", help="Dofollow links only.")] = False,
    placement: Annotated[str | None, typer.Option(
        "--placement", help="Only links in this region: content, nav, header, footer, aside, comment or "
                            "other.")] = None,
    min_value: Annotated[float | None, typer.Option(
        "--min-value", help="Only links worth at least this (0-100).")] = None,
    band: Annotated[str | None, typer.Option(
        "--traffic", help="Only links of this traffic band: high, medium or low.")] = None,
    keywords: KeywordsOpt = None,
    sets: ValueSetOpt = None,
) -> None:
    """A site's backlinks by what each is worth, best first: link value 0-100 and its five components.

    authority (the rank the link passes, the referring domain's rank and trust), relevance
    (TF-IDF similarity of the linking page and its site with the site, with the shared
    terms), placement (region, position, crowding, text around it), anchor diversity (how
    many other referring domains use the same anchor) and traffic (a band: high, medium,
    low), each with its evidence in the why_* columns; the audit's toxic and suspicious
    referring domains are worth less. In a table, a summary line follows the rows. Needs `backlinks build`.

    Example: backlinks value example.com --one-per-domain --format jsonl --limit 50
    """
    from analysis.index import Index
    from analysis.value import ValueSettings
    from analysis.value import value as value_of

    settings = ValueSettings.with_overrides(sets or [])
    with Index(data) as index:
        result = value_of(index, domain, settings=settings, keywords=keyword_list(keywords), dofollow_only=dofollow,
                          region=placement, min_value=min_value, band=band, one_per_domain=one_per_domain)
    emit([k.row() for k in result.links], fmt, output, limit=limit, columns=columns, default_columns=VALUE_COLUMNS,
         title=f"Backlinks of {result.domain} by value")
    if fmt != "table" or (output is not None and str(output) != "-"):
        return  # machine formats hold the rows alone
    s = result.summary()
    import textwrap

    median = s["median_value"] if s["median_value"] is not None else "-"
    listed = "" if s["popularity_list"] else "; no popularity list imported (backlinks toplist import)"
    typer.echo(textwrap.fill(f"{s['backlinks']} backlinks from {s['referring_domains']} referring domains, "
                             f"median value {median}; top anchor share {s['top_anchor_share']:.0%}, anchor HHI "
                             f"{s['anchor_hhi']:.2f}{listed}", terminal_width()))


@app.command()
def toplist(
    action: Annotated[str, typer.Argument(metavar="ACTION", help="import: store FILE as the popularity list.")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The list: a Tranco, Majestic Million or Chrome "
                                                              "UX Report CSV.", exists=True, dir_okay=False)],
    data: DataOpt = Path("data"),
) -> None:
    """Import a popularity list for the traffic band of `value` (nothing is fetched).

    The Tranco list (rank,domain without a header), the Majestic Million CSV
    (GlobalRank,TldRank,Domain,...) or Chrome UX Report rank buckets (origin,rank), recognised
    by the first line; stored as DATA/toplist/toplist.parquet, replacing a list imported
    before.

    Example: backlinks toplist import tranco.csv --data data/
    """
    if action != "import":
        raise BacklinksError(f"toplist {action}: the one action is import (backlinks toplist import FILE)")
    from analysis.value.toplist import import_list

    imported = import_list(file, data)
    typer.echo(f"imported {imported.format} list {file}: {imported.lines} entries, {imported.domains} "
               f"registered domains, into {imported.path}", err=True)
