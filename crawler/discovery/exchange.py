"""What the processes of one discovery crawl share besides the candidates: the targets'
profile, the referring domains found, and when the targets are done.

In one process (`LocalExchange`) a lesson is learnt where it is read. In a distributed
discovery (`crawler.distributed.discovery.RedisExchange`, which the distributed add-on
swaps in through BACKLINKS_DISCOVER_EXCHANGE) a worker that reads a target's page or a link
to a target publishes it to Redis, and every worker learns it at its next `sync`, its own
lessons included, so each lesson is counted once by every worker.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.discovery.state import Discovery


class LocalExchange:
    """Lessons learnt at once, in this process."""

    distributed = False

    def __init__(self) -> None:
        self.discovery: Discovery | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def bind(self, discovery: Discovery) -> None:
        self.discovery = discovery

    def target_page(self, domain: str, counts: Counter[str], site_name: str | None) -> None:
        assert self.discovery is not None
        self.discovery.profile.add_target_page(domain, counts, site_name)

    def anchor(self, text: str) -> None:
        assert self.discovery is not None
        self.discovery.profile.add_anchor(text)

    def refdomain(self, target: str, domain: str) -> None:
        assert self.discovery is not None
        self.discovery.refdomains[target].add(domain)

    def sync(self) -> None:
        """Nothing to learn from elsewhere."""

    def push_seeds(self, seeds: list[str], *, private: bool) -> None:
        raise NotImplementedError("one process starts its seeds itself")

    def once(self, name: str) -> bool:
        """True the first time a step named `name` is asked for in this crawl (here: always)."""
        return True

    def state(self) -> dict[str, Any]:
        return {}
