"""`backlinks ingest-warc`: existing WARC and WAT files into the pages and links tables.

Parses the options, calls `pipelines.ingest.ingest`, shows a progress bar (rich, on
stderr, when it is a terminal) and prints the summary. Bad input (no such file, a crawl id
that cannot name a directory, another ingest running) is one line on stderr; damage
inside the files is counted in the summary, with a warning per damaged spot.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from crawler.cli.app import DataOpt, app
from crawler.errors import BacklinksError

if TYPE_CHECKING:
    from pipelines.ingest import IngestSummary


@app.command("ingest-warc")
def ingest_warc(
    paths: Annotated[list[str], typer.Argument(
        help="WARC or WAT files (.warc, .warc.gz, .wat.gz), directories, quoted globs, URIs "
             "(https://, s3://, gs://), or listings of them one a line (.paths, .paths.gz, .txt).",
        show_default=False)],
    data: DataOpt = Path("data"),
    crawl_id: Annotated[str, typer.Option(
        "--crawl-id", help="Crawl id of the rows (default: warc). A file the crawl already holds "
                           "is skipped, an interrupted one finished.")] = "",
    processes: Annotated[int, typer.Option(
        "--processes", min=0, help="Ingest with this many processes of this machine (0: one per core).")] = 0,
    verify_digests: Annotated[bool, typer.Option(
        "--verify-digests", help="Check WARC-Block-Digest and WARC-Payload-Digest, count mismatches.")] = False,
    reader: Annotated[str, typer.Option(
        "--reader", help="WARC reader: auto (fastwarc if installed), fastwarc, warcio.")] = "auto",
    engine: Annotated[str, typer.Option(
        "--engine", help="local (processes of this machine) or spark (one Spark task per file or range).")] = "local",
    master: Annotated[str | None, typer.Option(
        "--master", help="Spark master URL with --engine spark (default local[*]).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, warnings only.")] = False,
) -> None:
    """Turn existing web archives into pages and links, exactly as a crawl records them.

    Example: backlinks ingest-warc 'archive/*.warc.gz' --data data/ --crawl-id archive-2024
    """
    from pipelines.ingest import ingest

    if engine not in ("local", "spark"):
        raise BacklinksError(f"--engine {engine}: choose local or spark")
    bar = _ProgressBar(enabled=not quiet and sys.stderr.isatty())
    with bar:
        if engine == "spark":
            from pipelines.spark.ingest import ingest as ingest_on_spark

            summary = ingest_on_spark(paths, data, crawl_id or None, master=master,
                                      verify_digests=verify_digests, progress=bar.update, reader=reader)
        else:
            summary = ingest(paths, data, crawl_id or None, processes=processes or None,
                             verify_digests=verify_digests, progress=bar.update, reader=reader)
    if summary.files_failed == summary.files:  # each already said why, in one line
        raise typer.Exit(1)
    typer.echo(summary_text(summary, data), err=True)
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.files_failed:
        raise BacklinksError(f"{summary.files_failed} of {summary.files} files could not be read (see above); "
                             "the others are in the crawl")


class _ProgressBar:
    """A rich progress bar over the bytes of the input, with records/s, MB/s and counts;
    log records print above it."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress: Any = None  # a rich Progress once started
        self.task: Any = None
        self.handler: logging.Handler | None = None

    def __enter__(self) -> _ProgressBar:
        root = logging.getLogger()
        if not self.enabled:
            self.handler = logging.StreamHandler()
            self.handler.setFormatter(_OneLine())
            root.addHandler(self.handler)
            root.setLevel(logging.WARNING)
            return self
        from rich.console import Console
        from rich.logging import RichHandler
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self.progress = Progress(
            BarColumn(bar_width=16), TaskProgressColumn(), TextColumn("{task.fields[line]}"),
            TimeElapsedColumn(), console=console, transient=False)
        self.task = self.progress.add_task("ingest", total=None, line="")
        self.handler = RichHandler(console=console, show_time=False, show_path=False)
        root.addHandler(self.handler)
        root.setLevel(logging.WARNING)
        self.progress.start()
        return self

    def update(self, p) -> None:
        if self.progress is None:
            return
        seconds = max(p.elapsed, 1e-6)
        files = f"{p.files_done}/{p.files_total} files  " if p.files_total > 1 else ""
        self.progress.update(
            self.task, completed=p.bytes_done, total=p.bytes_total or None,
            line=f"{p.bytes_done / seconds / 1e6:.1f} MB/s {p.records / seconds:,.0f} records/s  {files}"
                 f"{p.pages:,} pages {p.links:,} links {p.errors:,} errors")

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)


class _OneLine(logging.Formatter):
    """`error: ...`, `warning: ...`: the command line's vocabulary for a log record."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"{record.levelname.lower()}: {record.getMessage()}"
        return text + ("\n" + self.formatException(record.exc_info) if record.exc_info else "")


def _counts(values: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in values.items()) or "none"


def summary_text(s: IngestSummary, data: Path) -> str:
    """The end-of-run summary: files, records by type, pages, links, skips and errors."""
    mb = s.bytes / 1e6
    rate = f"{mb / s.seconds:.1f} MB/s" if s.seconds > 0 else ""
    state = "interrupted: run the same command again to finish" if s.interrupted else "done"
    lines = [
        f"ingest-warc into crawl {s.crawl_id}: {state} in {s.seconds:.1f} s "
        f"({s.processes} process{'es' if s.processes > 1 else ''}, {s.reader})",
        f"  files {s.files}: ingested {s.files_ingested}, already done {s.files_skipped}, "
        f"failed {s.files_failed}; read {mb:,.1f} MB ({rate})",
        f"  records: {_counts(s.records)}",
        f"  pages {s.pages:,}, links {s.links:,}"
        + (f" (WAT pages {s.stats['wat/pages']:,})" if s.stats["wat/pages"] else "")
        + (f"; revisits resolved {s.stats['revisits/resolved']:,}, unresolved {s.stats['revisits/unresolved']:,}"
           if s.stats["records/revisit"] or s.stats["revisits/resolved"] else ""),
        f"  not extracted: {_counts(s.group('skipped'))}",
        f"  errors: {_counts(s.errors)}" + (" (file@offset in the warnings above)" if s.errors else ""),
    ]
    if s.group("digests"):
        lines.append(f"  digests: {_counts(s.group('digests'))}")
    lines.append(f"  data in {data}/ (links/ and pages/crawl={s.crawl_id}/, crawls/{s.crawl_id}.json)")
    return "\n".join(lines)
