"""The Python API of the link index: `Index("data").profile("x.com")`.

Every method resolves a domain argument as a user types it (`x.com`, `www.x.co.uk`,
`https://x.com/path`) to the registered domain the index files it under, checks its other
arguments, asks one question of `analysis/sql/` (the file of the same name, through
`sql.run`), and returns a DuckDB relation (`.to_arrow_table()`, `.fetchall()`, `.df()`,
`.pl()`) or, for `profile`, a `Profile` of rows (Python values). Nothing here prints.
`crawl=None` means the live index: every page as last fetched, over all crawls.

A domain that no crawled page and no link mentions raises `UnknownDomain`; a known domain
without backlinks gives empty results and zero totals. One `Index` per thread (DuckDB: one
connection per thread).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from analysis import db, sql
from analysis.errors import BadArgument, NoGraph, NotEnoughCrawls, UnknownCrawl, UnknownDomain
from pipelines.dataset.layout import check_crawl_id

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    import duckdb

    Relation = duckdb.DuckDBPyRelation

Breakdown = Literal["kind", "placement", "follow", "tld", "rank_band"]
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
    #: each referring domain's share of the link value (analysis.value: ValueResult.by_domain),
    #: when asked for (`backlinks profile --value`)
    value_shares: Rows = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The profile as plain Python values (for JSON)."""
        out = {"domain": self.domain, "totals": self.totals, "top_anchors": self.top_anchors,
               "top_refdomains": self.top_refdomains, "top_pages": self.top_pages,
               "breakdowns": self.breakdowns}
        if self.value_shares:
            out["value_shares"] = self.value_shares
        return out


