"""Candidates from outside the crawl, with their priors (crawler/discovery/evidence.py):

- Common Crawl's web graph, imported with `backlinks import-webgraph`: every domain linking to
  a target there is a candidate (signal `webgraph_link`), and its harmonic centrality rank is
  a small prior (`webgraph_rank` = 1 / (1 + log10(position)): 1 for the best-ranked domain,
  0.25 for the 1000th);
- Google Search Console's Links report, imported with `backlinks import-gsc`: every linking
  site it lists is a candidate (signal `gsc`): Google saw the link.

Both are read once, when the crawl opens. Settings read: BACKLINKS_DISCOVER_WEBGRAPH (the
imported graph's name, or "" for none), BACKLINKS_DISCOVER_GSC (sites whose export was
imported), BACKLINKS_DISCOVER_WEBGRAPH_LIMIT (in-links read per target, best ranked first).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.discovery.candidates import CandidateStore


def rank_prior(position: int | None) -> float:
    """The webgraph_rank signal of a harmonic centrality position (1 = best)."""
    if not position or position < 1:
        return 0.0
    return 1.0 / (1.0 + math.log10(position))


def check_sources(data_dir: str, webgraph: str, gsc: list[str]) -> None:
    """Fail before the crawl starts when a named source was never imported."""
    if webgraph:
        from analysis.sources.webgraph import WebGraph

        WebGraph.open(data_dir, webgraph).close()
    for site in gsc:
        from analysis.sources.gsc import load_import

        load_import(data_dir, site)


def add_priors(store: CandidateStore, data_dir: str, targets: list[str], *, webgraph: str, gsc: list[str],
               limit: int) -> dict[str, int]:
    """Add the candidates of the sources named; return how many each gave."""
    counts = {"webgraph": 0, "gsc": 0}
    if webgraph:
        from analysis.sources.webgraph import WebGraph

        with WebGraph.open(data_dir, webgraph) as graph:
            for target in targets:
                for row in graph.in_links(target, limit=limit).to_pylist():
                    store.add_prior(row["domain"], "webgraph_link")
                    store.add_prior(row["domain"], "webgraph_rank", rank_prior(row["harmonicc_pos"]))
                    counts["webgraph"] += 1
    for site in gsc:
        from analysis.sources.gsc import gsc_linking_domains

        for domain, _pages in gsc_linking_domains(data_dir, site):
            store.add_prior(domain, "gsc")
            counts["gsc"] += 1
    return counts
