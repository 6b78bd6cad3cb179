"""What the workers of one crawl share through Redis besides the frontier: the page budget
per registered domain, robots.txt (fetched once per origin), and the per-host gate that
spaces requests to a host by its delay across all workers.

The add-on (addon.py) makes the budget and robots middlewares use `SharedBudget` and
`SharedRobots` through BACKLINKS_BUDGET_COUNTER and BACKLINKS_ROBOTS_CACHE, in place of
their local defaults.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from crawler.distributed.connection import REDIS_DOWN, client_from_settings
from crawler.distributed.keys import CrawlKeys
from crawler.middlewares.budget import BudgetUnavailable
from crawler.timing import sleep

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from typing import Self

    from scrapy.crawler import Crawler

#: x 0.25 s: how long a worker waits for another worker's robots.txt fetch before its own.
SHARED_WAIT_ROUNDS = 120

_GATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now >= nxt then
  redis.call('SET', KEYS[1], now + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]) + 60000)
  return 0
end
return nxt - now
"""


_TAKE = """
local taken = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if ARGV[2] ~= '' then
  local score = redis.call('HGET', KEYS[2], ARGV[2])
  if score then
    redis.call('HDEL', KEYS[2], ARGV[2])
    redis.call('HSET', KEYS[2], ARGV[3], score)
  end
end
return taken
"""


class SharedBudget:
    """Pages fetched per registered domain, counted by every worker together.

    A request is counted once: its lease on Redis is rewritten, in the same step, to carry
    `budget_counted`, so a request that goes back to the frontier because its worker died is
    not counted a second time when another worker takes it."""

    def __init__(self, server: Any, keys: CrawlKeys, worker: str) -> None:
        self.server, self.keys, self.worker = server, keys, worker
        self._take = server.register_script(_TAKE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        return cls(client_from_settings(s), CrawlKeys(s.get("BACKLINKS_CRAWL_ID")), s.get("BACKLINKS_WORKER_ID"))

    def take(self, domain: str, lease: str | None = None) -> tuple[int, str | None]:
        """Count one more fetch of `domain`; return the count including it, and the lease as
        it now stands on Redis. BudgetUnavailable while Redis is away."""
        new_lease = _counted(lease) if lease else None
        try:
            taken = self._take(keys=[self.keys.budget, self.keys.inflight(self.worker)],
                               args=[domain, lease or "", new_lease or ""])
        except REDIS_DOWN as exc:
            raise BudgetUnavailable(f"Redis unavailable: {exc}") from exc
        return int(taken), new_lease

    def give_back(self, domain: str) -> None:
        try:
            self.server.hincrby(self.keys.budget, domain, -1)
        except REDIS_DOWN as exc:
            raise BudgetUnavailable(f"Redis unavailable: {exc}") from exc


def _counted(lease: str) -> str:
    from crawler.distributed import serializer

    obj = serializer.loads(lease)
    obj.setdefault("meta", {})["budget_counted"] = True
    return serializer.dumps(obj)


class SharedRobots:
    """robots.txt answers by origin: the first worker fetches, the others read."""

    def __init__(self, server: Any, keys: CrawlKeys, crawler: Crawler | None = None) -> None:
        self.server, self.keys, self.crawler = server, keys, crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(client_from_settings(crawler.settings), CrawlKeys(crawler.settings.get("BACKLINKS_CRAWL_ID")),
                   crawler)

    async def answer(self, origin: str, fetch: Callable[[], Awaitable[tuple[int, bytes]]]) -> tuple[int, bytes]:
        """(status, body) of the origin's robots.txt: the crawl's shared copy when another
        worker fetched it, else `fetch()`ed here and shared."""
        for _ in range(SHARED_WAIT_ROUNDS):
            cached = self.get(origin)
            if cached is not None:
                if self.crawler is not None:
                    self.crawler.stats.inc_value("robotstxt/shared_hits")
                return cached
            if self.claim(origin):
                break
            await sleep(0.25)  # another worker is fetching it
        status, body = await fetch()
        self.put(origin, status, body)
        return status, body

    def get(self, origin: str) -> tuple[int, bytes] | None:
        raw = self.server.hget(self.keys.robots, origin)
        if raw is None:
            return None
        doc = json.loads(raw)
        return int(doc["status"]), base64.b64decode(doc["body"])

    def put(self, origin: str, status: int, body: bytes) -> None:
        doc = {"status": status, "body": base64.b64encode(body[:500_000]).decode()}
        self.server.hset(self.keys.robots, origin, json.dumps(doc))

    def claim(self, origin: str, seconds: int = 60) -> bool:
        """True for the one worker that should fetch this origin's robots.txt now."""
        return bool(self.server.set(self.keys.robots_lock(origin), "1", nx=True, ex=seconds))


class HostGate:
    """The earliest time the next request to a host may start, for all workers."""

    def __init__(self, server: Any, keys: CrawlKeys) -> None:
        self.keys = keys
        self._gate = server.register_script(_GATE)

    def wait_ms(self, host: str, delay_seconds: float) -> int:
        """0 if a request to `host` may start now (and the gate moves on), else ms to wait."""
        return int(self._gate(keys=[self.keys.gate(host)], args=[int(delay_seconds * 1000)]))
