"""robots.txt of the local web's hosts, and the truth of what each file allows.

The rules are plain path prefixes (no wildcards), so the truth is the RFC 9309 longest match
over our own rules for ``User-agent: *``, written here without any robots parser.
"""

from __future__ import annotations

from .model import Reply

PRIVATE = "/private/"
PRESS_KIT = "/private/press-kit.html"

#: kind -> (rules for "*" as (allow, path) pairs, crawl delay, file text). The other two
#: kinds have no file: "404" (robots.txt not found: allow all), "503" (disallow all).
_FILES: dict[str, tuple[list[tuple[bool, str]], float | None, str]] = {
    "allow": ([], None, "User-agent: *\nDisallow:\n"),
    "private": ([(False, PRIVATE)], None,
                "# private drafts stay out of search engines\nUser-agent: *\n"
                f"Disallow: {PRIVATE}\n"),
    "private-allow": ([(True, PRESS_KIT), (False, PRIVATE)], None,
                      "User-agent: BadBot\nDisallow: /\n\n"
                      f"User-agent: *\nAllow: {PRESS_KIT}\nDisallow: {PRIVATE}\n"),
    "none": ([(False, "/")], None, "User-agent: *\nDisallow: /\n"),
    "delay": ([(False, PRIVATE)], 1.0, f"User-agent: *\nCrawl-delay: 1\nDisallow: {PRIVATE}\n"),
}


def robots_reply(kind: str) -> Reply:
    """The reply to ``GET /robots.txt`` on a host of this robots kind."""
    if kind == "404":
        return Reply(404, [("Content-Type", "text/plain; charset=utf-8")], b"not found\n")
    if kind == "503":
        return Reply(503, [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "3600")],
                     b"service unavailable\n")
    return Reply(200, [("Content-Type", "text/plain; charset=utf-8")], _FILES[kind][2].encode())


def allowed(kind: str, path: str) -> bool:
    """May a crawler that obeys robots.txt fetch ``path`` (path + query) on a host of ``kind``?"""
    if path == "/robots.txt":
        return True
    if kind == "503":
        return False  # RFC 9309 2.3.1.4: unreachable (5xx) means complete disallow
    rules = _FILES.get(kind, ([], None, ""))[0]
    matches = [(len(p), allow) for allow, p in rules if path.startswith(p)]
    if not matches:
        return True
    longest = max(n for n, _ in matches)
    return any(allow for n, allow in matches if n == longest)  # a tie goes to allow


def crawl_delay(kind: str) -> float | None:
    return _FILES.get(kind, ([], None, ""))[1]
