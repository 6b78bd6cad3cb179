"""The local web's one loopback server: an HTTP/1.1 forward proxy answering for all its hosts.

A crawler sends ``GET http://www.alpha-news.com/x.html HTTP/1.1`` (absolute form, as to a
proxy); origin form with a ``Host`` header works too. Nothing is ever forwarded: the answer
comes from ``LocalWeb.respond``, and an unknown host gets ``502`` (as a proxy whose DNS lookup
failed). ``CONNECT`` gets ``502 Bad Gateway`` and the connection is closed: the local web is
http only. Keep-alive is on for HTTP/1.1; streamed (slow, endless) bodies run as their own
coroutine and never block other connections. ``latency_ms`` delays every reply, robots.txt
included, by that much (an ``asyncio.sleep`` per request: other connections go on meanwhile),
as a far server would; the access log's ``t`` is when the request arrived.

The access log (``access_log``) is JSON lines, one per request, flushed as written:
``{"t", "method", "url", "host", "path", "headers": {lower-case name: value}, "status",
"conn"}`` (``conn`` numbers the client's connections, from 1: requests on one keep-alive
connection share it)
(for CONNECT, ``url`` is the ``host:port`` asked for and ``path`` is empty).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import itertools
import json
import signal
import sys
import threading
import time
from http import HTTPStatus
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from .hostile import bomb

if TYPE_CHECKING:
    from .model import Reply
    from .serving import ServedWeb

MAX_REQUEST_BODY = 1 << 20
_REASONS = {s.value: s.phrase for s in HTTPStatus}


class AccessLog:
    """One JSON line per request, flushed at once (tests read it while the server runs)."""

    def __init__(self, path: str | None) -> None:
        self.file: IO[str] | None = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115 - serve() closes it

    def write(self, method: str, url: str, headers: dict[str, str], status: int,
              conn: int = 0) -> None:
        if self.file is None:
            return
        parts = urlsplit(url) if "://" in url else None
        row = {"t": time.time(), "method": method, "url": url,
               "host": (parts.hostname or "") if parts else url.rsplit(":", 1)[0],
               "path": (parts.path + (f"?{parts.query}" if parts.query else "")) if parts else "",
               "headers": headers, "status": status, "conn": conn}
        self.file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.file.flush()


def _head(status: int, headers: list[tuple[str, str]], keep: bool) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}", "Server: localweb"]
    lines += [f"{k}: {v}" for k, v in headers]
    lines.append(f"Connection: {'keep-alive' if keep else 'close'}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _send(writer: asyncio.StreamWriter, reply: Reply, head_only: bool, keep: bool) -> bool:
    """Write ``reply``; returns whether the connection may be reused."""
    headers = list(reply.headers)
    if isinstance(reply.body, bytes):
        headers.append(("Content-Length", str(len(reply.body))))
        writer.write(_head(reply.status, headers, keep) + (b"" if head_only else reply.body))
        await writer.drain()
        return keep
    chunked = reply.header("Content-Length") is None
    if chunked:
        headers.append(("Transfer-Encoding", "chunked"))
    writer.write(_head(reply.status, headers, False))
    if not head_only:
        for chunk in reply.body:
            if isinstance(chunk, float):
                await asyncio.sleep(chunk)
                continue
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            await writer.drain()
        if chunked:
            writer.write(b"0\r\n\r\n")
    await writer.drain()
    return False


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, str, dict[str, str]] | None:
    line = b"\r\n"
    while line in (b"\r\n", b"\n"):  # tolerate blank lines between requests
        line = await reader.readline()
    if not line:
        return None
    try:  # a raw IDN host is UTF-8; anything else is kept byte for byte
        parts = line.decode("utf-8").split()
    except UnicodeDecodeError:
        parts = line.decode("latin-1").split()
    headers: dict[str, str] = {}
    while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = h.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if len(parts) != 3:
        raise ValueError(f"bad request line: {line[:100]!r}")
    length = int(headers.get("content-length", "0") or 0)
    if 0 < length <= MAX_REQUEST_BODY:
        await reader.readexactly(length)  # a body is read and ignored
    elif length:
        raise ValueError("request body too large")
    return parts[0].upper(), parts[1], parts[2].upper(), headers


def _keep_alive(version: str, headers: dict[str, str]) -> bool:
    conn = (headers.get("connection", "") + "," + headers.get("proxy-connection", "")).lower()
    if version == "HTTP/1.0":
        return "keep-alive" in conn
    return "close" not in conn


class Handler:
    def __init__(self, web: ServedWeb, log: AccessLog, latency: float = 0.0) -> None:
        self.web, self.log, self.latency = web, log, latency  # latency in seconds
        self.connections = itertools.count(1)

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            conn = next(self.connections)
            while await self._one(reader, writer, conn):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away or sent garbage: nothing to answer
        except asyncio.CancelledError:
            pass  # the server is stopping; ending quietly spares Python 3.11's stream callback
            # from logging every cancelled connection as an error
        except ValueError as exc:  # a malformed request
            writer.write(_head(400, [("Content-Length", str(len(str(exc))))], False)
                         + str(exc).encode())
        finally:
            writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   conn: int) -> bool:
        request = await _read_request(reader)
        if request is None:
            return False
        method, target, version, headers = request
        if method == "CONNECT":
            body = b"localweb proxy: the local web is http only\n"
            self.log.write(method, target, headers, 502, conn)
            await self._wait()
            writer.write(_head(502, [("Content-Type", "text/plain"),
                                     ("Content-Length", str(len(body)))], False) + body)
            await writer.drain()
            return False
        url = target if "://" in target else f"http://{headers.get('host', '')}{target}"
        reply = self.web.respond(method, url, headers)
        self.log.write(method, url, headers, reply.status, conn)
        await self._wait()
        return await _send(writer, reply, method == "HEAD", _keep_alive(version, headers))

    async def _wait(self) -> None:
        """The server's latency: this reply waits, the other connections do not."""
        if self.latency > 0:
            await asyncio.sleep(self.latency)


