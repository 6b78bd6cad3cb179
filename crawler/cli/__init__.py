"""The `backlinks` command: parse options, call one library function, hand the result over.

Each module here holds one group of commands (crawl, query, ...), registered on the one
typer app of `crawler.cli.app`, whose docstring says how a new command uses the shared
options (--data, --format, --limit, --output, --columns) and `emit`. Library code raises
specific exceptions (crawler.errors, analysis.errors); `main()` turns them, and every
mistake on the command line, into one line on stderr (`error: ...`) and a non-zero exit
status, never a traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback

import typer

from crawler.cli.app import app, click_group
from crawler.errors import BacklinksError

# isort: off
# imported in the order the commands are listed: crawl first, discover, then the graph,
# cluster, ingest, audit, link value, the candidate sources, the explorer, opportunities and outreach
from crawler.cli import crawl, discover, query, cluster, ingest, audit, value, sources, serve, opportunities, outreach  # noqa: F401  (each registers its commands)
# isort: on

__all__ = ["app", "main"]

#: Exit statuses: a known error (bad input, nothing to answer), a mistake in the command
#: line (click's), an interruption (128 + SIGINT), an unexpected failure (a bug).
ERROR, USAGE, INTERRUPTED, BUG = 1, 2, 130, 3


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command; every failure becomes one line on stderr."""
    from typer import Abort
    from typer._click import exceptions as click_errors

    group = click_group()
    try:
        code = group.main(args=argv, prog_name="backlinks", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        typer.echo(exc.format_message())
        code = 0
    except click_errors.ClickException as exc:
        code = _fail(_usage_message(exc), USAGE)
    except Abort:
        code = _fail("interrupted", INTERRUPTED)
    except BacklinksError as exc:
        code = _fail(str(exc), ERROR)
    except BrokenPipeError:  # `backlinks links x | head`: the reader has what it wanted
        _silence_stdout()
        code = 0
    except OSError as exc:  # a file the command could not read or write, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        code = _fail(f"{where}{exc.strerror or exc}", ERROR)
    except Exception as exc:  # noqa: BLE001  the last boundary: a bug, said in one line
        known = _known_message(exc)
        code = _fail(known, ERROR) if known else _fail(_bug(exc), BUG)
    sys.stdout.flush()
    sys.exit(code or 0)


def _fail(message: str, code: int) -> int:
    first, *_ = message.strip().splitlines() or ["failed"]
    typer.echo(f"error: {first}", err=True)
    return code


def _usage_message(exc: Exception) -> str:
    """click's message, with the command to ask for help."""
    ctx = getattr(exc, "ctx", None)
    hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
    return exc.format_message() + hint  # type: ignore[attr-defined]


def _known_message(exc: Exception) -> str | None:
    """The message of an error meant for the user: the analysis library's (AnalysisError),
    or DuckDB's that the library did not foresee (in `backlinks sql`, a damaged file: its
    first line names the file or the mistake). Only modules the command imported are
    asked: `backlinks --help` imports neither."""
    errors = sys.modules.get("analysis.errors")
    if errors is not None and isinstance(exc, errors.AnalysisError):
        return str(exc)
    duckdb = sys.modules.get("duckdb")
    if duckdb is not None and isinstance(exc, duckdb.Error):
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def _bug(exc: Exception) -> str:
    """An unexpected failure: one line naming it, the traceback kept in a file to report."""
    fd, path = tempfile.mkstemp(prefix="backlinks-error-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"backlinks {' '.join(sys.argv[1:])}\n\n")
        traceback.print_exception(exc, file=out)
    return f"unexpected {type(exc).__name__}: {exc} (a bug: please report it with {path})"


def _silence_stdout() -> None:
    """After a broken pipe: no second error when Python flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
