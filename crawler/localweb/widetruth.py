"""Reading the wide web's truth (``wide.py``), and the baseline a discovery crawl is measured
against: plain discovery order, simulated over the truth's link graph (no crawl).

``WideTruth.breadth_first(budget, max_pages)`` crawls domains one after the other in the order
they are found: first the seeds (and the targets if asked; neither counted in ``budget``), then
each domain
that a crawled one links to, in the order its links appear (page by page in breadth-first
order, within a page in document order). A domain crawled sees the links on its first
``max_pages`` crawlable pages; a domain the web does not serve (a platform, a dead domain)
takes its place in the budget like any other. ``recall(crawled)`` is the share of the
target's referring domains among them.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WideTruth:
    web: dict
    sites: dict[str, dict]  # domain -> site row
    edges: dict[str, list[dict]] = field(default_factory=dict)  # src -> rows, in order found
    referrers: dict[str, dict[str, dict]] = field(default_factory=dict)  # target -> domain -> row

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> WideTruth:
        tables: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            row = dict(row)
            tables[row.pop("table")].append(row)
        truth = cls(tables["web"][0], {s["domain"]: s for s in tables["site"]})
        for e in tables["edge"]:
            truth.edges.setdefault(e["src"], []).append(e)
        for src in truth.edges:
            truth.edges[src].sort(key=lambda e: (e["first"] is None, e["first"] or 0))
        for r in tables["referrer"]:
            truth.referrers.setdefault(r["target"], {})[r["domain"]] = r
        return truth

    @property
    def target(self) -> str:
        return self.web["target"]

    @property
    def targets(self) -> list[str]:
        return [self.web["target"], *self.web["competitors"]]

    def referring_domains(self, target: str | None = None, max_pages: int | None = None) -> set[str]:
        """The domains with a crawlable page linking to ``target`` (default: the target)
        within the first ``max_pages`` pages of their breadth-first order."""
        rows = self.referrers.get(target or self.target, {}).values()
        return {r["domain"] for r in rows if r["crawlable"]
                and (max_pages is None or r["page_rank"] <= max_pages)}

    def seen_from(self, domain: str, max_pages: int | None = None) -> list[str]:
        """The domains a crawl of ``domain`` finds links to, in the order it finds them."""
        return [e["dst"] for e in self.edges.get(domain, ()) if e["crawlable"]
                and (max_pages is None or e["page_rank"] <= max_pages)]

    def breadth_first(self, budget: int, max_pages: int | None = None,
                      from_targets: bool = False) -> list[str]:
        """The ``budget`` domains (seeds and targets not counted) plain discovery order crawls
        from the seeds, after the targets' own out-links if ``from_targets``."""
        start = (self.targets if from_targets else []) + self.web["directories"]
        found = set(start) | set(self.targets)
        queue: deque[str] = deque()
        crawled: list[str] = []
        for domain in start:
            queue.extend(d for d in self.seen_from(domain, max_pages) if d not in found)
            found.update(queue)
        while queue and len(crawled) < budget:
            domain = queue.popleft()
            crawled.append(domain)
            for d in self.seen_from(domain, max_pages):
                if d not in found:
                    found.add(d)
                    queue.append(d)
        return crawled

    def recall(self, crawled: Iterable[str], target: str | None = None,
               max_pages: int | None = None) -> float:
        """The share of ``target``'s referring domains that are among ``crawled``."""
        truth = self.referring_domains(target, max_pages)
        return len(truth & set(crawled)) / len(truth) if truth else 0.0


def read_wide_truth(path: str | Path) -> WideTruth:
    """A wide truth file (``wide.wide_truth_path``) as a ``WideTruth``."""
    with open(path, encoding="utf-8") as f:
        return WideTruth.from_rows(json.loads(line) for line in f)
