"""URL resolution and normalisation, one definition for the extractor and the crawler.

Resolution follows the WHATWG URL standard (as browsers do) through ada-url; canonical URLs
are what every link row stores and what the crawler requests and de-duplicates on, so a
session id or a tracking parameter never makes the same page look like two (../shared/DESIGN.md,
"Normalised names"). Registered domains come from the public suffix list bundled with
tldextract; nothing is fetched at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import ada_url
import tldextract
from ada_url._ada_wrapper import ffi as _ffi
from ada_url._ada_wrapper import lib as _ada

#: Query parameters that identify a session, not a page (compared lower-case).
SESSION_PARAMS = frozenset(
    {
        "jsessionid",
        "phpsessid",
        "sid",
        "sessionid",
        "session_id",
        "sessid",
        "cfid",
        "cftoken",
        "oscsid",
        "zenid",
    }
)
#: Query parameters that only track a click or a campaign (compared lower-case).
TRACKING_PARAMS = frozenset({"gclid", "fbclid", "msclkid", "dclid"})
#: Prefixes of parameter names dropped whatever follows (`utm_source`, `ASPSESSIONIDQQGGQ`).
DROPPED_PREFIXES = ("utm_", "aspsessionid")

# `;jsessionid=...` path parameters (Java servlets), up to the next `?`, `#` or `/`.
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^?#/]*", re.IGNORECASE)


# The hrefs whose WHATWG resolution is the href itself, character for character: lower-case
# http(s) scheme, a host of lower-case ASCII labels whose last one starts with a letter (no
# IPv4 number, no port, no user), a path (`https://host` is written `https://host/`), then
# path, query and fragment characters that no percent-encode set holds (the query's has
# `'`). `_SIMPLE_PATH` adds the root-relative ones (`/a/b?c`, not `//host` nor `/\\host`),
# which are the base's origin followed by the href. Dot segments (`/./`, `/../`, `%2e`) and
# `xn--` labels (which IDNA checks) are left to the parser. Together these are nine hrefs in
# ten of the corpus, and checking one costs half of parsing it through ada's C binding.
_PATH_CHARS = r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]"
_QUERY_AND_FRAGMENT = r"(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*)?(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@/%?#]*)?"
_SIMPLE_ABSOLUTE = re.compile(rf"https?://(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*/{_PATH_CHARS}*{_QUERY_AND_FRAGMENT}")
_SIMPLE_PATH = re.compile(rf"/(?!/){_PATH_CHARS}*{_QUERY_AND_FRAGMENT}")
#: Normalised base URL -> its origin (`https://host:port`), for root-relative hrefs.
_ORIGINS: dict[str, str | None] = {}


def _origin(base: str) -> str | None:
    """`https://host[:port]` of an http(s) base URL, None for any other base."""
    origin = _ORIGINS.get(base, "")
    if origin != "":
        return origin
    try:
        root = _join(base.encode(), b"/")
    except (ValueError, TypeError, UnicodeError):
        root = ""
    origin = root[:-1] if root.startswith(("http://", "https://")) and root.endswith("/") else None
    if len(_ORIGINS) >= 4096:
        _ORIGINS.clear()
    _ORIGINS[base] = origin
    return origin


def clear_origins() -> None:
    """Forget the origins of the base URLs seen (see `_origin`)."""
    _ORIGINS.clear()


def _simple(base: str, href: str) -> str | None:
    """`resolve(base, href)` for the hrefs whose result needs no parser (see above); None
    for the others. (`/.`, `xn--` and `%2e` are looked for in the whole href: cheaper than
    in its path or host alone, and they are rare elsewhere.)"""
    first = href[:1]
    if first == "h":
        return _simple_absolute(href)
    if first != "/" or _may_hold_dot_segment(href):
        return None
    if _SIMPLE_PATH.fullmatch(href) is None:
        return None
    origin = _origin(base)
    return None if origin is None else origin + href


def _simple_absolute(href: str) -> str | None:
    """`href` if it is an absolute URL the WHATWG parser would give back unchanged (see
    above), else None."""
    if _may_hold_dot_segment(href) or "xn--" in href:
        return None
    return href if _SIMPLE_ABSOLUTE.fullmatch(href) is not None else None


def _may_hold_dot_segment(href: str) -> bool:
    """Whether `href` may hold a `.` or `..` path segment (`/.`, `%2e`), which the parser
    removes."""
    return "/." in href or ("%2" in href and "%2e" in href.lower())


def resolve(base: str, href: str) -> str | None:
    """Resolve `href` against `base` as a browser would; None when it is no valid URL.

    Leading/trailing C0 controls and spaces, embedded tabs and newlines, backslashes and
    `..` segments are handled by the WHATWG parser itself. An absolute `href` resolves
    even when `base` is no valid URL. The hrefs that need no parsing (`_simple`) are
    answered without it: the same result, for half the cost.
    """
    simple = _simple(base, href)
    if simple is not None:
        return simple
    return resolve_by_parser(base, href)


def resolve_by_parser(base: str, href: str) -> str | None:
    """`resolve()` through the WHATWG parser (ada-url) alone, whatever the href."""
    try:
        return _join(base.encode(), href.encode())
    except (ValueError, TypeError, UnicodeError):
        pass
    try:
        return _normalize(href)
    except (ValueError, TypeError, UnicodeError):
        return None


def _join(base: bytes, href: bytes) -> str:
    """`ada_url.join_url` without its wrapper's garbage-collected handle (a third of its
    cost, and this runs for every distinct href of the crawl): the same C calls, freed here."""
    return _href(_ada.ada_parse_with_base(href, len(href), base, len(base)))


def _normalize(url: str) -> str:
    """`ada_url.normalize_url`, the same way as `_join`."""
    data = url.encode()
    return _href(_ada.ada_parse(data, len(data)))


def _href(url: Any) -> str:
    """The href of a URL ada has parsed, which is then freed; ValueError if invalid."""
    try:
        if not _ada.ada_is_valid(url):
            raise ValueError("invalid URL")
        result = _ada.ada_get_href(url)
        return _ffi.unpack(result.data, result.length).decode()
    finally:
        _ada.ada_free(url)


def _keep_param(pair: str) -> bool:
    name = pair.split("=", 1)[0].lower()
    if name in SESSION_PARAMS or name in TRACKING_PARAMS:
        return False
    return not name.startswith(DROPPED_PREFIXES)


def _clean_query(query: str) -> str:
    """The query without session and tracking parameters, the others in their order."""
    kept = [pair for pair in query.split("&") if pair and _keep_param(pair)]
    return "&".join(kept)


def canonical_url(url: str) -> str:
    """The form stored for a URL: normalised by WHATWG rules, fragment, session ids and
    tracking parameters dropped. A string that does not parse is returned unchanged."""
    href = _simple_absolute(url)
    if href is None:
        try:
            href = _normalize(url)
        except (ValueError, TypeError, UnicodeError):
            return url
    return strip_noise(href)


def strip_noise(href: str) -> str:
    """`canonical_url` of a URL that the WHATWG parser has already normalised (`resolve()`'s
    result): only the fragment, session ids and tracking parameters go."""
    if "#" in href:
        href = href.split("#", 1)[0]
    if ";" in href:
        path_end = href.find("?")
        head = href if path_end < 0 else href[:path_end]
        if ";" in head:
            href = _PATH_SESSION.sub("", head) + ("" if path_end < 0 else href[path_end:])
    if "?" in href:
        head, query = href.split("?", 1)
        query = _clean_query(query)
        href = f"{head}?{query}" if query else head
    return href


def host_of(url: str) -> str:
    """The host of `url`, lower-case, IDN in punycode, without port; "" if none."""
    try:
        return ada_url.URL(url).hostname
    except (ValueError, TypeError, UnicodeError):
        return ""


@lru_cache(maxsize=4)
def _extractor(private: bool) -> tldextract.TLDExtract:
    # suffix_list_urls=() and cache_dir=None: the snapshot bundled with tldextract, never
    # a network fetch nor a cache file written at run time.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=private
    )


@lru_cache(maxsize=65536)
def registered_domain(host: str, *, private: bool = False) -> str:
    """The registered domain of `host` (`news.bbc.co.uk` -> `bbc.co.uk`).

    An IP address or a single label is its own domain. A host under no known suffix follows
    the list's default rule `*` (its last label is the suffix): `www.site-1.test` ->
    `site-1.test`. With `private`, private suffixes such as blogspot.com count as public ones.

    A host of plain lower-case ASCII labels (what URLs normalised by the WHATWG parser
    mostly hold) is looked up here, in tldextract's rules; any other goes through
    tldextract itself (`tldextract_domain`), which also decodes punycode labels and
    recognises IP addresses. The same answer for less than half the cost: a crawl meets a
    new host every few links.
    """
    if not host:
        return ""
    if _SIMPLE_HOST.fullmatch(host) is None or "xn--" in host:
        return tldextract_domain(host, private)
    labels = host.split(".")
    start = _suffix_start(labels, _suffix_trie(private))
    if start == len(labels):  # under no rule: the default rule `*`
        return ".".join(labels[-2:])
    return ".".join(labels[start - 1 :]) if start else host


#: Hosts `registered_domain` looks up itself: lower-case ASCII labels, the last starting
#: with a letter (so no IPv4 address).
_SIMPLE_HOST = re.compile(r"(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*")
#: Marks the end of a rule in `_suffix_trie` (no label is a dot).
_RULE_END = "."


@lru_cache(maxsize=2)
def _suffix_trie(private: bool) -> dict[str, Any]:
    """tldextract's rules (its bundled list) as nested dicts keyed by label, from the
    right (`uk` -> `co` -> end); `*` and `!label` keys are wildcard and exception rules."""
    root: dict[str, Any] = {}
    for rule in _extractor(private).tlds:
        node = root
        for label in reversed(rule.split(".")):
            node = node.setdefault(label, {})
        node[_RULE_END] = {}
    return root


def _suffix_start(labels: list[str], trie: dict[str, Any]) -> int:
    """The index in `labels` where their public suffix starts (`len(labels)`: no rule
    applies), by the walk tldextract makes over its trie: follow the labels from the right
    while rules continue, the longest rule wins, and where they stop a wildcard takes one
    more label unless an exception names it."""
    node = trie
    suffix = index = len(labels)
    while index > 0:
        label = labels[index - 1]
        child = node.get(label)
        if child is not None:
            index -= 1
            node = child
            if _RULE_END in node:
                suffix = index
            continue
        if "*" in node:
            return index if "!" + label in node else index - 1
        break
    return suffix


def tldextract_domain(host: str, private: bool) -> str:
    """`registered_domain` through tldextract, for any host (the reference the lookup in
    `registered_domain` is tested against)."""
    if not host:
        return ""
    result = _extractor(private)(host)
    if result.top_domain_under_public_suffix:
        return result.top_domain_under_public_suffix
    if result.suffix or result.ipv4 or result.ipv6 or host.startswith("["):
        return host
    labels = host.rstrip(".").split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else host
