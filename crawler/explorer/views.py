"""How the explorer writes HTML: the Jinja2 environment (autoescaping every value), cells as
the command line's tables show them, and links that keep the page's query.

Crawled text is hostile: every anchor, title and URL reaches the page through Jinja2's
escaping or `markupsafe.escape`; a crawled URL becomes a link only when it is http(s), and
always `rel="noopener noreferrer nofollow"`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from analysis.formats import cell, date_columns

if TYPE_CHECKING:
    from aiohttp import web

HERE = Path(__file__).parent
#: Columns holding a registered domain of the index: linked to that domain's overview.
DOMAIN_COLUMNS = frozenset({"domain", "src_domain", "dst_domain"})
#: The longest a URL or text is shown in a cell (the whole value in its title).
SHOWN = 90
_NUMBERS = ("int", "float", "share")


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(cell_html=cell_html, date_columns=date_columns, numeric=lambda kind: kind in _NUMBERS)
    return env


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def crawled_link(url: str, text: str | None = None) -> Markup:
    """A link to a crawled URL (opened elsewhere, no Referer, no window.opener), or plain
    text when it is not http(s) (`javascript:` never becomes a link)."""
    shown = _shown(text if text is not None else url)
    if not url.lower().startswith(("http://", "https://")):
        return Markup('<span title="{}">{}</span>').format(url, shown)
    return Markup('<a href="{}" title="{}" rel="noopener noreferrer nofollow" target="_blank">{}</a>').format(
        url, url, shown)


def cell_html(value: Any, kind: str, column: str, dates: bool = False) -> Markup:
    """One table cell's content: a crawled URL as a link out, a domain as a link to its
    overview, everything else as `backlinks ... --format table` writes it, escaped."""
    if value is None:
        return Markup("")
    if kind == "url" and isinstance(value, str):
        return crawled_link(value)
    if column in DOMAIN_COLUMNS and isinstance(value, str):
        return Markup('<a href="/overview?{}">{}</a>').format(urlencode({"d": value}), value)
    text = cell(value, kind, dates)
    if kind == "text" and len(text) > SHOWN:
        return Markup('<span title="{}">{}</span>').format(text, _shown(text))
    return escape(text)


def href(request: web.Request, path: str | None = None, **changes: Any) -> str:
    """The URL of `path` (default: this page) with this page's query, `changes` applied
    (None or "" removes a parameter)."""
    query = {k: v for k, v in request.query.items() if k not in changes}
    query.update({k: str(v) for k, v in changes.items() if v not in (None, "")})
    text = urlencode(query)
    return (path or request.path) + (f"?{text}" if text else "")
