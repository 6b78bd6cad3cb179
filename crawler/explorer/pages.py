"""The explorer's tables: each is the question of the command of the same name, asked through
the same `analysis.Index` method with the options the page's URL carries.

A `TablePage` turns a URL's query into that method's call and returns its relation (all rows:
the page cuts them, crawler/explorer/tables.py), so `/refdomains?d=x.com` shows the rows of
`backlinks refdomains x.com --format json`, and its CSV export those of `-f csv --limit 0`.
Options a page does not know are ignored; a value the library refuses (an unknown crawl, a
kind that does not exist) is its one-line error, shown on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from analysis.errors import BadArgument

if TYPE_CHECKING:
    from analysis.index import Index

Query = Mapping[str, str]


@dataclass(frozen=True)
class Filter:
    """A filter a page offers above its table: a checkbox (no `choices`, not `crawls`), a
    choice among `choices`, or among the index's crawls (`crawls`)."""

    name: str
    label: str
    choices: tuple[str, ...] = ()
    crawls: bool = False


@dataclass(frozen=True)
class TablePage:
    """One table of the explorer: its path, title, the command it mirrors, and how a query
    becomes that command's library call."""

    name: str
    title: str
    ask: Callable[[Index, Query], Any]
    needs_domain: bool = True
    filters: tuple[Filter, ...] = ()
    #: The columns the text filter searches (None: every text column).
    search: tuple[str, ...] | None = None
    #: The columns shown (None: all of them), as the command's table shows a compact set.
    columns: tuple[str, ...] | None = None
    help: str = ""


def _flag(query: Query, name: str) -> bool:
    return query.get(name, "") in ("1", "on", "true")


def _text(query: Query, name: str) -> str | None:
    return query.get(name, "").strip() or None


def _crawl_start(index: Index, crawl_id: str) -> datetime:
    """When crawl `crawl_id` started (the `crawls` question's own column)."""
    found = index.crawl(crawl_id)
    for row in index.crawls().fetchall():
        if row[1] == found:
            return row[2] or row[4]  # started_at, else its first fetch
    raise AssertionError("unreachable: Index.crawl checked the crawl")


CHANGES = ("new", "lost")


def _links(index: Index, query: Query) -> Any:
    """`backlinks links`, or the `lost` rows of `backlinks history --old CRAWL` when the user
    asks for the links lost since a crawl (new ones are those first seen since it started)."""
    domain, change, since = query["d"], _text(query, "change"), _text(query, "since_crawl")
    if change is not None and change not in CHANGES:
        raise BadArgument("change", change, CHANGES)
    if change is not None and since is None:
        raise BadArgument("since_crawl", "(none)", ("a crawl id: new or lost since which crawl?",))
    if change == "lost":
        return index.history(domain, old=since, by="links").filter("change = 'lost'")
    return index.links(domain, crawl=_text(query, "crawl"), dofollow_only=_flag(query, "dofollow"),
                       kind=_text(query, "kind"), placement=_text(query, "placement"),
                       since=_crawl_start(index, since) if since else None,
                       one_per_domain=_flag(query, "one"))


def _domain_question(name: str) -> Callable[[Index, Query], Any]:
    def ask(index: Index, query: Query) -> Any:
        return getattr(index, name)(query["d"], crawl=_text(query, "crawl"))
    return ask


def _history(index: Index, query: Query) -> Any:
    return index.history(query["d"], old=_text(query, "old"), new=_text(query, "new"),
                         by=query.get("by") or "links")


def _intersect(index: Index, query: Query) -> Any:
    targets = [t.strip() for t in query.get("targets", "").replace(",", " ").split() if t.strip()]
    if len(targets) < 2:
        raise BadArgument("targets", " ".join(targets) or "(none)", ("two competitors or more",))
    exclude = [e.strip() for e in query.get("exclude", "").replace(",", " ").split() if e.strip()]
    least = query.get("min", "")
    return index.intersect(targets, exclude=exclude, min_targets=int(least) if least.isdigit() else None,
                           crawl=_text(query, "crawl"))


def _top(index: Index, query: Query) -> Any:
    least = query.get("min_refdomains", "")
    return index.top(min_referring_domains=int(least) if least.isdigit() else 0)


def _crawls(index: Index, query: Query) -> Any:
    return index.crawls()


def _link_filters() -> tuple[Filter, ...]:
    from pipelines.dataset.schema import LINK_KINDS, PLACEMENTS

    return (Filter("dofollow", "dofollow only"), Filter("kind", "kind", tuple(LINK_KINDS)),
            Filter("placement", "placement", tuple(PLACEMENTS)), Filter("one", "one per referring domain"),
            Filter("change", "only", CHANGES), Filter("since_crawl", "since crawl", crawls=True),
            Filter("crawl", "in crawl", crawls=True))


_IN_CRAWL = (Filter("crawl", "in crawl", crawls=True),)

TABLES: dict[str, TablePage] = {
    "links": TablePage("links", "Backlinks", _links, filters=_link_filters(),
                       search=("anchor_text", "src_url", "dst_url"),
                       help="One row per link; the filters are those of backlinks links."),
    "refdomains": TablePage("refdomains", "Referring domains", _domain_question("refdomains"), filters=_IN_CRAWL),
    "anchors": TablePage("anchors", "Anchors", _domain_question("anchors"), filters=_IN_CRAWL),
    "pages": TablePage("pages", "Top pages", _domain_question("pages"), filters=_IN_CRAWL),
    "outlinks": TablePage("outlinks", "Outgoing links", _domain_question("outlinks"), filters=_IN_CRAWL),
    "broken": TablePage("broken", "Broken backlinks", _domain_question("broken"), filters=_IN_CRAWL),
    "history": TablePage("history", "History", _history,
                         filters=(Filter("by", "by", ("links", "refdomains", "weekly")),
                                  Filter("old", "old crawl", crawls=True), Filter("new", "new crawl", crawls=True))),
    "intersect": TablePage("intersect", "Intersect", _intersect, needs_domain=False,
                           help="Domains linking to at least --min of the competitors but not to my site."),
    "top": TablePage("top", "Top domains", _top, needs_domain=False),
    "crawls": TablePage("crawls", "Crawls", _crawls, needs_domain=False),
}
