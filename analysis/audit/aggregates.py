"""The audit's index-wide aggregates: computed once by `backlinks build`, read by every audit.

Besides the backlinks of the audited site, an audit reads what is the same for every site:
each domain's facts (pages, in- and out-links), who links both ways, the account ids and
addresses domains share, the pairs of linked domains (identical profiles), and the typical
site's anchor profile, the anchors of the 500 most linked domains classed in Python. On a big
index computing them is most of an audit's time, so `store` (a step of `backlinks build`)
writes them into graph.duckdb. An audit reads those tables while the graph is fresh (`use`);
otherwise (a crawl since the build, or a graph built before these tables) it computes them
again, from the same SQL (analysis/sql/audit/aggregates.sql), so both give the same audit.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from analysis import db, sql
from analysis.audit import anchors
from analysis.audit.settings import AuditSettings

if TYPE_CHECKING:
    from collections.abc import Iterator

    import duckdb

#: graph.duckdb's meta key saying which version of these tables it holds (`store` writes it,
#: `use` reads it); bumped when they change, so an older graph is computed from again.
META_KEY = "audit_aggregates"
VERSION = "2"
#: The typical site stored by the build: the default settings' (AuditSettings), which every
#: audit asking for fewer and more linked domains is read from (`typical`).
_BASELINE = AuditSettings()
_BASELINE_META = {"audit_baseline_min_domains": _BASELINE.baseline_min_domains,
                  "audit_baseline_max_domains": _BASELINE.baseline_max_domains}
_BATCH = 10_000  # baseline rows fetched at a time by the build


def use(con: duckdb.DuckDBPyConnection) -> dict[str, int] | None:
    """Create the aggregate views the audit's questions read: over graph.duckdb's tables when
    the graph is fresh and holds them, else computing them. Returns the stored baseline's
    settings (min_domains, max_domains), or None when they are computed."""
    stored = _stored_meta(con) if db.info(con)["graph"] == "fresh" else {}
    if stored.get(META_KEY) != VERSION:
        con.execute(sql.load("audit/aggregates"))
        return None
    con.execute(sql.load("audit/stored"))
    return {"min_domains": int(stored["audit_baseline_min_domains"]),
            "max_domains": int(stored["audit_baseline_max_domains"])}


def _stored_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM graph_meta WHERE key LIKE 'audit_%'").fetchall())


def typical(con: duckdb.DuckDBPyConnection, domain: str, settings: AuditSettings,
            stored: dict[str, int] | None) -> dict[str, float]:
    """The typical site's anchor figures for the audit of `domain` (anchors.typical): read
    from the build's when they hold the domains `settings` ask for (no fewer referring domains
    and no more domains than the build took), else classed again."""
    min_domains, max_domains = settings.baseline_min_domains, settings.baseline_max_domains
    if stored and min_domains >= stored["min_domains"] and max_domains <= stored["max_domains"]:
        rows = sql.run(con, "audit_typical", min_domains=min_domains, max_domains=max_domains).fetchall()
        return anchors.typical_of({d: (money, top) for d, money, top in rows}, exclude=domain)
    baseline = sql.run(con, "audit_anchor_baseline", min_domains=min_domains, max_domains=max_domains)
    return anchors.typical(_dicts(baseline), exclude=domain)


def store(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Build step: the aggregates as tables of the graph being built (attached as `out`, its
    pages and links stored); returns the meta entries that say so."""
    con.execute(sql.load("audit/aggregates"))
    con.execute(sql.load("build/audit"))
    baseline = sql.run(con, "audit_anchor_baseline", min_domains=_BASELINE.baseline_min_domains,
                       max_domains=_BASELINE.baseline_max_domains)
    shares = []
    for domain, rows in groupby(_dicts(baseline), key=itemgetter("dst_domain")):  # in domain order
        group = list(rows)
        money, top = anchors.baseline_shares(group)[domain]
        shares.append((domain, len({s for row in group for s in row["src_domains"]}), money, top))
    if shares:
        con.executemany("INSERT INTO out.audit_anchor_shares VALUES ($1, $2, $3, $4)", shares)
    return {META_KEY: VERSION, **{k: str(v) for k, v in _BASELINE_META.items()}}


def _dicts(relation: duckdb.DuckDBPyRelation) -> Iterator[dict[str, Any]]:
    """The rows of `relation` as dicts, fetched a batch at a time (nothing else may run on
    its connection meanwhile)."""
    for batch in relation.to_arrow_reader(_BATCH):
        yield from batch.to_pylist()
