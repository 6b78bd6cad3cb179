"""The Python API of the link index: `Index("data").profile("x.com")`.

Every method resolves a domain argument as a user types it (`x.com`, `www.x.co.uk`,
`https://x.com/path`) to the registered domain the index files it under, runs one question of
`analysis/queries.py`, and returns a DuckDB relation (`.to_arrow_table()`, `.fetchall()`,
`.df()`, `.pl()`) or, for `profile`, a `Profile` of rows (Python values). Nothing here prints.

A domain that no crawled page and no link mentions raises `UnknownDomain`; a known domain
without backlinks gives empty results and zero totals. One `Index` per thread (DuckDB: one
connection per thread).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from analysis import db, queries
from analysis.errors import BadArgument, NoGraph, NotEnoughCrawls, UnknownCrawl, UnknownDomain

if TYPE_CHECKING:
    from datetime import date, datetime
    from types import TracebackType

    import duckdb

    Relation = duckdb.DuckDBPyRelation


#: Rows as Python values: one dict per row, column -> value.
Rows = list[dict[str, Any]]


@dataclass
class Profile:
    """A domain's backlink profile: totals, top lists and breakdowns, as Python values (the
    rows are fetched as they are: converting them to Arrow would import pyarrow, a tenth of
    a second at every `backlinks profile`)."""

    domain: str
    totals: dict[str, Any]
    top_anchors: Rows
    top_refdomains: Rows
    top_pages: Rows
    #: "kind", "placement", "follow", "tld", "rank_band" -> value, backlinks, referring_domains, dofollow_backlinks
    breakdowns: dict[str, Rows] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The profile as plain Python values (for JSON)."""
        return {"domain": self.domain, "totals": self.totals, "top_anchors": self.top_anchors,
                "top_refdomains": self.top_refdomains, "top_pages": self.top_pages,
                "breakdowns": self.breakdowns}


def _rows(relation: Relation) -> Rows:
    columns = relation.columns
    return [dict(zip(columns, row)) for row in relation.fetchall()]


#: A host name as the index stores it (lower-case ASCII labels): looked up as it is typed,
#: before `names` normalises other forms (URLs, upper case, IDN, ports).
_PLAIN_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")


