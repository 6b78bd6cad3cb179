"""Audit commands: audit, anchor-profile, disavow, report.

Each parses its options, calls `analysis.audit` (audit, disavow.from_audit, simulate,
report.write) and formats the result; library errors become one line on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from crawler.cli.app import DataOpt, app
from crawler.errors import BacklinksError

if TYPE_CHECKING:
    from analysis.audit import Audit

DomainArg = Annotated[str, typer.Argument(help="The site to audit: a domain, host or URL.")]
KeywordsOpt = Annotated[list[str] | None, typer.Option(
    "--keywords", "-k", help="The site's money keywords, for exact and partial match anchors "
    "(comma-separated or repeated; default: each linked page's title).")]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", help="Change an audit setting, NAME=VALUE (repeatable; docs/audit.md lists them), "
    "e.g. --set toxic_score=70.")]
AUDIT_FORMATS = ("table", "json", "jsonl", "csv")


def _run_audit(data: Path, domain: str, keywords: list[str] | None, sets: list[str] | None) -> Audit:
    from analysis.audit import AuditSettings, audit
    from analysis.index import Index

    words = [w.strip() for k in keywords or [] for w in k.split(",") if w.strip()]
    settings = AuditSettings.with_overrides(sets or [])
    with Index(data) as index:
        return audit(index, domain, keywords=words, settings=settings)


def _rows(result: Audit) -> list[dict[str, Any]]:
    return [{"domain": d.domain, "verdict": d.verdict, "score": d.score,
             "domain_rank": d.domain_rank, "trust": d.trust, "backlinks": d.backlinks,
             "dofollow_backlinks": d.dofollow_backlinks,
             "signals": ", ".join(f"{r.signal} +{r.points:g}" for r in d.signals)} for d in result.domains]


def _write_table(out: Any, rows: list[dict[str, Any]], fmt: str, title: str) -> None:
    import pyarrow as pa

    from analysis import formats

    table = pa.Table.from_pylist(rows) if rows else pa.table({"": pa.array([], pa.string())})
    formats.write(table, fmt, out, title=title, color=False)


@app.command()
def audit(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (summary, anchors, verdicts), json (one document with every link), jsonl (one referring domain a line, its links included) or csv (one referring domain a row).")] = "table",
    keywords: KeywordsOpt = None,
    sets: SetOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many referring domains in the table (0: all).")] = 0,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Audit a site's backlinks: toxic, suspicious and fine referring domains, worst first.

    Each referring domain gets a 0-100 score, the sum of the points of the named signals that
    raised it (low authority, link farm, link network, sitewide, spam niche, spike, Moz's
    on-page features...), each with its evidence; plus the profile summary, the anchor
    classes and a warning when the anchors look manipulated. Needs `backlinks build`.

    Example: backlinks audit example.com --keywords "cheap flights" --format jsonl
    """
    if fmt not in AUDIT_FORMATS:
        raise BacklinksError(f"--format must be one of {', '.join(AUDIT_FORMATS)}; got {fmt!r}")
    result = _run_audit(data, domain, keywords, sets)
    if output is None:
        _write_audit(sys.stdout.buffer, result, fmt, limit)
        sys.stdout.flush()
        return
    with open(output, "wb") as stream:
        _write_audit(stream, result, fmt, limit)


def _write_audit(stream: Any, result: Audit, fmt: str, limit: int) -> None:
    if fmt == "json":
        stream.write(_json(result.to_dict()))
    elif fmt == "jsonl":
        for d in result.domains:
            stream.write(_json(d.to_dict()))
    elif fmt == "csv":
        _write_table(stream, _rows(result), "csv", "")
    else:
        _audit_table(stream, result, limit)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=_default).encode() + b"\n"


