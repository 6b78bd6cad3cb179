"""Opportunities into the outreach log: each row of `analysis.opportunities` becomes an entry
(`reclaim` rows reclaim entries, the other kinds acquire entries), with the row's reason,
its WARC record as evidence, and as page the one to write about: the page naming the site
(mention), the page that dropped its link (reclaim), else the first linking page of the
evidence (a dead page's referrer), or none (intersect, local)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from analysis.outreach.log import Entry, OutreachLog


def page_of(row: dict[str, Any]) -> str | None:
    """The page an opportunity's request is about."""
    if row["kind"] == "mention" or (row["kind"] == "reclaim" and row["reason"].startswith("lost")):
        return row["url"]
    if row["kind"] in ("broken", "reclaim"):  # a dead page: write to the page linking to it
        return str(row["evidence"]).split()[0]
    return None


def add_opportunities(log: OutreachLog, site: str, rows: Iterable[dict[str, Any]],
                      contacts: dict[str, list[str]] | None = None) -> list[Entry]:
    """An entry per row (an open entry for the same domain and page is kept as it is);
    `contacts`: domain -> its addresses."""
    out = []
    for row in rows:
        kind = "reclaim" if row["kind"] == "reclaim" else "acquire"
        reason = f"{row['kind']}: {row['reason']}"
        out.append(log.add(kind, site, row["domain"], page=page_of(row), reason=reason, evidence=row["record"],
                           contacts=(contacts or {}).get(row["domain"], [])))
    return out