class Index:
    """The link index of one data directory (`backlinks crawl --data DIR`)."""

    def __init__(self, data_dir: str | Path = "data") -> None:
        self.data_dir = Path(data_dir)
        self.con = db.connect(self.data_dir)

    def __enter__(self) -> Index:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    @property
    def graph(self) -> str:
        """The state of graph.duckdb: "fresh", "stale" (ranks of an older build) or "absent"."""
        return db.info(self.con)["graph"]

    def domain(self, name: str) -> str:
        """The registered domain `name` (a domain, host or URL) is filed under.

        Raises BadDomain for something that is no host name, UnknownDomain for a name the
        index has never seen."""
        plain = name.strip().rstrip(".")
        if _PLAIN_HOST.fullmatch(plain):  # already as the rows hold it: `names` not needed
            found = queries.resolve_domain(self.con, plain)
            if found is not None:
                return found
        from analysis import names  # the extractor's URL functions: a costly import

        for candidate in names.candidates(name):
            found = queries.resolve_domain(self.con, candidate)
            if found is not None:
                return found
        raise UnknownDomain(name)

    def _domain_or_name(self, name: str) -> str:
        try:
            return self.domain(name)
        except UnknownDomain:
            from analysis import names

            return names.candidates(name)[-1]

    def crawl(self, crawl_id: str | None) -> str | None:
        """`crawl_id` checked against the crawls of the index (None stays None)."""
        if crawl_id is None:
            return None
        known = {row[1] for row in queries.crawls(self.con).fetchall()}
        if crawl_id not in known:
            raise UnknownCrawl(crawl_id)
        return crawl_id

    def profile(self, domain: str, *, crawl: str | None = None, top: int = 10) -> Profile:
        """Totals, top anchors / referring domains / linked pages, and breakdowns by link
        kind, placement, follow, referring TLD and referring rank band."""
        d, c = self.domain(domain), self.crawl(crawl)
        return Profile(
            domain=d,
            totals=_rows(queries.profile_totals(self.con, d, crawl=c))[0],
            top_anchors=_rows(queries.anchors(self.con, d, crawl=c, limit=top)),
            top_refdomains=_rows(queries.refdomains(self.con, d, crawl=c, limit=top)),
            top_pages=_rows(queries.pages(self.con, d, crawl=c, limit=top)),
            breakdowns={by: _rows(queries.profile_breakdown(self.con, d, by, crawl=c))
                        for by in get_args(queries.Breakdown)},
        )

    def links(self, domain: str, *, limit: int | None = None, crawl: str | None = None,
              dofollow_only: bool = False, kind: str | None = None, placement: str | None = None,
              min_rank: float | None = None, since: date | datetime | None = None,
              one_per_domain: bool = False) -> Relation:
        """One row per backlink of `domain`, filtered; strongest referring domains first."""
        return queries.links(self.con, self.domain(domain), crawl=self.crawl(crawl),
                             dofollow_only=dofollow_only, kind=kind, placement=placement,
                             min_rank=min_rank, since=since, one_per_domain=one_per_domain,
                             limit=limit)

    def refdomains(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """The referring domains of `domain` with rank, backlinks and first/last seen."""
        return queries.refdomains(self.con, self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def anchors(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """The anchor texts of `domain`'s backlinks with backlinks and referring domains."""
        return queries.anchors(self.con, self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def pages(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """`domain`'s most linked pages."""
        return queries.pages(self.con, self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def crawls(self) -> Relation:
        """The crawls of the index in start order."""
        return queries.crawls(self.con)

    def outlinks(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """The domains `domain` links to."""
        return queries.outlinks(self.con, self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def broken(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """Backlinks to `domain`'s URLs that answered 4xx/5xx."""
        return queries.broken(self.con, self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def history(self, domain: str, *, old: str | None = None, new: str | None = None,
                by: str = "links", limit: int | None = None) -> Relation:
        """New and lost backlinks (`by="links"`, with reasons and WARC evidence) or referring
        domains (`"refdomains"`) between crawls `old` and `new` (default: the last two), or
        both per week over all crawls (`"weekly"`)."""
        d = self.domain(domain)
        if by == "weekly":
            return queries.history_weekly(self.con, d)
        if by not in ("links", "refdomains"):
            raise BadArgument("by", by, ("links", "refdomains", "weekly"))
        old, new = self._crawl_pair(old, new)
        query = queries.history_links if by == "links" else queries.history_refdomains
        return query(self.con, d, old, new, limit=limit)

    def intersect(self, targets: list[str], *, exclude: list[str] = (), min_targets: int = 1,
                  limit: int | None = None, crawl: str | None = None) -> Relation:
        """Domains linking to at least `min_targets` of `targets` and to none of `exclude`.

        An excluded site the index has never seen is fine ("nobody links to me yet"): it is
        taken as the registered domain of what was typed."""
        return queries.intersect(self.con, [self.domain(t) for t in targets],
                                 exclude=[self._domain_or_name(e) for e in exclude], min_targets=min_targets,
                                 crawl=self.crawl(crawl), limit=limit)

    def top(self, *, limit: int | None = None, min_referring_domains: int = 0) -> Relation:
        """The graph's strongest domains (needs `build`)."""
        self.require_graph()
        return queries.top(self.con, limit=limit, min_referring_domains=min_referring_domains)

    def explain(self, domain: str, *, limit: int | None = None) -> Relation:
        """The referring domains contributing most to `domain`'s rank, with shares (needs `build`)."""
        self.require_graph()
        return queries.explain(self.con, self.domain(domain), limit=limit)

    def require_graph(self) -> None:
        """Raise NoGraph unless graph.duckdb was built (fresh or stale)."""
        if self.graph == "absent":
            raise NoGraph(self.data_dir)

    def _crawl_pair(self, old: str | None, new: str | None) -> tuple[str, str]:
        """`old` and `new` checked; by default the latest crawl and the one before `new`."""
        order = [row[1] for row in queries.crawls(self.con).fetchall()]
        if len(order) < 2:
            raise NotEnoughCrawls(len(order))
        new = self.crawl(new) or order[-1]
        old = self.crawl(old) or order[max(0, order.index(new) - 1)]
        if order.index(old) >= order.index(new):  # crawls compare in start order
            raise BadArgument("old", old, tuple(order[:order.index(new)]) or ("a crawl before new",))
        return old, new

    def sql(self, query: str, params: dict[str, object] | list[object] | None = None) -> Relation:
        """Any SQL over the views (`pages`, `links`, `live_links`, `domain_ranks`...)."""
        return self.con.sql(query, params=params)
