"""The typer application every command module registers on, the options the commands
share, and `emit`, the one way a command writes rows.

A command module (crawler/cli/<group>.py, imported by crawler/cli/__init__.py) adds a
command that prints rows like this:

    from crawler.cli.app import ColumnsOpt, DataOpt, DomainArg, FormatOpt, LimitOpt, OutputOpt, app, emit

    @app.command()
    def candidates(domain: DomainArg, data: DataOpt = Path("data"), fmt: FormatOpt = "table",
                   limit: LimitOpt = 100, output: OutputOpt = None, columns: ColumnsOpt = None) -> None:
        \"\"\"The domains to crawl next for a site, best first.

        Example: backlinks candidates example.com --limit 20
        \"\"\"
        from analysis.index import Index  # here, not at the top: every command starts fast

        with Index(data) as index:
            emit(index.candidates(domain, limit=limit), fmt, output, limit=limit,
                 columns=columns, title=f"Candidates of {domain}")

- The module imports only typer and the standard library at its top; what a command needs
  (analysis, duckdb, pyarrow, scrapy...) it imports in its body, so `backlinks --help` and
  every other command stay fast (tests/test_cli.py checks what `--help` imports).
- `--limit` reaches the command as None for 0 (all rows): pass it on as it is. A negative
  limit, an unknown format, an --output in a missing directory are refused before the
  command runs, as one line.
- `emit` takes what the library returns (a DuckDB relation, an Arrow table, dicts, or an
  `analysis.formats.Document`) and writes it in the format asked for (analysis/formats.py
  says what each means) to --output or stdout. `default_columns` is the compact set a table
  shows; `--columns` chooses others, `--columns all` every one.
- Errors: raise a `crawler.errors.BacklinksError` (or let the library's `AnalysisError`
  through) with a message that says what to do; `main()` prints it as `error: ...`.
- The docstring's first paragraph is the command's help; `Example:` starts its example
  (the README's command reference is generated from both: `python -m crawler.cli.reference`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from crawler.errors import BacklinksError

app = typer.Typer(
    help="backlinks: crawl the web politely, index every link, and ask the link graph "
    "who links to whom. Times are in UTC.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: paragraphs rewrapped to the terminal, and fast
)

#: What `--format` takes on every command that prints rows; FILE_FORMATS where it writes a file.
FORMATS = ("table", "csv", "json", "jsonl")
FILE_FORMATS = (*FORMATS, "parquet")


def check_format(choices: tuple[str, ...]) -> Any:
    def check(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
        return value
    return check


def check_limit(value: int | None) -> int | None:
    """--limit N: at most N rows; 0 means all of them (None for the library)."""
    if value is not None and value < 0:
        raise typer.BadParameter(f"{value} is negative: give a number of rows, or 0 for all of them")
    return value or None


def check_output(path: Path | None) -> Path | None:
    """An --output FILE the command can create or replace: its directory exists, and it is
    not itself a directory. Checked before the command does any work."""
    if path is None or str(path) == "-":
        return path
    if path.is_dir():
        raise typer.BadParameter(f"{path} is a directory: give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise typer.BadParameter(f"no directory {parent}/ to write {path.name} in: create it first")
    return path


def check_data(path: Any) -> Any:
    """A --data that exists is a directory (an object-store URI is not checked here)."""
    if "://" not in str(path) and Path(path).exists() and not Path(path).is_dir():
        raise typer.BadParameter(f"{path} is a file: give the data directory (links/, pages/, warc/, crawls/)")
    return path


DataOpt = Annotated[Path, typer.Option(
    "--data", callback=check_data, help="Data directory (links/, pages/, warc/, crawls/).")]
#: --data of the commands that write: a path, or an object-store URI (s3://bucket/prefix).
DataLocationOpt = Annotated[str, typer.Option(
    "--data", callback=check_data, help="Data directory, or an object-store URI pyarrow opens (s3://bucket/prefix).")]
DomainArg = Annotated[str, typer.Argument(help="A domain, host or URL.")]
FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", callback=check_format(FORMATS),
    help="table (for people), csv (with a header), json (one document) or jsonl (one row per line).")]
FileFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", callback=check_format(FILE_FORMATS),
    help="table (for people), csv (with a header), json (one document), jsonl (one row per line) "
         "or parquet (to --output or a redirected stdout).")]
LimitOpt = Annotated[int | None, typer.Option(
    "--limit", "-n", callback=check_limit, help="At most this many rows (0: all).")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", callback=check_output, help="Write to this file instead of stdout.")]
#: Options every crawling command (crawl, discover) takes, with one meaning.
ProxyOpt = Annotated[str, typer.Option(
    "--proxy", help="Send every request, robots.txt included, through this HTTP proxy.")]
SettingOpt = Annotated[list[str] | None, typer.Option(
    "-s", "--set", help="Any Scrapy or backlinks setting, NAME=VALUE.")]
LogLevelOpt = Annotated[str, typer.Option(
    "--log-level", help="The level of Scrapy's log, written to DATA/logs/<crawl_id>.log (DEBUG, INFO, "
                        "WARNING, ERROR).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress line.")]
WorkerIdOpt = Annotated[str, typer.Option(
    "--worker-id", help="This worker's name (distributed mode); unique per worker.")]
ColumnsOpt = Annotated[str | None, typer.Option(
    "--columns", help="The columns to show, comma-separated, or all (default: all of them; "
                      "a compact set in a table where the command has one).")]


def command_group() -> TyperGroup:
    """The app as a click group of its commands, their help as written (the reference and the
    tests read it)."""
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)  # an app of several commands
    return group


def click_group() -> TyperGroup:
    """The app as click runs it, each command's `Example:` paragraph kept on its own lines
    (click rewraps the other paragraphs to the terminal's width)."""
    group = command_group()
    for command in group.commands.values():
        for each in [command, *getattr(command, "commands", {}).values()]:  # a group's commands too
            if each.help and "\n\nExample:" in each.help:
                each.help = each.help.replace("\n\nExample:", "\n\n\b\nExample:", 1)
    return group


def emit(result: Any, fmt: str, output: Path | None, *, limit: int | None = None,
         columns: str | None = None, default_columns: list[str] | None = None, title: str = "") -> None:
    """Write a command's result in `fmt` to `output`, or stdout (see the module's doc)."""
    from analysis import formats

    names = column_names(columns, default_columns if fmt == "table" else None)
    to_stdout = output is None or str(output) == "-"
    if fmt == "parquet" and to_stdout and sys.stdout.isatty():
        raise BacklinksError("parquet is binary: give --output FILE or redirect stdout")
    if to_stdout:
        color = fmt == "table" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        formats.write(result, fmt, sys.stdout.buffer, limit=limit, columns=names, title=title,
                      width=terminal_width(), color=color)
        sys.stdout.flush()
        return
    assert output is not None
    with open(output, "wb") as stream:
        formats.write(result, fmt, stream, limit=limit, columns=names, title=title, width=terminal_width())


def column_names(columns: str | None, default: list[str] | None) -> list[str] | None:
    """The column names --columns asks for (None: all of them); `default` when not given."""
    if columns is None:
        return default
    if columns.strip() == "all":
        return None
    names = [name.strip() for name in columns.split(",") if name.strip()]
    if not names:
        raise BacklinksError("--columns takes column names separated by commas, or all")
    return names


def terminal_width() -> int:
    """The width tables are laid out for: $COLUMNS, else the terminal of stdout or stderr
    (stdout may be a pipe into `less`), else 100."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    for stream in (sys.stdout, sys.stderr):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
    return shutil.get_terminal_size((100, 24)).columns
