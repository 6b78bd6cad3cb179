"""Audit commands: audit, anchor-profile, disavow, report.

Each parses its options, calls `analysis.audit` (audit, disavow.from_audit, simulate,
report.write) and hands the result to `emit`; library errors become one line on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from crawler.cli.app import DataOpt, FormatOpt, LimitOpt, OutputOpt, app, check_limit, check_output, emit

if TYPE_CHECKING:
    from analysis.audit import Audit

DomainArg = Annotated[str, typer.Argument(metavar="DOMAIN", help="The site to audit: a domain, host or URL.")]
KeywordsOpt = Annotated[list[str] | None, typer.Option(
    "--keywords", "-k", help="The site's money keywords, for exact and partial match anchors "
    "(comma-separated or repeated; default: each linked page's title).")]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", help="Change an audit setting, NAME=VALUE (repeatable; analysis/audit/settings.py lists them), "
    "e.g. --set toxic_score=70.")]


def _run_audit(data: Path, domain: str, keywords: list[str] | None, sets: list[str] | None) -> Audit:
    from analysis.audit import AuditSettings, audit
    from analysis.index import Index

    settings = AuditSettings.with_overrides(sets or [])
    with Index(data) as index:
        return audit(index, domain, keywords=keyword_list(keywords), settings=settings)


def keyword_list(keywords: list[str] | None) -> list[str]:
    """--keywords, comma-separated or repeated."""
    return [w.strip() for k in keywords or [] for w in k.split(",") if w.strip()]


@app.command()
def audit(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    fmt: FormatOpt = "table",
    keywords: KeywordsOpt = None,
    sets: SetOpt = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", callback=check_limit, help="At most this many referring domains in the table (0: all).")] = 0,
    output: OutputOpt = None,
) -> None:
    """Audit a site's backlinks: toxic, suspicious and fine referring domains, worst first.

    Each referring domain gets a 0-100 score, the sum of the points of the named signals that
    raised it (low authority, link farm, link network, sitewide, spam niche, spike, Moz's
    on-page features...), each with its evidence; plus the profile summary, the anchor
    classes and a warning when the anchors look manipulated. json is the whole audit as one
    object (every link, every signal's evidence), jsonl one referring domain a line (its links
    included), csv one referring domain a row. Needs `backlinks build`.

    Example: backlinks audit example.com --keywords "cheap flights" --format jsonl
    """
    from analysis.formats import audit_document

    emit(audit_document(_run_audit(data, domain, keywords, sets), limit), fmt, output)


@app.command("anchor-profile")
def anchor_profile(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    keywords: KeywordsOpt = None,
    fmt: FormatOpt = "table",
    limit: LimitOpt = 50,
    output: OutputOpt = None,
) -> None:
    """A site's anchors by class (branded, exact, partial, generic, naked URL, image, other).

    With each class's share, the typical site's figures and a warning when the profile looks
    manipulated. json is the whole profile as one object; csv and jsonl give its anchors,
    one a row. Needs `backlinks build`.

    Example: backlinks anchor-profile example.com --keywords "cheap flights,flight deals"
    """
    from analysis.audit import anchor_profile as profile_of
    from analysis.formats import anchor_document
    from analysis.index import Index

    with Index(data) as index:
        profile = profile_of(index, domain, keywords=keyword_list(keywords))
    emit(anchor_document(profile, limit), fmt, output)


@app.command()
def disavow(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    min_score: Annotated[float | None, typer.Option(
        "--min-score", help="Disavow what scores at least this (default: the toxic bar, 60; 30 takes the "
                            "suspicious ones too).")] = None,
    merge: Annotated[Path | None, typer.Option(
        "--merge", exists=True, dir_okay=False, help="An existing disavow file: its entries and comments are "
                                                     "kept.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", callback=check_output, help="Write the file here (default: stdout).")] = None,
    simulate: Annotated[bool, typer.Option(
        "--simulate", help="Print the site's domain rank and trust before and after, recomputed without the "
                           "disavowed links.")] = False,
    keywords: KeywordsOpt = None,
    sets: SetOpt = None,
) -> None:
    """Write Google's disavow file for a site's toxic backlinks.

    `domain:` lines for referring domains whose links are mostly toxic, URL lines for single
    pages, a `#` comment before each with its verdict, score and signals; merged with an
    existing file without losing its entries or comments; sorted, deduplicated, UTF-8,
    within Google's 100,000 lines and 2 MB. Removal requests of the outreach log whose link
    stayed get a comment ("removal requested on DATE, no reply"), and those marked disavowed
    are added. --simulate shows what it would do to the site's domain rank and trust (stdout
    with -o, else stderr).

    Example: backlinks disavow example.com --merge disavow.txt -o disavow-new.txt --simulate
    """
    from analysis.audit.disavow import DisavowFile, from_audit
    from analysis.outreach.disavow import with_outreach
    from analysis.outreach.log import OutreachLog

    result = _run_audit(data, domain, keywords, sets)
    bar = result.settings.toxic_score if min_score is None else min_score
    ours = with_outreach(from_audit(result, bar), OutreachLog(data), result.domain)
    final = DisavowFile.read(merge).merge(ours) if merge is not None else ours
    text = final.text()
    if output is None:
        sys.stdout.write(text)
    else:
        final.write(output)
    typer.echo(f"{len(final.domains)} domain lines, {len(final.urls)} URL lines "
               f"(score >= {bar:g}){f'; {len(ours.skipped)} URLs too long skipped' if ours.skipped else ''}",
               err=True)
    if simulate:
        _simulate(data, result.domain, final, to_stdout=output is not None)


def _simulate(data: Path, domain: str, final: Any, *, to_stdout: bool) -> None:
    from analysis import formats
    from analysis.audit.simulate import simulate
    from analysis.index import Index

    with Index(data) as index:
        sim = simulate(index, domain, final)
    stream = sys.stdout.buffer if to_stdout else sys.stderr.buffer
    formats.write(sim.rows(), "table", stream,
                  title=f"{domain} without the disavowed links ({sim.disavowed_links} links, "
                        f"{len(sim.removed_domains)} referring domains removed)")
    stream.flush()


@app.command()
def report(
    domain: DomainArg,
    output: Annotated[Path, typer.Option("--output", "-o", callback=check_output, help="The HTML file to write.")],
    data: DataOpt = Path("data"),
    keywords: KeywordsOpt = None,
    sets: SetOpt = None,
    opportunities: Annotated[bool, typer.Option(
        "--opportunities", help="Add the link opportunities (as `backlinks opportunities`).")] = False,
    competitors: Annotated[list[str] | None, typer.Option(
        "--competitors", "-c", help="With --opportunities: the competitors, comma-separated or repeated.")] = None,
) -> None:
    """Write the audit as one self-contained HTML file (no network needed to open it).

    The profile, charts of referring domains over the crawls, anchor classes, the rank
    distribution of referring domains and the verdicts, the anchor warnings, the good links
    (the link value's distribution and the best link of each of the most valuable referring
    domains), the audit table (sortable, filterable by verdict) with every signal's evidence,
    and with --opportunities the link opportunities by kind with the best of each.

    Example: backlinks report example.com -o report.html --opportunities -c rival1.com,rival2.com
    """
    from analysis.audit import report as html
    from analysis.index import Index
    from analysis.value import report as good_links
    from analysis.value import value

    result = _run_audit(data, domain, keywords, sets)
    found = None
    with Index(data) as index:
        valued = value(index, result.domain, audited=result)
        if opportunities:
            from analysis.opportunities import opportunities as find
            from crawler.cli.opportunities import split_list

            found = find(index, result.domain, split_list(competitors))
    html.write(result, output, good_links.section(valued), found)
    typer.echo(f"wrote {output}: {len(result.domains)} referring domains, "
               + ", ".join(f"{n} {v}" for v, n in result.verdicts.items()), err=True)
