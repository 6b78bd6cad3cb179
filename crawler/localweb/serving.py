"""Answering requests for a generated web: the part the local web and its wide mode share.

A web subclasses ``ServedWeb`` and says what it holds: ``hosts_all()``, ``robots_kind(host)``,
``gzip_on(host)`` and ``_build(host, path) -> Page | None``; ``respond()`` does the rest
(unknown hosts, robots.txt, redirects, error pages, gzip, caching of built and rendered pages).
"""

from __future__ import annotations

import functools
import gzip
import secrets
from urllib.parse import urlsplit

from .model import Page, Reply
from .render import render, simple
from .robots import robots_reply
from .traps import SID_PLACEHOLDER

CHARSET_LABELS = {"utf-8": "utf-8", "iso-8859-1": "ISO-8859-1", "windows-1251": "windows-1251",
                  "shift_jis": "Shift_JIS"}
#: query parameters the server ignores (the truth never has them): session ids and trackers
_IGNORED_PARAMS = ("phpsessid", "jsessionid", "sid", "aspsessionid")


def clean_path(path: str, query: str) -> str:
    """``path?query`` without session ids, ``utm_*`` and ``;jsessionid=`` path parameters."""
    path = path.split(";jsessionid=", 1)[0] or "/"
    params = [p for p in query.split("&") if p and not p.lower().startswith("utm_")
              and p.split("=", 1)[0].lower() not in _IGNORED_PARAMS]
    return path + ("?" + "&".join(params) if params else "")


class ServedWeb:
    """``respond()`` over the hooks a web defines; call ``_cache_pages()`` at the end of
    ``__init__``."""

    def hosts_all(self) -> list[str]:
        raise NotImplementedError

    def robots_kind(self, host: str) -> str:
        raise NotImplementedError

    def gzip_on(self, host: str) -> bool:
        raise NotImplementedError

    def _build(self, host: str, path: str) -> Page | None:
        raise NotImplementedError

    def _special(self, host: str, path: str) -> Reply | None:
        """A reply that is no page of the web (the hostile hosts'), or None."""
        return None

    def _padding(self, page: Page) -> list[str] | None:
        """Paragraphs that pad ``page`` to its size (``page.pad_kb``), or None."""
        return None

    def _cache_pages(self, pages: int = 8192, bodies: int = 4096) -> None:
        self.page = functools.lru_cache(maxsize=pages)(self._build)
        self._body = functools.lru_cache(maxsize=bodies)(self._render)
        self._gzipped = functools.lru_cache(maxsize=bodies)(
            lambda host, path: gzip.compress(self._body(host, path), compresslevel=1, mtime=0))

    def _render(self, host: str, path: str) -> bytes:
        page = self.page(host, path)
        assert page is not None
        return render(page, self._padding(page)).encode(page.charset, errors="xmlcharrefreplace")

    @functools.cached_property
    def hosts_index(self) -> frozenset[str]:
        return frozenset(self.hosts_all())

    def respond(self, method: str, url: str, headers: dict[str, str]) -> Reply:
        """The reply to ``method url``; ``headers`` with lower-case names."""
        parts = urlsplit(url)
        try:
            host = (parts.hostname or "").encode("idna").decode("ascii")
            port = parts.port
        except (UnicodeError, ValueError):
            host, port = "", None
        if parts.scheme != "http" or port not in (None, 80) or host not in self.hosts_index:
            return _bad_gateway(f"unknown host: {parts.netloc or url}")
        path = clean_path(parts.path or "/", parts.query)
        gz = "gzip" in headers.get("accept-encoding", "").lower() and self.gzip_on(host)
        reply = self._reply(host, path, gz)
        if gz and isinstance(reply.body, bytes) and reply.body \
                and reply.header("Content-Encoding") is None:
            reply.body = gzip.compress(reply.body, compresslevel=1, mtime=0)
            reply.headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        return reply

    def _reply(self, host: str, path: str, gz: bool) -> Reply:
        if path == "/robots.txt":
            return robots_reply(self.robots_kind(host))
        special = self._special(host, path)
        if special is not None:
            return special
        page = self.page(host, path)
        if page is None:
            return not_found()
        label = CHARSET_LABELS[page.charset]
        headers = [("Content-Type", f"text/html; charset={label}")]
        if page.redirect_to is not None:
            headers.append(("Location", page.redirect_to))
            return Reply(page.status, headers, simple("Moved", page.redirect_to).encode())
        if page.status != 200:
            return Reply(page.status, headers, simple(f"Error {page.status}", page.url).encode())
        if page.x_robots_nofollow:
            headers.append(("X-Robots-Tag", "nofollow"))
        body = self._body(host, path)
        if SID_PLACEHOLDER.encode() in body:  # a new session id in every response
            body = body.replace(SID_PLACEHOLDER.encode(), secrets.token_hex(16).encode())
        elif gz:
            body = self._gzipped(host, path)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        return Reply(200, headers, body)


def not_found() -> Reply:
    return Reply(404, [("Content-Type", "text/html; charset=utf-8")],
                 simple("Not found", "no such page").encode())


def _bad_gateway(why: str) -> Reply:
    return Reply(502, [("Content-Type", "text/plain; charset=utf-8")],
                 f"localweb proxy: {why}\n".encode())
