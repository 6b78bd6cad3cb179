"""The scheduler's priority queue: it hands out only requests of hosts that are free now.

Scrapy's downloader keeps one slot per host, which spaces the host's requests by its delay
(DOWNLOAD_DELAY, AutoThrottle's, robots.txt Crawl-delay: crawler/middlewares/crawldelay.py)
and runs at most its concurrency (CONCURRENT_REQUESTS_PER_DOMAIN) at a time. A request handed
to a slot that is not free waits inside the downloader, and counts against
CONCURRENT_REQUESTS meanwhile: with Scrapy's own queues a broad polite crawl fills its global
concurrency with requests waiting out their host's delay (issue 14: 0.20 of the capacity at
150 ms latency).

This queue keeps one priority queue per slot and pops only from slots that are free now:
fewer requests in flight than their concurrency and, when they have a delay, none waiting to
go out and the delay elapsed since the last one went. Among the free slots, the best priority
first (the spider's priority is -depth: the crawl stays breadth-first), equal ones in turn.
When no slot is free, it asks the engine to look again the moment the next one will be
(otherwise the engine would wait for its 5 s heartbeat). So the requests in flight are those
of the hosts that are ready, up to CONCURRENT_REQUESTS, the bound the operator sets.

Politeness stays the downloader's: the queue only decides when a request is handed over, from
the slots' live state (AutoThrottle's and Crawl-delay's delays included); the downloader still
applies every delay itself. A request is handed over once the slot's delay has elapsed, so its
jitter (DOWNLOAD_DELAY_JITTER) can only lengthen a gap, never shorten it below the delay.

With JOBDIR it is persisted like Scrapy's DownloaderAwarePriorityQueue, which it extends (a
queue per slot on disk). Settings read: those of DownloaderAwarePriorityQueue.
"""

from __future__ import annotations

import heapq
import itertools
from contextlib import suppress
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.pqueues import DownloaderAwarePriorityQueue, _path_safe
from scrapy.utils.asyncio import call_later

from crawler.signals import request_abandoned

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy import Request
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.pqueues import QueueProtocol
    from scrapy.utils.asyncio import CallLaterResult

#: Seconds after which a slot that is busy for no reason the queue hears about (a request
#: waiting for robots.txt, or for the downloader's jitter) is looked at again.
RECHECK = 0.25


