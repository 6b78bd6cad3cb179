"""Link opportunities of a site (issue 16): who to ask for a link next, and why.

    from analysis import Index
    from analysis.opportunities import opportunities

    with Index("data") as index:
        rows = opportunities(index, "mysite.com", ["rival1.com", "rival2.com"], names=["My Site"])

Kinds (find.py has one finder each; `KINDS` is their order in the output):

- `intersect`: domains linking to at least `min_competitors` competitors and not to the site;
- `broken`: competitors' pages answering 4xx/5xx that other sites still link to (ask them to
  link to the site's page on the subject instead);
- `mention`: pages naming the site (brand.py) in their main text without linking to it;
- `reclaim`: backlinks lost between the last two crawls whose page is still up, and the
  site's own dead pages that others link to;
- `local`: crawled domains of the site's region (`region`, else the site's country code TLD
  or its phone numbers' calling code: regions.py) that do not link to it: the local news,
  clubs and associations a small business gets its links from;
- `dead_outlink` (only when asked for): on-topic pages (of domains linking to the site or a
  competitor) whose links to other sites are dead: the other half of broken-link building.

Rows are best first within a kind (highest `value`, score.py). Needs `backlinks build` for
the values (without it every value is 0) and, for broken pages, a crawl that fetched them
(a crawl checks every URL of its sites that a crawled page links to: crawler/linkcheck.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis import sql
from analysis.errors import BadArgument, UnknownDomain
from analysis.opportunities import find
from analysis.opportunities.brand import Brand, title_name

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from analysis.index import Index

KINDS = ("intersect", "broken", "mention", "reclaim", "local")
#: Kinds found only when asked for (`kinds=`): the second form of broken-link building.
OPTIONAL_KINDS = ("dead_outlink",)

__all__ = ["KINDS", "OPTIONAL_KINDS", "Brand", "brand_of", "opportunities"]


def brand_of(index: Index, site: str, names: Iterable[str] = ()) -> Brand:
    """The names `site` goes by: derived from its domain, its pages' og:site_name and titles,
    and `names`."""
    (declared,) = sql.rows(index.con, "opportunities/site_names", domain=site)
    return Brand.of(site, [declared["og_name"], title_name(declared["titles"]), *names])


def opportunities(index: Index, site: str, competitors: Sequence[str], *, names: Iterable[str] = (),
                  min_competitors: int | None = None, kinds: Sequence[str] = KINDS,
                  region: str | None = None) -> list[dict[str, Any]]:
    """The opportunities of `site` (a domain, host or URL; one nobody links to yet is fine)
    against `competitors` (known to the index), of the `kinds` asked, best first in each;
    `region` (a country code TLD: de, fr, uk...) places the site for local prospects."""
    for kind in kinds:
        if kind not in KINDS + OPTIONAL_KINDS:
            raise BadArgument("kind", kind, KINDS + OPTIONAL_KINDS)
    mine = _site_domain(index, site)
    rivals = [d for d in dict.fromkeys(index.domain(c) for c in competitors) if d != mine]
    rows: list[dict[str, Any]] = []
    if "intersect" in kinds and rivals:
        k = min(2, len(rivals)) if min_competitors is None else min_competitors
        rows += find.intersect(index, mine, rivals, k)
    if "broken" in kinds:
        rows += find.broken(index, mine, rivals)
    if "mention" in kinds:
        rows += find.mentions(index, mine, brand_of(index, mine, names), rivals)
    if "reclaim" in kinds:
        rows += find.reclaim(index, mine)
    if "local" in kinds:
        rows += find.local(index, mine, rivals, region)
    if "dead_outlink" in kinds:
        rows += find.dead_outlinks(index, mine, rivals)
    order = {kind: i for i, kind in enumerate(KINDS + OPTIONAL_KINDS)}
    return sorted(find.with_value(index, rows, mine),
                  key=lambda r: (order[r["kind"]], -r["value"], r["domain"], r["url"] or ""))


def _site_domain(index: Index, site: str) -> str:
    """The registered domain of `site`; one the index has not seen is taken as typed."""
    try:
        return index.domain(site)
    except UnknownDomain:
        from analysis import names

        return names.candidates(site)[-1]
