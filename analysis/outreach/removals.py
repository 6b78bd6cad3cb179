"""Removal requests whose link is gone, marked removed with the fetch that shows it.

After `backlinks recheck` or the next crawl (`backlinks crawl` calls `mark_all_removed` when it
ends), each open removal request (`requested` or
`no_reply`) is looked up in the live index: its page (or, for a whole domain, every page of
that domain that ever linked to the site) as last fetched. The link is gone when every one of
those fetches came after the request and either answers 2xx without a link to the site or
answers 4xx (the page is gone); a page that failed or answered 5xx proves nothing. The entry
becomes `removed` with the WARC record of the (latest) fetch that shows it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import sql
from analysis.outreach.log import LOG_FILE, Entry, OutreachLog

if TYPE_CHECKING:
    from analysis.index import Index

#: The statuses of a removal request still waiting for its link to go.
OPEN = ("requested", "no_reply")


def _gone(state: dict, since: datetime) -> bool:
    status = state["status"] or 0
    after = state["fetched_at"] is not None and state["fetched_at"] > since
    return after and (200 <= status < 300 and state["links_to_site"] == 0 or 400 <= status < 500)


def _pages(index: Index, site: str, domain: str, page: str | None) -> list[str]:
    """`page`, or every page of `domain` that ever linked to `site`."""
    if page:
        return [page]
    return [r["src_url"] for r in sql.rows(index.con, "outreach/linking_pages", domain=site, src_domain=domain)]


def _states(index: Index, site: str, pages: list[str]) -> list[dict]:
    """The latest fetch of each of `pages` (those fetched), with its links to `site`."""
    return sql.rows(index.con, "outreach/page_state", domain=site, pages=pages) if pages else []


def link_record(index: Index, site: str, domain: str, page: str | None = None) -> str | None:
    """The WARC record of the latest fetch that shows `domain` (or its `page`) linking to
    `site`: a removal request's evidence. None when no fetch of it links now."""
    linking = [s for s in _states(index, site, _pages(index, site, domain, page)) if s["links_to_site"]]
    return max(linking, key=lambda s: s["fetched_at"])["record"] if linking else None


def removal_proof(index: Index, entry: Entry) -> str | None:
    """The WARC record showing `entry`'s link gone, or None while it is not known gone."""
    since = datetime.fromisoformat(entry.since("requested") or entry.created_at)
    pages = _pages(index, entry.site, entry.domain, entry.page)
    states = _states(index, entry.site, pages)
    if not states or len(states) < len(pages) or not all(_gone(s, since) for s in states):
        return None
    return max(states, key=lambda s: s["fetched_at"])["record"]


def mark_removed(index: Index, log: OutreachLog, site: str) -> list[Entry]:
    """Mark `site`'s open removal requests whose link is gone; return them."""
    marked = []
    for entry in log.entries(site=site, kind="remove"):
        if entry.status in OPEN:
            record = removal_proof(index, entry)
            if record is not None:
                marked.append(log.update(entry.id, status="removed", removed_record=record))
    return marked


def mark_all_removed(data_dir: str | Path) -> list[Entry]:
    """After a crawl: `mark_removed` for every site of the data directory's outreach log with
    an open removal request; nothing (and no index opened) when there is none."""
    from analysis.index import Index

    if "://" in str(data_dir) or not (Path(data_dir) / LOG_FILE).exists():
        return []
    log = OutreachLog(data_dir)
    sites = sorted({e.site for e in log.entries(kind="remove") if e.status in OPEN})
    if not sites:
        return []
    with Index(data_dir) as index:
        return [e for site in sites for e in mark_removed(index, log, site)]
