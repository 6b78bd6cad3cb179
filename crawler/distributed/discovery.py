"""The shared side of a distributed discovery (crawler/discovery/exchange.py): the targets'
pages and the anchors of links to them, the referring domains found, the seeds' release and
the domains each worker is crawling, in Redis under `backlinks:<crawl_id>:disc:`.

- `target_pages`, `anchors`: lists of JSON lessons, appended by the worker that read them and
  read back by every worker from where it stopped (`sync`);
- `ref:<target>`: sets of the referring domains found;
- `weighing`: set once, by the first worker to see every target done (each target requested,
  nothing of it pending on the shared frontier): from then on every worker weighs evidence;
- `once:<step>`: a step of the crawl one worker does (the priors, pushing the seeds);
- the shared `pending` counters of the frontier (crawler/distributed/scheduler.py) tell when
  an admitted domain is done.

Settings read: BACKLINKS_CRAWL_ID, REDIS_URL.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from crawler.distributed.connection import client_from_settings
from crawler.distributed.control import push_seeds
from crawler.distributed.keys import CrawlKeys

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.discovery.state import Discovery


class RedisExchange:
    distributed = True

    def __init__(self, server: Any, crawl_id: str) -> None:
        self.server, self.crawl_id = server, crawl_id
        self.keys = CrawlKeys(crawl_id)
        self.prefix = f"{self.keys.requests.rsplit(':', 1)[0]}:disc:"
        self.discovery: Discovery | None = None
        self._read = {"target_pages": 0, "anchors": 0}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(client_from_settings(crawler.settings), crawler.settings.get("BACKLINKS_CRAWL_ID"))

    def key(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    def bind(self, discovery: Discovery) -> None:
        self.discovery = discovery

    # -- publishing ---------------------------------------------------------------------------
    def target_page(self, domain: str, counts: Counter[str], site_name: str | None) -> None:
        lesson = {"domain": domain, "counts": dict(counts), "site_name": site_name}
        self.server.rpush(self.key("target_pages"), json.dumps(lesson))

    def anchor(self, text: str) -> None:
        self.server.rpush(self.key("anchors"), json.dumps(text))

    def refdomain(self, target: str, domain: str) -> None:
        assert self.discovery is not None
        if domain not in self.discovery.refdomains[target]:
            self.discovery.refdomains[target].add(domain)
            self.server.sadd(self.key("ref", target), domain)

    # -- learning what the others published ---------------------------------------------------
    def sync(self) -> None:
        """Learn the lessons published since the last sync, and the referring domains found."""
        d = self.discovery
        assert d is not None
        for name in ("target_pages", "anchors"):
            new = self.server.lrange(self.key(name), self._read[name], -1)
            self._read[name] += len(new)
            for raw in new:
                lesson = json.loads(raw)
                if name == "anchors":
                    d.profile.add_anchor(lesson)
                else:
                    d.profile.add_target_page(lesson["domain"], Counter(lesson["counts"]), lesson["site_name"])
        for target in d.refdomains:
            if self.server.scard(self.key("ref", target)) != len(d.refdomains[target]):
                d.refdomains[target].update(m.decode() for m in self.server.smembers(self.key("ref", target)))

    def once(self, name: str) -> bool:
        """True for the one worker that asks first for step `name` of this crawl."""
        return bool(self.server.set(self.key("once", name), "1", nx=True))

    def state(self) -> dict[str, Any]:
        return {"read": dict(self._read)}

    # -- phases and domains -------------------------------------------------------------------
    def push_seeds(self, seeds: list[str], *, private: bool) -> None:
        push_seeds(self.server, self.crawl_id, seeds, private=private)

    def targets_done(self, targets: list[str]) -> bool:
        """Every target requested and nothing of it on the shared frontier or in flight
        (once true, true for good: `weighing` is set for every worker)."""
        if self.server.exists(self.key("weighing")):
            return True
        pending = self.server.hmget(self.keys.pending, targets)
        if any(p is None or int(p) > 0 for p in pending):
            return False
        self.server.set(self.key("weighing"), "1")
        return True

    def done(self, domains: list[str]) -> list[str]:
        """Those of `domains` with nothing pending on the shared frontier (once requested)."""
        if not domains:
            return []
        pending = self.server.hmget(self.keys.pending, domains)
        return [d for d, p in zip(domains, pending, strict=True) if p is not None and int(p) <= 0]

    def dead_workers(self, prefix_of_leases: str) -> list[str]:
        """Workers holding candidate admissions whose heartbeat expired."""
        out = []
        for key in self.server.scan_iter(match=prefix_of_leases + "*", count=1000):
            owner = (key.decode() if isinstance(key, bytes) else key).rsplit(":", 1)[1]
            if not self.server.exists(self.keys.alive(owner)):
                out.append(owner)
        return out
