"""The hostile host, for hardening tests. Not a seed and not linked from any ordinary site.

``http://www.hostile-host.net`` answers (its home page links to all of these):

* ``/endless``      200 text/html, chunked, 64 KiB chunks that never end.
* ``/drip``         200, ``Content-Length: 3600``, one byte per second.
* ``/huge-length``  200, ``Content-Length: 10737418240`` (10 GiB), 64 KiB, then 1 KiB a second.
* ``/bomb.gz``      ``Content-Encoding: gzip``, ~1 MiB that inflates to 1 GiB of zeros
                    (sent whatever the Accept-Encoding). ``/bomb.deflate`` (zlib stream),
                    ``/bomb.br`` (brotli, ~1.6 KiB) and ``/bomb.zst`` (when backports.zstd or
                    compression.zstd is importable; 404 otherwise): the same 1 GiB.
* ``/loop-a`` <-> ``/loop-b``   302 to each other, forever.
* ``/chain/0`` ... ``/chain/25`` each 302 to the next; ``/chain/25`` is a 200 page.
* ``/cookie``       ``Set-Cookie: sid=hostile-secret`` and 302 to
                    ``http://www.hostile-sink.org/landing`` (another registered domain): the sink's
                    access log must show no Cookie/Authorization/Proxy-Authorization header.
* ``/png-as-html``  PNG bytes served as ``text/html``.
* ``/deep``         10,000 nested ``<div>`` with one link inside (to the sink's ``/deep-target``).
* ``/bad-jsonld``   ``<script type="application/ld+json">`` with broken JSON, and a link.
* ``/to-loopback``, ``/to-metadata``, ``/to-file``: 302 to ``http://127.0.0.1:6379/``,
  ``http://169.254.169.254/latest/meta-data/`` and ``file:///etc/passwd`` (SSRF tests; the
  proxy itself answers 502 for any host that is not in the local web).

``http://www.hostile-sink.org`` answers ``/``, ``/landing``, ``/deep-target``, ``/jsonld-target``.
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Iterator
from typing import Any

from .catalogue import HOSTILE_HOST, SINK_HOST
from .model import Chunk, Link, Page, Reply
from .render import render, simple

HOSTILE = f"http://{HOSTILE_HOST}"
SINK = f"http://{SINK_HOST}"
GIB = 1 << 30
_MIB = bytes(1 << 20)
_CRC32_GIB_OF_ZEROS = 0x5B64C2B0  # zlib.crc32 of 2**30 zero bytes (a test recomputes it)
CHAIN = 25
HTML = ("Content-Type", "text/html; charset=utf-8")

REDIRECTS: dict[str, str] = {
    "/loop-a": HOSTILE + "/loop-b", "/loop-b": HOSTILE + "/loop-a",
    "/cookie": SINK + "/landing",
    "/to-loopback": "http://127.0.0.1:6379/",
    "/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "/to-file": "file:///etc/passwd",
    **{f"/chain/{i}": f"{HOSTILE}/chain/{i + 1}" for i in range(CHAIN)},
}


def _zstd() -> Any:
    """The zstd module of this Python (3.14+) or of backports.zstd, or None."""
    try:
        from compression import zstd  # type: ignore[import-not-found]
    except ImportError:
        try:
            from backports import zstd
        except ImportError:
            return None
    return zstd


STREAMS = ("/endless", "/drip", "/huge-length", "/png-as-html", "/bomb.gz", "/bomb.deflate",
           "/bomb.br") + (("/bomb.zst",) if _zstd() is not None else ())


def _deflate_block() -> bytes:
    """Raw deflate of 1 MiB of zeros ending in a full flush: repeatable back to back."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(_MIB) + c.flush(zlib.Z_FULL_FLUSH)


@functools.cache
def bomb(encoding: str) -> bytes | None:
    """A body that decodes to 1 GiB of zeros under ``encoding``, built once."""
    if encoding in ("gzip", "deflate"):
        blocks = _deflate_block() * (GIB >> 20) + b"\x03\x00"  # + an empty final block
        if encoding == "gzip":
            return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + blocks
                    + struct.pack("<II", _CRC32_GIB_OF_ZEROS, GIB & 0xFFFFFFFF))
        adler = ((GIB % 65521) << 16) | 1  # adler32 of n zero bytes: a = 1, b = n mod 65521
        return b"\x78\xda" + blocks + struct.pack(">I", adler)
    if encoding == "br":
        import brotli

        c = brotli.Compressor(quality=5)
        return b"".join(c.process(_MIB) for _ in range(GIB >> 20)) + c.finish()
    if encoding == "zstd" and (zstd := _zstd()) is not None:
        zc = zstd.ZstdCompressor(level=3)
        return b"".join(zc.compress(_MIB) for _ in range(GIB >> 20)) + zc.flush()
    if encoding == "zstd":
        return None
    raise ValueError(encoding)


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _endless() -> Iterator[Chunk]:
    block = (b"<p>" + b"endless " * 8190 + b"</p>\n")[: 64 * 1024]
    yield b"<!DOCTYPE html><html><body>\n"
    while True:
        yield block
        yield 0.0  # let other connections run


