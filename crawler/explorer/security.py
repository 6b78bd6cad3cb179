"""The explorer's guards: the access token, the CSRF token, the allowed Host names, and the
headers every answer carries (a Content-Security-Policy without inline scripts).

- Access token: when set (always when listening on another address than loopback), every
  request must carry it: the `Authorization: Bearer TOKEN` header, or the cookie that opening
  `/?token=TOKEN` once sets (HttpOnly, SameSite=Strict; the token is then dropped from the
  URL by a redirect, so it stays out of the history and of the Referer). Refused: 403.
- CSRF: every POST carries the `csrf` form field the pages embed (an HMAC of the access
  cookie or, without a token, of a per-process secret), and an Origin, when the browser sends
  one, of this server. Refused: 403.
- Host: on loopback without a token, only `127.0.0.1`, `localhost` and `[::1]` are answered
  (a DNS-rebinding page cannot read the index through the user's browser).
- Headers: CSP `default-src 'none'`, scripts, styles and images from this server only,
  forms posting only here, no framing; no MIME sniffing; no Referer sent to crawled sites
  (the policy is same-origin, not no-referrer: with no-referrer a browser sends `Origin: null`
  on our own POSTs).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web
from yarl import URL

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

TOKEN_COOKIE = "backlinks_token"
CSRF_FIELD = "csrf"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # a POST keeps its Origin; crawled sites get no Referer
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: The explorer's own CSS and script, cached by the browser between pages.
STATIC_PREFIX, STATIC_CACHE = "/static/", "max-age=3600"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """Is `host` (an address or `localhost`) one that only this machine reaches?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A token for `--host` off loopback when none is given: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


class Guard:
    """The token, the CSRF secret and the Host rule of one server (see the module's doc)."""

    def __init__(self, token: str | None, *, loopback: bool) -> None:
        self.token = token
        self.loopback = loopback
        self._secret = secrets.token_bytes(32)

    def csrf(self, request: web.Request) -> str:
        """The CSRF token of this browser: bound to its access cookie when there is a token."""
        who = request.cookies.get(TOKEN_COOKIE, "") if self.token else ""
        return hmac.new(self._secret, b"csrf:" + who.encode(), hashlib.sha256).hexdigest()

    def _token_ok(self, request: web.Request) -> bool:
        assert self.token is not None
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() \
            or request.cookies.get(TOKEN_COOKIE, "")
        return hmac.compare_digest(sent.encode(), self.token.encode())

    def _host_ok(self, request: web.Request) -> bool:
        if self.token or not self.loopback:
            return True
        try:
            return URL(f"http://{request.host}").host in LOOPBACK_NAMES
        except ValueError:
            return False

    def _origin_ok(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == request.host

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self._host_ok(request):
            return _refused("this explorer answers to 127.0.0.1 and localhost only")
        if self.token is not None:
            given = request.query.get("token")
            if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
                return _enter(request)
            if not self._token_ok(request):
                return _refused("a token is needed: open the URL `backlinks serve` printed")
        if request.method == "POST":
            form = await request.post()
            sent = str(form.get(CSRF_FIELD, ""))
            if not self._origin_ok(request) or not hmac.compare_digest(sent.encode(), self.csrf(request).encode()):
                return _refused("this form is stale or not ours (CSRF token): reload the page")
        response = await handler(request)
        response.headers.update(HEADERS)
        if request.path.startswith(STATIC_PREFIX):  # ships with the package: a page loads it once
            response.headers["Cache-Control"] = STATIC_CACHE
        return response


def _refused(why: str) -> web.Response:
    return web.Response(status=403, text=f"error: {why}\n", headers=HEADERS)


def _enter(request: web.Request) -> web.Response:
    """`?token=` was right: set the cookie, and go to the same URL without the token."""
    target = request.rel_url.without_query_params("token")
    response = web.HTTPSeeOther(str(target), headers=HEADERS)
    response.set_cookie(TOKEN_COOKIE, request.query["token"], httponly=True, samesite="Strict", path="/")
    return response
