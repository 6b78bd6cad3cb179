"""How many seeds and candidates a discovery crawls at once: as few as keep the downloader
busy.

Few at a time is what makes the order best-first: a domain admitted early is chosen on the
evidence of then, and a candidate found a moment later can only come first if a place is
still free. Many at a time is what per-host politeness needs: each host gives at most
CONCURRENT_REQUESTS_PER_DOMAIN requests at once and one every DOWNLOAD_DELAY (or its
Crawl-delay), so on the real web's latency a crawl needs as many hosts at once as its
machine can serve.

The window starts at BACKLINKS_DISCOVER_ACTIVE_DOMAINS and, every GROW_SECONDS, doubles
when the scheduler found no free host while the engine had room for more (the
`scheduler/no_free_host` count of crawler/slotqueue.py rose) and the pages per second rose
by more than 15% with the last growth (or there was none yet); a growth that did not raise it
is undone, and the window shrinks by a tenth, back towards its start, when no host was
missing. Up to BACKLINKS_DISCOVER_ACTIVE_DOMAINS_MAX, and never more than a fifth of the
budget of domains: past that, the crawl would commit to most of its budget on the evidence of
its first pages.
"""

from __future__ import annotations

import math
import time

GROW_SECONDS = 1.0
#: A rate counts as having risen when it is this much above the last one.
RISE = 1.15


class Window:
    def __init__(self, start: int, largest: int) -> None:
        self.start, self.largest = max(1, start), max(start, largest)
        self.size = self.start
        self._at = time.monotonic()
        self._pages = 0
        self._starved = 0
        self._last_rate: float | None = None
        self._grew = False

    def update(self, pages: int, starved: int) -> int:
        """The window's size, given the crawl's pages and no_free_host counts so far."""
        now = time.monotonic()
        if now - self._at < GROW_SECONDS:
            return self.size
        rate = (pages - self._pages) / (now - self._at)
        missing_hosts = starved > self._starved
        if missing_hosts and (not self._grew or self._last_rate is None or rate > self._last_rate * RISE):
            self.size, self._grew = min(self.largest, self.size * 2), True
        elif not missing_hosts:
            self.size, self._grew = max(self.start, self.size - math.ceil(self.size / 10)), False
        else:  # growing did not help: back to the size before
            self.size, self._grew = max(self.start, math.ceil(self.size / 2)), False
        self._at, self._pages, self._starved, self._last_rate = now, pages, starved, rate
        return self.size
