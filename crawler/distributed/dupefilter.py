"""Shared dupefilters: scrapy-redis's Redis set, or a Bloom filter on a Redis bitmap.

Memory per URL. The set keeps a 40-character SHA-1 per request: about 81 bytes per URL in
Redis (hashtable encoding, measured by `tests/bench/bench_distributed.py`), 8 GB for 100M URLs. The
Bloom filter (BACKLINKS_DUPEFILTER = "bloom") keeps m = -n·ln(p)/ln(2)² bits for n expected
URLs at false-positive rate p, whatever the URLs: n = 100M, p = 1e-4 -> 1.92e9 bits, 229 MiB,
with k = 13 bits per URL; a false positive means one URL in 10,000 is never fetched.
Neither is ever cleared when a worker stops (the frontier is shared).

Settings read: BACKLINKS_DUPEFILTER ("set" or "bloom"), BACKLINKS_BLOOM_CAPACITY,
BACKLINKS_BLOOM_ERROR_RATE.
"""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING, Any

from scrapy_redis.dupefilter import RFPDupeFilter

if TYPE_CHECKING:
    from scrapy import Request


class CrawlDupeFilter(RFPDupeFilter):
    """scrapy-redis's fingerprint set under the crawl's key, never deleted on close."""

    def close(self, reason: str = "") -> None:
        """The set is shared by every worker of the crawl: a stopping worker keeps it."""

    def clear(self) -> None:
        raise RuntimeError("the shared dupefilter is never cleared by a worker")


class BloomFilter:
    """k bit positions per item in one Redis bitmap (double hashing over a SHA-1 digest)."""

    _ADD = """
    local added = 0
    for i = 1, #ARGV do
      if redis.call('SETBIT', KEYS[1], ARGV[i], 1) == 0 then added = 1 end
    end
    return added
    """

    _SEEN = """
    for i = 1, #ARGV do
      if redis.call('GETBIT', KEYS[1], ARGV[i]) == 0 then return 0 end
    end
    return 1
    """

    def __init__(self, server: Any, key: str, capacity: int, error_rate: float) -> None:
        if not 0 < error_rate < 1 or capacity <= 0:
            raise ValueError("BACKLINKS_BLOOM_CAPACITY must be > 0 and BACKLINKS_BLOOM_ERROR_RATE in (0, 1)")
        self.server, self.key = server, key
        self.bits = bloom_bits(capacity, error_rate)
        if self.bits > 2**32:
            raise ValueError("a Redis bitmap holds at most 2**32 bits (512 MiB): lower the capacity")
        self.hashes = max(1, round(self.bits / capacity * math.log(2)))
        self._add = server.register_script(self._ADD)
        self._seen = server.register_script(self._SEEN)

    def positions(self, item: str) -> list[int]:
        digest = hashlib.sha1(item.encode()).digest()
        h1 = int.from_bytes(digest[:8], "big")
        h2 = int.from_bytes(digest[8:16], "big") | 1
        return [(h1 + i * h2) % self.bits for i in range(self.hashes)]

    def add(self, item: str) -> bool:
        """Add `item`; True when it was new (some bit was 0), False when (probably) seen."""
        return bool(self._add(keys=[self.key], args=self.positions(item)))

    def seen_many(self, items: list[str]) -> list[bool]:
        """Whether each item is (probably) in the filter, without adding it."""
        pipe = self.server.pipeline(transaction=False)
        for item in items:
            self._seen(keys=[self.key], args=self.positions(item), client=pipe)
        return [bool(r) for r in pipe.execute()]

    def add_many(self, items: list[str]) -> list[bool]:
        """`add` for many items in one round trip."""
        pipe = self.server.pipeline(transaction=False)
        for item in items:
            self._add(keys=[self.key], args=self.positions(item), client=pipe)
        return [bool(r) for r in pipe.execute()]


def bloom_bits(capacity: int, error_rate: float) -> int:
    return math.ceil(-capacity * math.log(error_rate) / math.log(2) ** 2)


class BloomDupeFilter(CrawlDupeFilter):
    """The same interface as the set, on a bounded Bloom filter."""

    def __init__(self, server: Any, key: str, debug: bool = False, *, capacity: int = 100_000_000,
                 error_rate: float = 1e-4) -> None:
        super().__init__(server, key, debug)
        self.bloom = BloomFilter(server, key, capacity, error_rate)

    def request_seen(self, request: Request) -> bool:
        return not self.bloom.add(self.request_fingerprint(request))
