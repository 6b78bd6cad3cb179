"""What a discovery crawl keeps on disk so that a second run with the same crawl id goes on
where the first stopped (a larger --max-domains, or after an interruption), without fetching
again what it has.

The datasets hold most of it: `pages` (what was fetched), `links` (what each page links to),
`candidates` (each candidate's evidence and state, the latest row of a domain winning). The
rest is `DATA/discovery/<crawl_id>.json`, written atomically with each flush: the targets'
profile (their pages' terms, the anchors of links to them), the crawl's background term
shares, the referring domains found, whether the targets were done (evidence weighed), and the examples the
signals' weights are learned from.

On resume (`restore`), the candidates come back with their evidence and state; every URL
fetched is marked seen (the scheduler's dupefilter), each domain's fetches count in its page
budget (the ledger); and the domains whose crawl was cut short (targets, seeds, admitted
candidates) get back their frontier: the links of their fetched pages, followed by the same
rules (crawler/frontier.py `follow`), minus what was fetched.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from crawler.discovery.candidates import CANDIDATE, Candidate, LocalCandidates
from crawler.discovery.evidence import FEATURES
from crawler.frontier import follow
from pipelines.dataset.layout import table_dir
from pipelines.dataset.location import Location

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.discovery.state import Discovery
    from crawler.domains import DomainLedger
    from crawler.frontier import FollowPolicy

logger = logging.getLogger(__name__)

STATE_VERSION = 1


def state_path(location: Location, crawl_id: str) -> str:
    return location.path("discovery", f"{crawl_id}.json")


def save_state(discovery: Discovery, location: Location, crawl_id: str, weighing: bool) -> None:
    """Write the state file (module docstring) atomically."""
    doc = {"version": STATE_VERSION, "weighing": weighing, **discovery.state()}
    location.write_bytes(json.dumps(doc, separators=(",", ":")).encode(), state_path(location, crawl_id))


def _read_parts(directory: Path, columns: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for part in sorted(directory.glob("part-*.parquet")):
        table = pq.read_table(part)
        present = [c for c in columns if c in table.column_names]
        rows.extend(table.select(present).to_pylist())
    return rows


class Restored:
    """What a previous run of this crawl left, read back."""

    def __init__(self, data_dir: str, crawl_id: str) -> None:
        self.location = Location(data_dir)
        self.data_dir, self.crawl_id = Path(data_dir), crawl_id
        try:
            raw = self.location.read_bytes(state_path(self.location, crawl_id))
            self.state: dict[str, Any] | None = json.loads(raw)
        except OSError:
            self.state = None
        except ValueError as exc:
            logger.warning("Ignoring the unreadable discovery state of %s: %s", crawl_id, exc)
            self.state = None

    @property
    def found(self) -> bool:
        return self.state is not None and self.state.get("version") == STATE_VERSION

    def candidates(self) -> list[Candidate]:
        """The candidates as last written (the latest row of each domain)."""
        latest: dict[str, dict[str, Any]] = {}
        for row in _read_parts(Path(table_dir(self.data_dir, "candidates", self.crawl_id)), _CANDIDATE_COLUMNS):
            known = latest.get(row["domain"])
            if known is None or (row["updated_at"] or 0) >= (known["updated_at"] or 0):
                latest[row["domain"]] = row
        return [_candidate(row) for row in latest.values()]

    def pages(self) -> list[dict[str, Any]]:
        return _read_parts(Path(table_dir(self.data_dir, "pages", self.crawl_id)), ["url", "domain", "depth", "status"])

    def links_by_page(self, domains: set[str]) -> dict[str, list[dict[str, Any]]]:
        """The internal links of the pages of `domains`, by source URL."""
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in _read_parts(Path(table_dir(self.data_dir, "links", self.crawl_id)), _LINK_COLUMNS):
            if not row["external"] and row["src_domain"] in domains:
                out[row["src_url"]].append(row)
        return out


_CANDIDATE_COLUMNS = ["domain", "weight", "evidence", "state", "topic", "anchor", "prior_source", "shared_terms",
                      "first_seen_url", "first_seen_at", "entry_url", "admitted_at", "admission", "updated_at"]
_LINK_COLUMNS = ["src_url", "src_domain", "dst_url", "dst_domain", "kind", "nofollow", "page_nofollow", "external"]


def _candidate(row: dict[str, Any]) -> Candidate:
    features = list(row.get("evidence") or [])
    features += [0.0] * (len(FEATURES) - len(features))
    c = Candidate(row["domain"], weight=row["weight"] or 0.0, features=features, topic=row["topic"] or 0.0,
                  anchor=row["anchor"] or 0.0, prior_source=row["prior_source"] or "",
                  terms=list(row["shared_terms"] or []), first_url=row["first_seen_url"] or "",
                  first_seen=row["first_seen_at"], state=row["state"] or CANDIDATE,
                  admitted_at=row["admitted_at"], order=row["admission"], updated_at=row["updated_at"])
    c.sources["resumed"] = tuple(features)  # its sources' signals, as one lump
    entry = row.get("entry_url") or ""
    if "://" in entry:
        scheme, _, rest = entry.partition("://")
        c.hosts[(scheme, rest.split("/", 1)[0])] += 1
    return c


def restore(crawler: Crawler, discovery: Discovery, ledger: DomainLedger, policy: FollowPolicy,
            restored: Restored, seeds: set[str]) -> set[str]:
    """Bring the crawl back to where its last run stopped (module docstring): call it once the
    scheduler is open (spider_opened). Returns the domains whose frontier came back (those
    with requests scheduled now)."""
    from scrapy import Request

    state = restored.state or {}
    discovery.load_state(state)
    store = discovery.store
    assert isinstance(store, LocalCandidates)  # one process: the distributed state is in Redis
    for c in restored.candidates():
        store.restore(c)
    pages = restored.pages()
    seen = crawler.engine.scheduler.df  # type: ignore[union-attr]
    fetched_per_domain: dict[str, int] = defaultdict(int)
    for page in pages:
        seen.request_seen(Request(page["url"]))
        fetched_per_domain[page["domain"]] += 1
    for domain, n in fetched_per_domain.items():
        ledger.restore(domain, n)
    unfinished = (set(discovery.targets) | seeds | set(discovery.store.crawling())) & set(fetched_per_domain)
    links = restored.links_by_page(unfinished)
    going_on: set[str] = set()
    for page in sorted((p for p in pages if p["domain"] in unfinished), key=lambda p: p["depth"] or 0):
        if follow(crawler, policy, ledger, links.get(page["url"], []), scope=page["domain"],
                  depth=page["depth"] or 0, redirect_hops=0):
            going_on.add(page["domain"])
    logger.info("Resumed discovery %(crawl)s: %(pages)d pages fetched, %(candidates)d candidates, "
                "%(admitted)d admitted, %(going)d domains to finish",
                {"crawl": restored.crawl_id, "pages": len(pages), "candidates": discovery.store.known(),
                 "admitted": discovery.store.admitted(), "going": len(going_on)})
    return going_on
