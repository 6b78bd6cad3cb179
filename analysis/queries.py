"""One small typed function per question in `analysis/sql/` (the file of the same name).

Each takes a connection from `analysis.db.connect` and returns a DuckDB relation (lazy: it
runs when converted with `.to_arrow_table()`, `.fetchall()`, `.df()`, `.pl()`), or plain values
for lookups. Domains are registered domains as stored; `analysis.index.Index` resolves what a
user typed. `crawl=None` means the live index: every page as last fetched, over all crawls.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING, Literal, get_args

from analysis import sql
from analysis.errors import BadArgument

if TYPE_CHECKING:
    import duckdb

    Relation = duckdb.DuckDBPyRelation

Breakdown = Literal["kind", "placement", "follow", "tld", "rank_band"]
LEVELS = ("domain", "host")


def run(con: duckdb.DuckDBPyConnection, question: str, /, **params: object) -> Relation:
    """The relation of `sql/<question>.sql` with its `$named` parameters, all of them given."""
    expected = sql.parameters(question)
    if set(params) != expected:
        raise TypeError(f"{question}.sql takes {sorted(expected)}, given {sorted(params)}")
    return con.sql(sql.load(question), params=params or None)


def resolve_domain(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The registered domain the index files host or domain `name` under; None if unseen."""
    rows = run(con, "resolve_domain", name=name).fetchall()
    return rows[0][0] if rows else None


def profile_totals(con: duckdb.DuckDBPyConnection, domain: str, *, crawl: str | None = None) -> Relation:
    return run(con, "profile_totals", domain=domain, crawl=crawl)


def profile_breakdown(con: duckdb.DuckDBPyConnection, domain: str, by: Breakdown, *,
                      crawl: str | None = None) -> Relation:
    _choice("by", by, get_args(Breakdown))
    return run(con, "profile_breakdown", domain=domain, crawl=crawl, by=by)


def anchors(con: duckdb.DuckDBPyConnection, domain: str, *, crawl: str | None = None,
            limit: int | None = None) -> Relation:
    return run(con, "anchors", domain=domain, crawl=crawl, limit=limit)


def refdomains(con: duckdb.DuckDBPyConnection, domain: str, *, crawl: str | None = None,
               limit: int | None = None) -> Relation:
    return run(con, "refdomains", domain=domain, crawl=crawl, limit=limit)


def links(con: duckdb.DuckDBPyConnection, domain: str, *, crawl: str | None = None,
          dofollow_only: bool = False, kind: str | None = None, placement: str | None = None,
          min_rank: float | None = None, since: date | datetime | None = None,
          one_per_domain: bool = False, limit: int | None = None) -> Relation:
    if kind is not None or placement is not None:
        from pipelines.schema import LINK_KINDS, PLACEMENTS  # imports pyarrow: only when needed

        if kind is not None:
            _choice("kind", kind, LINK_KINDS)
        if placement is not None:
            _choice("placement", placement, PLACEMENTS)
    return run(con, "links", domain=domain, crawl=crawl, dofollow_only=dofollow_only, kind=kind,
               placement=placement, min_rank=min_rank, since=utc(since),
               one_per_domain=one_per_domain, limit=limit)


def pages(con: duckdb.DuckDBPyConnection, domain: str, *, crawl: str | None = None,
          limit: int | None = None) -> Relation:
    return run(con, "pages", domain=domain, crawl=crawl, limit=limit)


def crawls(con: duckdb.DuckDBPyConnection) -> Relation:
    return run(con, "crawls")


def outlinks(con: duckdb.DuckDBPyConnection, domain: str, *, crawl: str | None = None,
             limit: int | None = None) -> Relation:
    return run(con, "outlinks", domain=domain, crawl=crawl, limit=limit)


def broken(con: duckdb.DuckDBPyConnection, domain: str, *, crawl: str | None = None,
           limit: int | None = None) -> Relation:
    return run(con, "broken", domain=domain, crawl=crawl, limit=limit)


def history_links(con: duckdb.DuckDBPyConnection, domain: str, old: str, new: str, *,
                  limit: int | None = None) -> Relation:
    return run(con, "history_links", domain=domain, old=old, new=new, limit=limit)


def history_refdomains(con: duckdb.DuckDBPyConnection, domain: str, old: str, new: str, *,
                       limit: int | None = None) -> Relation:
    return run(con, "history_refdomains", domain=domain, old=old, new=new, limit=limit)


def history_weekly(con: duckdb.DuckDBPyConnection, domain: str) -> Relation:
    return run(con, "history_weekly", domain=domain)


def intersect(con: duckdb.DuckDBPyConnection, targets: list[str], *, exclude: list[str] = (),
              min_targets: int = 1, crawl: str | None = None, limit: int | None = None) -> Relation:
    return run(con, "intersect", targets=list(targets), exclude=list(exclude), min=min_targets,
               crawl=crawl, limit=limit)


def top(con: duckdb.DuckDBPyConnection, *, limit: int | None = None,
        min_referring_domains: int = 0) -> Relation:
    return run(con, "top", limit=limit, min_referring_domains=min_referring_domains)


def explain(con: duckdb.DuckDBPyConnection, domain: str, *, limit: int | None = None) -> Relation:
    return run(con, "explain", domain=domain, limit=limit)


def utc(moment: date | datetime | None) -> datetime | None:
    """A date or time as an aware UTC datetime (a date: its midnight; naive: taken as UTC)."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise BadArgument(option, value, choices)


def export_vertices(con: duckdb.DuckDBPyConnection, level: str) -> Relation:
    _choice("level", level, LEVELS)
    return run(con, "export_vertices", level=level)


def export_edges(con: duckdb.DuckDBPyConnection, level: str, *, dofollow_only: bool = False) -> Relation:
    _choice("level", level, LEVELS)
    return run(con, "export_edges", level=level, dofollow_only=dofollow_only)


def export_ranks(con: duckdb.DuckDBPyConnection) -> Relation:
    return run(con, "export_ranks")