async def _serve(web: ServedWeb, host: str, port: int, log: AccessLog, latency_ms: float) -> None:
    server = await asyncio.start_server(Handler(web, log, latency_ms / 1000), host, port, backlog=2048,
                                        limit=1 << 16)
    bound = server.sockets[0].getsockname()[1]
    print(f"localweb listening on http://{host}:{bound}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # not the main thread: the caller stops us another way
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()  # open connections are cancelled as asyncio.run() ends (no wait_closed:
    # since Python 3.12 it waits for every keep-alive connection to go away)


def _warm() -> None:
    for encoding in ("br", "zstd", "gzip", "deflate"):
        bomb(encoding)


def serve(web: ServedWeb, host: str = "127.0.0.1", port: int = 0,
          access_log: str | None = None, latency_ms: float = 0) -> None:
    """Serve ``web`` until SIGINT/SIGTERM, each reply ``latency_ms`` late. The first stdout
    line is ``localweb listening on http://HOST:PORT``."""
    threading.Thread(target=_warm, name="localweb-bombs", daemon=True).start()
    log = AccessLog(access_log)
    try:
        asyncio.run(_serve(web, host, port, log, latency_ms))
    finally:
        if log.file is not None:
            log.file.close()


def main(argv: list[str] | None = None) -> None:
    """``python -m crawler.localweb --port P --hosts N --truth FILE --access-log FILE
    [--latency-ms MS] [--fanout N] [--no-spam]``; ``--wide [--sites N]`` serves the wide web
    instead (``wide.py``)."""
    from .generator import LocalWeb
    from .wide import WideWeb

    p = argparse.ArgumentParser(prog="python -m crawler.localweb", description=__doc__.split(
        "\n", 1)[0])
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    p.add_argument("--hosts", type=int, default=50, help="crawlable sites (default 50)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epoch", type=int, default=1, choices=(1, 2))
    p.add_argument("--page-kb", type=int, default=0, help="pad articles to about K KB")
    p.add_argument("--truth", help="write the ground truth here (JSON lines)")
    p.add_argument("--access-log", help="append one JSON line per request here")
    p.add_argument("--latency-ms", type=float, default=0,
                   help="answer every request this many ms late (default 0)")
    p.add_argument("--fanout", type=int, default=0,
                   help="also serve N sites whose every page links to 300 new pages (default 0)")
    p.add_argument("--no-spam", action="store_true", help="leave out the planted spam sites")
    p.add_argument("--wide", action="store_true",
                   help="serve the wide web: thousands of topical sites, directories as seeds")
    p.add_argument("--sites", type=int, default=3000, help="sites of the wide web (default 3000)")
    p.add_argument("--web", help="serve another web: module:callable, called with the --web-arg "
                                 "values (it answers respond() and writes its truth)")
    p.add_argument("--web-arg", action="append", default=[], metavar="NAME=VALUE",
                   help="an integer argument of --web's callable (repeatable)")
    args = p.parse_args(argv)
    if args.latency_ms < 0:
        p.error("--latency-ms must be 0 or more")
    if args.wide and (args.epoch != 1 or args.page_kb or args.no_spam or args.hosts != 50 or args.fanout):
        p.error("--hosts, --epoch, --page-kb, --fanout and --no-spam do not apply to --wide")
    try:
        if args.web:
            module, _, name = args.web.partition(":")
            factory = getattr(importlib.import_module(module), name)
            web = factory(**{k: int(v) for k, _, v in (a.partition("=") for a in args.web_arg)})
        else:
            web = WideWeb(args.sites, args.seed) if args.wide else \
                LocalWeb(args.hosts, args.seed, args.epoch, args.page_kb, spam=not args.no_spam, fanout=args.fanout)
    except (ValueError, ImportError, AttributeError, TypeError) as exc:
        p.error(str(exc))
    if args.truth:
        web.write_truth(args.truth)
    print(f"{len(web.seeds)} seeds; truth: {args.truth or '-'}", file=sys.stderr, flush=True)
    serve(web, args.host, args.port, args.access_log, args.latency_ms)
