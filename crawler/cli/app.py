"""The typer application every command module registers on, and options they share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="backlinks: crawl the web politely, index every link, and ask the link graph "
    "who links to whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Path, typer.Option("--data", help="Data directory (links/, pages/, warc/, crawls/).")]
#: --data of the commands that write: a path, or an object-store URI (s3://bucket/prefix).
DataLocationOpt = Annotated[str, typer.Option("--data", help="Data directory, or an object-store URI pyarrow opens (s3://bucket/prefix).")]
