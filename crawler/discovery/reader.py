"""What a fetched page says to a discovery crawl: the profile's lessons and the evidence for
each domain it links to (see crawler/discovery/evidence.py for the weights).

- Its terms count in the crawl's background (terms.py), unless it is a target's.
- A link to a target from another domain teaches the profile its anchor, and makes that
  domain a referring domain found.
- A page of a target teaches the profile its terms.
- A page of any other domain is evidence for each external domain it links to, the strongest
  of its links to that domain counting, handed to the candidate store.

Pages read before the targets are done (the crawl fetches them first, but a page of another
domain may come before the last of theirs) wait, so that no evidence is weighed against a
profile still being learned; `start_weighing()` weighs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crawler.discovery.evidence import Evidence
from crawler.discovery.profile import page_terms
from crawler.discovery.terms import terms

if TYPE_CHECKING:
    from collections import Counter

    from crawler.discovery.state import Discovery

#: Link kinds that make a candidate: a page's own links and redirects, not its canonical or
#: alternate URLs (the same content elsewhere, not a site it cites).
CANDIDATE_KINDS = frozenset({"a", "area", "frame", "redirect", "refresh"})


@dataclass
class Page:
    """What the reader keeps of a page until it is weighed."""

    domain: str
    url: str
    counts: Counter[str]
    text: str
    links: list[dict[str, Any]]  # its external links of CANDIDATE_KINDS


class PageReader:
    def __init__(self, discovery: Discovery) -> None:
        self.d = discovery
        self.weighing = False
        self.waiting: list[Page] = []

    def read(self, page: dict[str, Any], text: str, links: list[dict[str, Any]]) -> int:
        """Read one fetched page (its `pages` row, visible text and `links` rows); return the
        number of domains it gave evidence for (0 while it waits)."""
        d = self.d
        counts = page_terms(page.get("title"), page.get("meta_description"), text)
        domain = page.get("domain") or ""
        self._learn_from_links(domain, links)
        if domain in d.targets:
            d.exchange.target_page(domain, counts, page.get("og_site_name"))
            return 0
        d.stats.add(counts)
        external = [link for link in links if link["external"] and link["kind"] in CANDIDATE_KINDS]
        if not external:
            return 0
        read = Page(domain, page.get("url") or "", counts, text, external)
        if not self.weighing:
            self.waiting.append(read)
            return 0
        return self._weigh(read)

    def start_weighing(self) -> int:
        """The targets are done: weigh the pages that waited, and every page from now on."""
        self.weighing = True
        waiting, self.waiting = self.waiting, []
        return sum(self._weigh(page) for page in waiting)

    def _learn_from_links(self, domain: str, links: list[dict[str, Any]]) -> None:
        d = self.d
        if domain in d.targets:
            return
        for link in links:
            target = link["dst_domain"]
            if target in d.refdomains and link["external"]:
                d.exchange.refdomain(target, domain)
                if link["anchor_text"]:
                    d.exchange.anchor(link["anchor_text"])

    def _weigh(self, page: Page) -> int:
        d = self.d
        topic = d.profile.relevance(page.counts)
        shared = d.profile.shared_terms(page.counts) if topic > 0 else []
        cites = any(link["dst_domain"] in d.refdomains for link in page.links)
        site_cites = not cites and any(page.domain in found for found in d.refdomains.values())
        names = d.profile.named_target(page.text) is not None
        best: dict[str, Evidence] = {}
        for link in page.links:
            target = link["dst_domain"]
            if target in d.refdomains:
                continue
            around = " ".join(filter(None, (link["context_before"], link["anchor_text"], link["context_after"])))
            anchor = d.profile.relevance(terms(around)) if around else 0.0
            known = best.get(target)
            if known is None or anchor > known.anchor:
                best[target] = Evidence(page.domain, page.url, link["dst_host"], link["dst_url"].split(":", 1)[0],
                                        topic=topic, anchor=anchor, cites=cites, site_cites=site_cites,
                                        names=names, terms=shared)
        for target, evidence in best.items():
            d.store.add(target, evidence)
        return len(best)
