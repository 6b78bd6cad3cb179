"""The finders of `opportunities`: one function per kind, each returning rows of one shape.

Every row: `kind`, `domain` (the prospect's registered domain: who to write to), `url` (the
page concerned: the competitor's dead page, the page naming the brand, the page that dropped
its link or the site's own dead page; None for an intersect prospect), `value` (score.py),
`domain_rank`, `trust`, `reason` (why it is an opportunity, in a few words), `evidence` (the
linking pages, the text around a mention...) and `record` (the WARC record that shows it,
`file@offset:length`, where one page shows it).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from analysis import sql
from analysis.errors import UnknownDomain
from analysis.opportunities.brand import Brand
from analysis.opportunities.score import provisional_value

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from analysis.index import Index

Row = dict[str, Any]
#: The columns of every row, in order.
COLUMNS = ("kind", "domain", "url", "value", "domain_rank", "trust", "reason", "evidence", "record")


def _dicts(relation: duckdb.DuckDBPyRelation) -> list[Row]:
    columns = relation.columns
    return [dict(zip(columns, values, strict=True)) for values in relation.fetchall()]


def row(kind: str, domain: str, url: str | None, reason: str, evidence: str,
        record: str | None = None) -> Row:
    """An opportunity row; `value`, `domain_rank` and `trust` are filled in by `with_value`."""
    return {"kind": kind, "domain": domain, "url": url, "value": None, "domain_rank": None, "trust": None,
            "reason": reason, "evidence": evidence, "record": record}


def with_value(index: Index, rows: list[Row], site: str) -> list[Row]:
    """`rows` with each prospect domain's rank, trust and value: the link value a link from it
    to the site would have (`analysis.value.prospect_values`), once the graph is built and the
    index knows the site; before that, `provisional_value` of its rank and trust."""
    domains = sorted({r["domain"] for r in rows})
    standing = {d: (rank, trust) for d, rank, trust in
                sql.run(index.con, "opportunities/standing", domains=domains).fetchall()} if domains else {}
    valued: dict[str, float] = {}
    if domains and index.graph != "absent":
        from analysis.value import prospect_values

        try:
            valued = {d: v.value for d, v in prospect_values(index, site, domains).items()}
        except UnknownDomain:  # a site nobody links to yet: its prospects keep their rank and trust
            valued = {}
    for r in rows:
        rank, trust = standing.get(r["domain"], (None, None))
        value = valued.get(r["domain"])
        r.update(domain_rank=rank, trust=trust, value=provisional_value(rank, trust) if value is None else value)
    return rows


def intersect(index: Index, site: str, competitors: Sequence[str], min_competitors: int) -> list[Row]:
    """Domains linking to at least `min_competitors` of the competitors and not to the site."""
    relation = index.intersect(competitors, exclude=[site], min_targets=min_competitors)
    return [row("intersect", r["domain"], None, f"links to {r['targets_linked']} of {len(competitors)} competitors",
                ", ".join(r["targets"]) + f" ({r['backlinks']} backlinks, {r['dofollow_backlinks']} dofollow)")
            for r in _dicts(relation)]


def broken(index: Index, site: str, competitors: Sequence[str]) -> list[Row]:
    """The competitors' dead pages (4xx, 5xx when last fetched) that other sites still link to:
    one row per dead page and referring domain, the linking pages as evidence."""
    out = []
    for competitor in competitors:
        for (url, domain), links in _dead_pages(index, competitor).items():
            if domain != site and domain not in competitors:
                out.append(row("broken", domain, url, f"{competitor} page answers {links[0]['status']}",
                               " ".join(sorted({link["src_url"] for link in links}))))
    return out


def _dead_pages(index: Index, domain: str) -> dict[tuple[str, str], list[Row]]:
    """(dead URL of `domain`, referring domain) -> the backlinks to it."""
    found: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for link in _dicts(index.broken(domain)):
        found[(link["dst_url"], link["src_domain"])].append(link)
    return found


def mentions(index: Index, site: str, brand: Brand, competitors: Sequence[str]) -> list[Row]:
    """Pages naming the brand in their main text without linking to the site."""
    out = []
    for page in sql.rows(index.con, "opportunities/mentions", domain=site, pattern=brand.pattern,
                         exclude=list(competitors)):
        found = brand.find(page["text"])
        if found is not None:  # DuckDB's RE2 and Python's re agree; a page the two read apart is left out
            name, around = found
            out.append(row("mention", page["domain"], page["url"], f"names {name!r} without a link", around,
                           page["record"]))
    return out


def reclaim(index: Index, site: str) -> list[Row]:
    """Backlinks lost between the last two crawls whose page is still up, and the site's own
    dead pages that others link to (redirect them)."""
    out = []
    crawls = [crawl_id for _, crawl_id, *_ in index.crawls().fetchall()]
    if len(crawls) >= 2:
        old, new = crawls[-2:]
        for link in sql.rows(index.con, "opportunities/lost", domain=site, old=old, new=new):
            out.append(row("reclaim", link["src_domain"], link["src_url"], f"lost: {link['reason']}",
                           f"linked {link['dst_url']} in {old}, not in {new}", link["new_record"]))
    for (url, domain), links in _dead_pages(index, site).items():
        out.append(row("reclaim", domain, url, f"own page answers {links[0]['status']}: redirect it",
                       " ".join(sorted({link["src_url"] for link in links}))))
    return out


def local(index: Index, site: str, competitors: Sequence[str], place: str | None) -> list[Row]:
    """Crawled domains of the site's region (`place`, a region name, else the site's own TLD
    or phone numbers: regions.py) that do not link to it."""
    from analysis.opportunities import regions
    from analysis.outreach.contacts import contact_pages_pattern

    if place is not None:
        where = regions.region(place)
    else:
        (own,) = sql.rows(index.con, "opportunities/site_place", domain=site)
        found = regions.region_of(own["suffix"], own["phones"])
        if found is None:
            return []
        where = found
    out = []
    for d in sql.rows(index.con, "opportunities/local", domain=site, contact_pages=contact_pages_pattern()):
        if d["links_to_site"] or d["domain"] in competitors:
            continue
        matched = regions.signals(where, d["suffix"], d["phones"], d["lang"])
        if matched:
            out.append(row("local", d["domain"], None, f"in region {where.tld}", "; ".join(matched)))
    return out


def dead_outlinks(index: Index, site: str, competitors: Sequence[str]) -> list[Row]:
    """On-topic pages (of domains linking to the site or a competitor) whose links to other
    sites are dead: offer the site's page in place of the dead one."""
    rows = sql.rows(index.con, "opportunities/dead_outlinks", targets=[site, *competitors])
    return [row("dead_outlink", r["src_domain"], r["src_url"], f"links to a page answering {r['status']}",
                r["dst_url"], r["record"]) for r in rows]
