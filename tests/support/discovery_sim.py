"""A discovery crawl without the network or Scrapy: the same reader, profile and candidate
store over a local web's `respond()`, one domain at a time, for measuring an order's recall
at many budgets in seconds (tests and tests/bench/bench_discover.py; the real crawl is
measured there too).

Each domain is crawled as `crawl` does: robots.txt read (Protego; a 5xx disallows all), the
home page first, then breadth-first inside the registered domain, redirects followed inside
it, up to `pages` pages.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from protego import Protego

from crawler.discovery.candidates import LocalCandidates
from crawler.discovery.evidence import Weights
from crawler.discovery.exchange import LocalExchange
from crawler.discovery.learning import Calibration
from crawler.discovery.profile import TargetProfile
from crawler.discovery.reader import PageReader
from crawler.discovery.terms import TermStats
from crawler.seeds import parse_seeds
from pipelines.extractor import extract


@dataclass
class Run:
    """What a simulated discovery crawl did."""

    admitted: list[str] = field(default_factory=list)  # candidates, in admission order
    found: dict[str, set[str]] = field(default_factory=dict)  # target -> domains found linking
    found_at: dict[str, int] = field(default_factory=dict)  # linking domain -> admissions so far
    pages: int = 0

    def recall(self, truth: set[str], budget: int) -> float:
        """The share of `truth` found within the first `budget` admitted candidates."""
        hits = {d for d in truth if self.found_at.get(d, 10**9) <= budget}
        return len(hits) / len(truth) if truth else 1.0


class _State:
    """The duck type of crawler.discovery.state.Discovery the reader needs."""

    def __init__(self, targets: list[str], store: LocalCandidates) -> None:
        self.targets = targets
        self.stats = TermStats()
        self.profile = TargetProfile(targets, self.stats)
        self.store = store
        self.refdomains: dict[str, set[str]] = {t: set() for t in targets}
        self.exchange = LocalExchange()
        self.exchange.bind(self)  # type: ignore[arg-type]


def simulate(web, targets: list[str], seeds: list[str], *, max_domains: int, pages: int,
             order: str = "score", weights: Weights | None = None, learn: bool = True) -> Run:
    """Discover the referring domains of `targets` in `web`, admitting up to `max_domains`."""
    store = LocalCandidates(weights or Weights(), order)
    calibration = Calibration(store.betas) if learn and order == "score" else None
    state = _State([s.domain for s in parse_seeds(targets)], store)
    reader = PageReader(state)  # type: ignore[arg-type]
    run = Run(found=state.refdomains)
    seed_list = parse_seeds(seeds)
    store.exclude(state.targets + [s.domain for s in seed_list])
    crawled = 0

    def crawl(domain: str, urls: tuple[str, ...]) -> None:
        nonlocal crawled
        before = set().union(*state.refdomains.values())
        run.pages += _crawl_domain(web, domain, urls, pages, reader)
        for d in set().union(*state.refdomains.values()) - before:
            run.found_at.setdefault(d, crawled)

    for seed in parse_seeds(targets):
        crawl(seed.domain, seed.urls)
    reader.start_weighing()
    for seed in seed_list:
        crawl(seed.domain, seed.urls)
    while True:
        admitted = store.admit(1, max_domains)
        if not admitted:
            return run
        crawled += 1
        run.admitted.append(admitted[0].domain)
        crawl(admitted[0].domain, admitted[0].urls)
        store.finish(admitted[0].domain)
        if calibration is not None:
            found = any(admitted[0].domain in f for f in state.refdomains.values())
            betas = calibration.observe(admitted[0].features, found)
            if betas is not None:
                store.reweigh(betas)


def _crawl_domain(web, domain: str, urls: tuple[str, ...], budget: int, reader: PageReader) -> int:
    robots: dict[str, Protego | None] = {}
    fallbacks = list(urls[1:])
    queue = deque([urls[0]])
    seen = {urls[0]}
    fetched = 0
    while (queue or (fallbacks and not fetched)) and fetched < budget:
        url = queue.popleft() if queue else fallbacks.pop(0)
        origin = url.split("/", 3)[:3]
        key = "/".join(origin)
        if key not in robots:
            reply = web.respond("GET", key + "/robots.txt", {})
            body = reply.body if isinstance(reply.body, bytes) else b""
            robots[key] = Protego.parse("User-agent: *\nDisallow: /\n") if reply.status >= 500 else \
                Protego.parse(body.decode("utf-8", "replace")) if reply.status < 300 else None
        rules = robots[key]
        if rules is not None and not rules.can_fetch(url, "backlinks"):
            continue
        reply = web.respond("GET", url, {})
        if reply.status == 502:  # the local web's "no such host": the fetch failed
            continue
        if not isinstance(reply.body, bytes):
            continue  # a streamed body: not what a small site serves
        fetched += 1
        result = extract(url, reply.body, reply.headers, status=reply.status)
        reader.read(result.page, result.text, result.links)
        for link in result.links:
            target = link["dst_url"]
            if link["dst_domain"] == domain and target not in seen and link["kind"] in ("a", "area", "redirect"):
                seen.add(target)
                queue.append(target)
    return fetched