def _rows(relation: Relation) -> Rows:
    columns = relation.columns
    return [dict(zip(columns, row, strict=True)) for row in relation.fetchall()]


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

    def run(self, question: str, /, **params: object) -> Relation:
        """Ask `analysis/sql/<question>.sql` with its `$named` parameters: the one path every
        method below takes (the audit, the export and `disavow --simulate` use it too)."""
        return sql.run(self.con, question, **params)

    def domain(self, name: str) -> str:
        """The registered domain `name` (a domain, host or URL) is filed under.

        Raises BadDomain for something that is no host name, UnknownDomain for a name the
        index has never seen."""
        plain = name.strip().rstrip(".")
        if _PLAIN_HOST.fullmatch(plain):  # already as the rows hold it: `names` not needed
            rows = self.run("resolve_domain", name=plain).fetchall()
            if rows:
                return rows[0][0]
        from analysis import names  # the extractor's URL functions: a costly import

        for candidate in names.candidates(name):
            rows = self.run("resolve_domain", name=candidate).fetchall()
            if rows:
                return rows[0][0]
        raise UnknownDomain(name)

    def _domain_or_name(self, name: str) -> str:
        try:
            return self.domain(name)
        except UnknownDomain:
            from analysis import names

            return names.candidates(name)[-1]

    def complete(self, prefix: str, *, limit: int = 10) -> list[str]:
        """The index's domains starting with `prefix` (or with a host that does), shortest first."""
        typed = prefix.strip().lower()
        if not typed:
            return []
        return [row[0] for row in self.run("complete_domain", prefix=typed, limit=limit).fetchall()]

    def crawl(self, crawl_id: str | None) -> str | None:
        """`crawl_id` checked (the crawl id rule, then the crawls of the index); None stays None."""
        if crawl_id is None:
            return None
        check_crawl_id(crawl_id)
        if crawl_id not in self._crawl_order():
            raise UnknownCrawl(crawl_id)
        return crawl_id

    def _crawl_order(self) -> list[str]:
        return [row[1] for row in self.crawls().fetchall()]

    def profile(self, domain: str, *, crawl: str | None = None, top: int = 10) -> Profile:
        """Totals, top anchors / referring domains / linked pages, and breakdowns by link
        kind, placement, follow, referring TLD and referring rank band."""
        d, c = self.domain(domain), self.crawl(crawl)
        return Profile(
            domain=d,
            totals=_rows(self.run("profile_totals", domain=d, crawl=c))[0],
            top_anchors=_rows(self.run("anchors", domain=d, crawl=c, limit=top)),
            top_refdomains=_rows(self.run("refdomains", domain=d, crawl=c, limit=top)),
            top_pages=_rows(self.run("pages", domain=d, crawl=c, limit=top)),
            breakdowns={by: _rows(self.run("profile_breakdown", domain=d, crawl=c, by=by))
                        for by in get_args(Breakdown)},
        )

    def links(self, domain: str, *, limit: int | None = None, crawl: str | None = None,
              dofollow_only: bool = False, kind: str | None = None, placement: str | None = None,
              min_rank: float | None = None, since: date | datetime | None = None,
              one_per_domain: bool = False) -> Relation:
        """One row per backlink of `domain`, filtered; strongest referring domains first."""
        if kind is not None or placement is not None:
            from pipelines.dataset.schema import LINK_KINDS, PLACEMENTS  # imports pyarrow: only when needed

            if kind is not None:
                _choice("kind", kind, LINK_KINDS)
            if placement is not None:
                _choice("placement", placement, PLACEMENTS)
        return self.run("links", domain=self.domain(domain), crawl=self.crawl(crawl),
                        dofollow_only=dofollow_only, kind=kind, placement=placement,
                        min_rank=min_rank, since=utc(since), one_per_domain=one_per_domain,
                        limit=limit)

    def refdomains(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """The referring domains of `domain` with rank, backlinks and first/last seen."""
        return self.run("refdomains", domain=self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def anchors(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """The anchor texts of `domain`'s backlinks with backlinks and referring domains."""
        return self.run("anchors", domain=self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def pages(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """`domain`'s most linked pages."""
        return self.run("pages", domain=self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def crawls(self) -> Relation:
        """The crawls of the index in start order."""
        return self.run("crawls")

    def outlinks(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """The domains `domain` links to."""
        return self.run("outlinks", domain=self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def broken(self, domain: str, *, limit: int | None = None, crawl: str | None = None) -> Relation:
        """Backlinks to `domain`'s URLs that answered 4xx/5xx."""
        return self.run("broken", domain=self.domain(domain), crawl=self.crawl(crawl), limit=limit)

    def history(self, domain: str, *, old: str | None = None, new: str | None = None,
                by: str = "links", limit: int | None = None) -> Relation:
        """New and lost backlinks (`by="links"`, with reasons and WARC evidence) or referring
        domains (`"refdomains"`) between crawls `old` and `new` (default: the last two), or
        both per week over all crawls (`"weekly"`)."""
        d = self.domain(domain)
        if by == "weekly":
            return self.run("history_weekly", domain=d)
        if by not in ("links", "refdomains"):
            raise BadArgument("by", by, ("links", "refdomains", "weekly"))
        old, new = self._crawl_pair(old, new)
        return self.run(f"history_{by}", domain=d, old=old, new=new, limit=limit)

    def intersect(self, targets: Sequence[str], *, exclude: Sequence[str] = (), min_targets: int | None = None,
                  limit: int | None = None, crawl: str | None = None) -> Relation:
        """Domains linking to at least `min_targets` of `targets` (default: two, when two or
        more are given) and to none of `exclude`; the targets themselves are never prospects.
        Most targets linked first, then the strongest.

        An excluded site the index has never seen is fine ("nobody links to me yet"): it is
        taken as the registered domain of what was typed."""
        found = list(dict.fromkeys(self.domain(t) for t in targets))
        if min_targets is None:
            min_targets = min(2, len(found))
        if not 1 <= min_targets <= len(found):
            raise BadArgument("min", min_targets, tuple(str(n) for n in range(1, len(found) + 1)))
        return self.run("intersect", targets=found, exclude=[self._domain_or_name(e) for e in exclude],
                        min=min_targets, crawl=self.crawl(crawl), limit=limit)

    def candidates(self, target: str, *, crawl: str | None = None, crawled: bool = False,
                   limit: int | None = None) -> Relation:
        """The candidates of the discovery crawls that looked for `target`: the next ones,
        best first, or (`crawled`) those crawled, in admission order; each with its score,
        components and why (crawler/discovery/)."""
        if crawl is not None:
            check_crawl_id(crawl)
        db.candidates_view(self.con, self.data_dir)
        return self.run("candidates", domain=self._domain_or_name(target), crawl=crawl, crawled=crawled,
                        limit=limit)

    def top(self, *, limit: int | None = None, min_referring_domains: int = 0) -> Relation:
        """The graph's strongest domains (needs `build`)."""
        self.require_graph()
        return self.run("top", limit=limit, min_referring_domains=min_referring_domains)

    def explain(self, domain: str, *, limit: int | None = None) -> Relation:
        """The referring domains contributing most to `domain`'s rank, with shares (needs `build`)."""
        self.require_graph()
        return self.run("explain", domain=self.domain(domain), limit=limit)

    def require_graph(self) -> None:
        """Raise NoGraph unless graph.duckdb was built (fresh or stale)."""
        if self.graph == "absent":
            raise NoGraph(self.data_dir)

    def _crawl_pair(self, old: str | None, new: str | None) -> tuple[str, str]:
        """`old` and `new` checked; by default the latest crawl and the one before `new`."""
        order = self._crawl_order()
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


def utc(moment: date | datetime | None) -> datetime | None:
    """A date or time as an aware UTC datetime (a date: its midnight; naive: taken as UTC)."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise BadArgument(option, value, choices)