def _drip() -> Iterator[Chunk]:
    for byte in (b"<html><body>" + b"." * 3600)[:3600]:
        yield bytes([byte])
        yield 1.0


def _huge() -> Iterator[Chunk]:
    yield bytes(64 * 1024)
    while True:
        yield 1.0
        yield bytes(1024)


@functools.cache
def hostile_pages() -> tuple[Page, ...]:
    """Every URL of the two hostile hosts, as truth pages (links included)."""
    index = STREAMS + ("/loop-a", "/chain/0", "/cookie", "/to-loopback", "/to-metadata",
                       "/to-file", "/deep", "/bad-jsonld")
    pages = [Page(HOSTILE + "/", title="Hostile host",
                  links=[Link(HOSTILE + p, p, "content", style="root") for p in index])]
    for path, dst in REDIRECTS.items():
        pages.append(Page(HOSTILE + path, status=302, redirect_to=dst))
    pages += [Page(HOSTILE + p) for p in STREAMS + ("/chain/25",)]
    pages.append(Page(HOSTILE + "/deep", links=[Link(SINK + "/deep-target", "deep link", "other")]))
    pages.append(Page(HOSTILE + "/bad-jsonld",
                      links=[Link(SINK + "/jsonld-target", "after the broken JSON-LD")]))
    pages += [Page(SINK + p) for p in ("/", "/landing", "/deep-target", "/jsonld-target")]
    for page in pages:
        page.site_name = page.title = page.title or page.url
    return tuple(pages)


def hostile_reply(host: str, path: str) -> Reply | None:
    """The reply of a hostile or sink URL, or None for a path they do not have."""
    if host == SINK_HOST:
        if path in ("/", "/landing", "/deep-target", "/jsonld-target"):
            return Reply(200, [HTML], simple("Sink", f"you reached {path}").encode())
        return None
    if path in REDIRECTS:
        headers = [HTML, ("Location", REDIRECTS[path])]
        if path == "/cookie":
            headers.append(("Set-Cookie", "sid=hostile-secret; Path=/; HttpOnly"))
        return Reply(302, headers, simple("Found", REDIRECTS[path]).encode())
    return _special(path)


def _special(path: str) -> Reply | None:  # one branch per endpoint
    if path == "/endless":
        return Reply(200, [HTML], _endless())
    if path == "/drip":
        return Reply(200, [HTML, ("Content-Length", "3600")], _drip())
    if path == "/huge-length":
        return Reply(200, [HTML, ("Content-Length", str(10 * GIB))], _huge())
    if path == "/png-as-html":
        return Reply(200, [HTML], png())
    if path.startswith("/bomb."):
        enc = {"gz": "gzip", "deflate": "deflate", "br": "br", "zst": "zstd"}.get(path[6:])
        body = bomb(enc) if enc else None
        if body is None:
            return None
        return Reply(200, [HTML, ("Content-Encoding", enc)], body)  # type: ignore[list-item]
    if path == "/chain/25":
        return Reply(200, [HTML], simple("End of the chain", "25 redirects later").encode())
    if path == "/deep":
        html = ("<!DOCTYPE html><html><body>" + "<div>" * 10_000
                + f'<a href="{SINK}/deep-target">deep link</a>' + "</div>" * 10_000
                + "</body></html>")
        return Reply(200, [HTML], html.encode())
    if path == "/bad-jsonld":
        html = ('<!DOCTYPE html><html><head><title>bad</title><script type="application/ld+json">'
                '{"@context": "https://schema.org", "@type": "Article", "name": "unterminated'
                "</script></head><body><main><article><p>Text "
                f'<a href="{SINK}/jsonld-target">after the broken JSON-LD</a></p>'
                "</article></main></body></html>")
        return Reply(200, [HTML], html.encode())
    if path == "/":
        return Reply(200, [HTML], render(hostile_pages()[0]).encode())
    return None
