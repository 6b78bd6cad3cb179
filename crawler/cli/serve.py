"""`backlinks serve`: the explorer, a site explorer in the browser over the index.

Parses its options, opens the index read-only, and runs crawler/explorer/app.py until
Ctrl-C (or SIGTERM), which stops it with status 0. The first line on stdout is the URL to
open (with the token when one was generated), so a script or a test can read the port.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crawler import settings
from crawler.cli.app import DataOpt, app
from crawler.errors import BacklinksError

if TYPE_CHECKING:
    from analysis.index import Index


HOST, PORT, ROWS = settings.BACKLINKS_SERVE_HOST, settings.BACKLINKS_SERVE_PORT, settings.BACKLINKS_SERVE_ROWS_PER_PAGE


@app.command()
def serve(
    data: DataOpt = Path("data"),
    host: Annotated[str, typer.Option(
        "--host", help="The address to listen on; another than loopback needs a token.")] = HOST,
    port: Annotated[int, typer.Option(
        "--port", min=0, max=65535, help="The port (0: any free one).")] = PORT,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="BACKLINKS_SERVE_TOKEN",
        help="Ask every request for this token (default: none on loopback; off loopback one is generated "
             "and printed).")] = None,
    redis: Annotated[str | None, typer.Option(
        "--redis", help="The Redis of a running distributed crawl: the Crawls page shows its live "
                        "status.")] = None,
    rows: Annotated[int, typer.Option(
        "--rows", min=1, max=1000, help="Rows in one page of a table.")] = ROWS,
) -> None:
    """Explore the index in a browser: overview, backlinks, referring domains, anchors, top
    pages, outgoing and broken links, history, intersect, top domains, crawls and the audit.

    Every table is the command of the same name (?format=json gives its --format json) and
    exports as CSV; audit marks (keep, request removal, disavow) are saved in DATA, with
    the disavow file. Listens on 127.0.0.1 unless --host says otherwise, then with a token.

    Example: backlinks serve --data data/ --port 8080
    """
    import asyncio

    from analysis.index import Index
    from crawler.explorer.security import is_loopback, new_token

    if token is not None and len(token) < 16:
        raise BacklinksError("--token is too short: give at least 16 characters, or none to have one generated")
    loopback = is_loopback(host)
    generated = token is None and not loopback
    if generated:
        token = new_token()
    index = Index(data)
    asyncio.run(_serve(index, host, port, token, generated, redis, rows, loopback))


async def _serve(index: Index, host: str, port: int, token: str | None, generated: bool, redis: str | None,
                 rows: int, loopback: bool) -> None:
    import asyncio
    import signal

    from aiohttp import web

    from crawler.explorer.app import make_app

    app = make_app(index, token=token, loopback=loopback, rows_per_page=rows, redis_url=redis)
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0][1]
        where = f"[{host}]" if ":" in host else host
        url = f"http://{where}:{bound}/"
        typer.echo(url + (f"?token={token}" if generated else ""))
        typer.echo(f"serving {index.data_dir} at {url}" + (" (with your --token)" if token and not generated else "")
                   + "; Ctrl-C stops", err=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()