def _default(value: Any) -> Any:
    """JSON for what json does not know: times as ISO 8601, decimals as numbers."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return float(value)


def _audit_table(stream: Any, result: Audit, limit: int) -> None:
    summary = result.summary()
    facts = [{"measure": "referring domains", "value": str(summary["referring_domains"])}]
    facts += [{"measure": v, "value": str(n)} for v, n in summary["verdicts"].items()]
    for key in ("backlinks", "dofollow_share", "domain_rank", "trust"):
        value = summary[key]
        facts.append({"measure": key.replace("_", " "),
                      "value": "" if value is None else f"{value:.3g}" if isinstance(value, float) else str(value)})
    facts.append({"measure": "keywords", "value": ", ".join(result.keywords) or "(page titles)"})
    _write_table(stream, facts, "table", f"Backlink audit of {result.domain}")
    classes = [{"class": c, **v} for c, v in result.anchors.classes.items()]
    _write_table(stream, classes, "table", "Anchor classes")
    for warning in result.anchors.warnings:
        stream.write(f"warning: {warning}\n".encode())
    rows = _rows(result)
    _write_table(stream, rows[:limit] if limit else rows, "table", "Referring domains, worst first")


@app.command("anchor-profile")
def anchor_profile(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    keywords: KeywordsOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or jsonl (one anchor a line).")] = "table",
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many anchors (0: all).")] = 50,
) -> None:
    """A site's anchors by class (branded, exact, partial, generic, naked URL, image, other).

    With each class's share, the typical site's figures and a warning when the profile looks
    manipulated. Needs `backlinks build`.

    Example: backlinks anchor-profile example.com --keywords "cheap flights,flight deals"
    """
    result = _run_audit(data, domain, keywords, None)
    p = result.anchors
    if fmt == "jsonl":
        sys.stdout.buffer.write(_json(p.to_dict()))
        return
    if fmt not in ("table", "csv"):
        raise BacklinksError(f"--format must be table, csv or jsonl; got {fmt!r}")
    if fmt == "table":
        _write_table(sys.stdout.buffer, [{"class": c, **v} for c, v in p.classes.items()], "table",
                     f"Anchor classes of {p.domain} (typical site: money share {p.typical.get('money_share', 0):.0%})")
        for warning in p.warnings:
            sys.stdout.buffer.write(f"warning: {warning}\n".encode())
    _write_table(sys.stdout.buffer, p.anchors[:limit] if limit else p.anchors, fmt, "Anchors")
    sys.stdout.flush()


@app.command()
def disavow(
    domain: DomainArg,
    data: DataOpt = Path("data"),
    min_score: Annotated[float | None, typer.Option("--min-score", help="Disavow what scores at least this (default: the toxic bar, 60; 30 takes the suspicious ones too).")] = None,
    merge: Annotated[Path | None, typer.Option("--merge", help="An existing disavow file: its entries and comments are kept.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the file here (default: stdout).")] = None,
    simulate: Annotated[bool, typer.Option("--simulate", help="Print the site's domain rank and trust before and after, recomputed without the disavowed links.")] = False,
    keywords: KeywordsOpt = None,
    sets: SetOpt = None,
) -> None:
    """Write Google's disavow file for a site's toxic backlinks.

    `domain:` lines for referring domains whose links are mostly toxic, URL lines for single
    pages, a `#` comment before each with its verdict, score and signals; merged with an
    existing file without losing its entries or comments; sorted, deduplicated, UTF-8,
    within Google's 100,000 lines and 2 MB. --simulate shows what it would do to the
    site's domain rank and trust (stdout with -o, else stderr).

    Example: backlinks disavow example.com --merge disavow.txt -o disavow-new.txt --simulate
    """
    from analysis.audit.disavow import DisavowFile, from_audit

    result = _run_audit(data, domain, keywords, sets)
    bar = result.settings.toxic_score if min_score is None else min_score
    ours = from_audit(result, bar)
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
    from analysis.audit.simulate import simulate
    from analysis.index import Index

    with Index(data) as index:
        sim = simulate(index, domain, final)
    rows = [{k: ("" if v is None else f"{v:.6g}" if isinstance(v, float) else str(v)) for k, v in r.items()}
            for r in sim.rows()]
    stream = sys.stdout.buffer if to_stdout else sys.stderr.buffer
    _write_table(stream, rows, "table",
                 f"{domain} without the disavowed links ({sim.disavowed_links} links, "
                 f"{len(sim.removed_domains)} referring domains removed)")
    stream.flush()


@app.command()
def report(
    domain: DomainArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    data: DataOpt = Path("data"),
    keywords: KeywordsOpt = None,
    sets: SetOpt = None,
) -> None:
    """Write the audit as one self-contained HTML file (no network needed to open it).

    The profile, charts of referring domains over the crawls, anchor classes, the rank
    distribution of referring domains and the verdicts, the anchor warnings, and the audit
    table (sortable, filterable by verdict) with every signal's evidence.

    Example: backlinks report example.com -o report.html
    """
    from analysis.audit import report as html

    result = _run_audit(data, domain, keywords, sets)
    html.write(result, output)
    typer.echo(f"wrote {output}: {len(result.domains)} referring domains, "
               + ", ".join(f"{n} {v}" for v, n in result.verdicts.items()), err=True)