class FreeSlotPriorityQueue(DownloaderAwarePriorityQueue):
    """One priority queue per download slot; `pop()` takes from slots that are free now."""

    def __init__(self, crawler: Crawler, downstream_queue_cls: type[QueueProtocol], key: str,
                 slot_startprios: dict[str, Iterable[int]] | None = None, *,
                 start_queue_cls: type[QueueProtocol] | None = None) -> None:
        super().__init__(crawler, downstream_queue_cls, key, slot_startprios,
                         start_queue_cls=start_queue_cls)
        self.downloader = crawler.engine.downloader
        self.ready: list[tuple[int, int, str]] = []  # heap of (priority, turn, slot): look now
        self.sleeping: list[tuple[float, int, str]] = []  # heap of (time, turn, slot): look then
        self.turns = itertools.count()
        self.listed: dict[str, int] = {}  # slot -> the turn of its one valid heap entry
        self.handed: dict[str, list[Request]] = {}  # slot -> handed out, not in the slot yet
        self.timer: CallLaterResult | None = None
        self.timer_at = 0.0  # when the timer fires (monotonic)
        for slot in self.pqueues:
            self._list_ready(slot)
        crawler.signals.connect(self._request_left, signal=signals.request_left_downloader)
        crawler.signals.connect(self._request_left, signal=request_abandoned)

    def push(self, request: Request) -> None:
        slot = self._downloader_interface.get_slot_key(request)
        queue = self.pqueues.get(slot)
        if queue is None:
            queue = self.pqueues[slot] = self.pqfactory(slot)
        queue.push(request)
        if slot not in self.listed:
            self._list_ready(slot)

    def pop(self) -> Request | None:
        now = monotonic()
        self._wake_due(now)
        while self.ready:
            _, turn, slot = heapq.heappop(self.ready)
            if self.listed.get(slot) != turn:
                continue  # an entry the slot has left since
            wait = self._wait(slot, now)
            if wait > 0:
                self._list_sleeping(slot, now + wait)
                continue
            return self._take(slot, now)
        if self.sleeping:  # the engine had room, every host with requests is busy or resting:
            self.crawler.stats.inc_value("scheduler/no_free_host")  # more hosts would go faster
        self._arm_timer(now)
        return None

    def peek(self) -> Request | None:
        raise NotImplementedError("FreeSlotPriorityQueue: which request comes next depends on when")

    def close(self) -> dict[str, list[int]]:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        return super().close()

    # -- the slots' state -------------------------------------------------------------------
    def _wait(self, key: str, now: float) -> float:
        """0 if the slot is free now, else the seconds after which to look at it again."""
        slot = self.downloader.slots.get(key)
        concurrency, delay = self._limits(key, slot)
        handed = self._handed_out(key, slot)
        in_slot = len(slot.active) if slot is not None else 0
        going_out = len(slot.transferring) if slot is not None else 0
        if handed + in_slot >= concurrency:
            return RECHECK  # woken sooner when one of its requests leaves (_request_left)
        if delay:
            if handed + in_slot > going_out:
                return min(RECHECK, delay)  # one already waits for its turn
            due = (slot.lastseen if slot is not None else 0.0) + delay - now
            if due > 0:
                return due
        return 0.0

    def _limits(self, key: str, slot: Slot | None) -> tuple[int, float]:
        """The slot's concurrency and delay, or those it will have when the downloader makes it."""
        if slot is not None:
            return slot.concurrency, slot.delay
        d = self.downloader
        own = d.per_slot_settings.get(key, {})
        return own.get("concurrency", d.ip_concurrency or d.domain_concurrency), own.get("delay", d._delay)

    def _handed_out(self, key: str, slot: Slot | None) -> int:
        """Requests of the slot handed out that have not reached it yet: in the downloader's
        middlewares (a robots.txt fetch to wait for, say). The engine hands a request to the
        downloader at once, but the downloader takes it into the slot a loop turn later."""
        handed = self.handed.get(key)
        if not handed:
            return 0
        active = self.downloader.active
        handed[:] = [r for r in handed if r in active and (slot is None or r not in slot.active)]
        return len(handed)

    def _take(self, key: str, now: float) -> Request | None:
        queue = self.pqueues[key]
        request = queue.pop()
        if request is not None:
            self.handed.setdefault(key, []).append(request)
        if queue:
            _, delay = self._limits(key, self.downloader.slots.get(key))
            if delay:  # it cannot be free again before this request has gone out + the delay
                self._list_sleeping(key, now + delay)
            else:
                self._list_ready(key)
        else:
            self._drop(key)
        return request

    def _drop(self, key: str) -> None:
        """The slot has no request left: forget it (DownloaderAwarePriorityQueue.pop does this)."""
        self.pqueues.pop(key).close()
        del self.listed[key]
        self.handed.pop(key, None)
        if self.key:
            with suppress(OSError):
                Path(self.key, _path_safe(key)).rmdir()

    # -- the two heaps ----------------------------------------------------------------------
    def _list_ready(self, key: str) -> None:
        turn = self.listed[key] = next(self.turns)
        heapq.heappush(self.ready, (self.pqueues[key].curprio or 0, turn, key))

    def _list_sleeping(self, key: str, when: float) -> None:
        turn = self.listed[key] = next(self.turns)
        heapq.heappush(self.sleeping, (when, turn, key))

    def _wake_due(self, now: float) -> None:
        while self.sleeping and self.sleeping[0][0] <= now:
            _, turn, key = heapq.heappop(self.sleeping)
            if self.listed.get(key) == turn:
                self._list_ready(key)

    def _request_left(self, request: Request, **kwargs: Any) -> None:
        """A request left the downloader (or was refused before reaching it): its slot may
        be free, look at it at the next pop."""
        key = request.meta.get(self.downloader.DOWNLOAD_SLOT) or self.downloader.get_slot_key(request)
        if key in self.listed and key in self.pqueues:
            self._list_ready(key)

    def _arm_timer(self, now: float) -> None:
        """Have the engine call pop() again when the first sleeping slot wakes up."""
        if not self.sleeping:
            return
        when = self.sleeping[0][0]
        if self.timer is not None:
            if self.timer_at <= when:
                return
            self.timer.cancel()
        self.timer, self.timer_at = call_later(max(0.0, when - now), self._poke), when

    def _poke(self) -> None:
        self.timer = None
        slot = getattr(self.crawler.engine, "_slot", None)  # Scrapy has no public call for it
        if slot is not None:
            slot.nextcall.schedule()
