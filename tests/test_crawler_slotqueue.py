"""The scheduler's priority queue (crawler/slotqueue.py): it hands out requests of the hosts
that are free now, shallowest first, and tells the engine when the next host will be.

Each test builds the queue on a throwaway crawler's real engine and downloader, and puts the
downloader's slots in the state a crawl would (a request gone out, two in flight, ...), as the
engine and the downloader do it. The queue's timer needs an event loop: the tests run in one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from time import monotonic
from typing import Any

import pytest
from scrapy import Request, Spider, signals
from scrapy.core.downloader import Slot
from scrapy.core.engine import ExecutionEngine
from scrapy.squeues import FifoMemoryQueue
from scrapy.utils.test import get_crawler

from crawler.signals import request_abandoned
from crawler.slotqueue import FreeSlotPriorityQueue


def in_loop(test: Callable[..., Any]) -> Callable[..., Any]:
    """Run the test body inside an asyncio event loop, as a crawl's reactor does."""
    def run(*args: Any, **kwargs: Any) -> None:
        async def body() -> None:
            test(*args, **kwargs)
        asyncio.run(body())
    run.__name__, run.__doc__ = test.__name__, test.__doc__
    return run


def make_queue(delay: float = 0.5, per_host: int = 2) -> FreeSlotPriorityQueue:
    crawler = get_crawler(Spider, {"DOWNLOAD_DELAY": delay, "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
                                   "DOWNLOAD_HANDLERS": {"http": None, "https": None}})
    crawler.engine = ExecutionEngine(crawler, lambda _: None)
    return FreeSlotPriorityQueue.from_crawler(crawler, FifoMemoryQueue, "")


def request(url: str, depth: int = 0) -> Request:
    return Request(url, priority=-depth)


def handed(queue: FreeSlotPriorityQueue, req: Request | None) -> None:
    """What the engine does with a popped request: it is now the downloader's."""
    assert req is not None  # the queue handed one out
    queue.downloader.active.add(req)


def goes_out(queue: FreeSlotPriorityQueue, req: Request | None, at: float) -> Slot:
    """The downloader takes it into its host's slot and sends it at `at`."""
    assert req is not None
    key, slot = queue.downloader._get_slot(req)
    req.meta[queue.downloader.DOWNLOAD_SLOT] = key
    slot.active.add(req)
    slot.transferring.add(req)
    slot.lastseen = at
    return slot


def ends(queue: FreeSlotPriorityQueue, req: Request | None, slot: Slot) -> None:
    slot.active.discard(req)
    slot.transferring.discard(req)
    queue.downloader.active.discard(req)
    queue.crawler.signals.send_catch_log(signals.request_left_downloader, request=req, spider=None)


def drain(queue: FreeSlotPriorityQueue) -> list[str]:
    out = []
    while (req := queue.pop()) is not None:
        handed(queue, req)
        out.append(req.url)
    return out


@in_loop
def test_shallowest_first_hosts_in_turn_and_each_hosts_own_in_order() -> None:
    queue = make_queue(delay=0, per_host=8)
    for url, depth in [("http://a.com/1", 1), ("http://b.com/0", 0), ("http://c.com/2", 2),
                       ("http://a.com/1b", 1), ("http://b.com/1", 1)]:
        queue.push(request(url, depth))
    assert drain(queue) == ["http://b.com/0", "http://a.com/1", "http://b.com/1",
                            "http://a.com/1b", "http://c.com/2"]
    assert len(queue) == 0


@in_loop
def test_a_host_waiting_out_its_delay_is_skipped_and_the_engine_called_back_in_time() -> None:
    queue = make_queue(delay=0.5)
    earlier = request("http://a.com/0")
    queue.push(earlier)
    handed(queue, queue.pop())
    sent = monotonic()
    goes_out(queue, earlier, sent)
    queue.push(request("http://a.com/1", 1))
    queue.push(request("http://b.com/5", 5))
    assert drain(queue) == ["http://b.com/5"]  # a.com's shallower page waits for its delay
    assert len(queue) == 1
    assert queue.timer is not None and queue.timer_at == pytest.approx(sent + 0.5, abs=0.01)
    queue.close()


@in_loop
def test_a_host_whose_delay_has_elapsed_is_free() -> None:
    queue = make_queue(delay=0.5)
    earlier = request("http://a.com/0")
    queue.push(earlier)
    handed(queue, queue.pop())
    goes_out(queue, earlier, monotonic() - 0.6)  # it went out 0.6 s ago
    queue.push(request("http://b.com/5", 5))
    queue.push(request("http://a.com/1", 1))
    assert drain(queue) == ["http://a.com/1", "http://b.com/5"]


@in_loop
def test_a_slots_own_delay_holds_a_crawl_delay_say() -> None:
    queue = make_queue(delay=0)
    first = request("http://slow.com/0")
    queue.push(first)
    handed(queue, queue.pop())
    goes_out(queue, first, monotonic()).delay = 5.0  # what CrawlDelayMiddleware sets
    queue.push(request("http://slow.com/1"))
    assert queue.pop() is None and len(queue) == 1
    queue.close()


@in_loop
def test_a_host_at_its_concurrency_is_skipped_until_a_request_leaves() -> None:
    queue = make_queue(delay=0, per_host=2)
    for n in range(3):
        queue.push(request(f"http://a.com/{n}"))
    first, second = queue.pop(), queue.pop()
    for req in (first, second):
        handed(queue, req)
    slot = goes_out(queue, first, monotonic())
    goes_out(queue, second, monotonic())
    assert queue.pop() is None
    ends(queue, first, slot)
    assert queue.pop().url == "http://a.com/2"


@in_loop
def test_a_request_handed_out_counts_before_it_reaches_its_slot() -> None:
    """The downloader takes a request into its slot a loop turn after the engine handed it
    over (and a first request waits for robots.txt): no second one meanwhile."""
    queue = make_queue(delay=0.5)
    queue.push(request("http://a.com/0"))
    queue.push(request("http://a.com/1"))
    first = queue.pop()
    handed(queue, first)
    assert queue.pop() is None
    # refused in the downloader's middlewares (robots.txt, say): it never reaches the slot
    queue.downloader.active.discard(first)
    queue.crawler.signals.send_catch_log(request_abandoned, request=first)
    assert queue.pop().url == "http://a.com/1"
