"""The `backlinks` command: parse options, call one library function, format the result.

Each module here holds one group of commands (crawl, query, ...), registered on the one
typer app of `crawler.cli.app`. Library code raises specific exceptions (crawler.errors,
analysis.errors); `main()` turns them into one line on stderr and exit status 1, never a
traceback.
"""

from __future__ import annotations

import sys

import typer

# imported in the order the commands are listed: crawl first, then the graph, cluster, ingest
from crawler.cli import crawl, discover, query, cluster, ingest, audit  # noqa: F401, I001  (each registers its commands)
from crawler.cli.app import app
from crawler.errors import BacklinksError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app; known errors become one line on stderr and exit status 1."""
    from analysis.errors import AnalysisError

    try:
        app()
    except (BacklinksError, AnalysisError) as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
