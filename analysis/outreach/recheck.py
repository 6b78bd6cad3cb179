"""What `backlinks recheck SITE` fetches again: the pages known to link to the site, and the
pages of its outreach log (for a request about a whole domain, that domain's pages that ever
linked). A small crawl of its own (crawl id `recheck-<time>`, seeds only: their links are
recorded, not followed), after which history, opportunities and the removal requests
(removals.py) know what changed, without recrawling everything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import sql
from analysis.outreach.log import OutreachLog

if TYPE_CHECKING:
    from analysis.index import Index


def recheck_urls(index: Index, site: str, log: OutreachLog) -> list[str]:
    """The URLs to fetch again for `site` (its registered domain), sorted."""
    urls = {r["src_url"] for r in sql.rows(index.con, "outreach/recheck_pages", domain=site)}
    for entry in log.entries(site=site):
        if entry.page:
            urls.add(entry.page)
        else:
            urls.update(r["src_url"] for r in sql.rows(index.con, "outreach/linking_pages", domain=site,
                                                       src_domain=entry.domain))
    return sorted(urls)
