"""The life of a distributed worker: heartbeat, reaping dead workers, seeds, acks, idleness.

- every BACKLINKS_HEARTBEAT_SECONDS it renews `alive:<worker>` (expiring after
  BACKLINKS_LEASE_TIMEOUT seconds) and publishes its counters for `backlinks status`;
- it puts back on the frontier the leases of workers whose heartbeat has expired;
- when idle, it takes seeds from the crawl's seed list (`backlinks seed`);
- it acknowledges leases when their rows are durable (store pipeline) or when a request ends
  without a page;
- with BACKLINKS_IDLE_TIMEOUT > 0 it stops once the frontier, every worker's leases and the
  seed list have been empty that long; otherwise it waits for more seeds.

Settings read: BACKLINKS_CRAWL_ID, BACKLINKS_WORKER_ID, BACKLINKS_HEARTBEAT_SECONDS,
BACKLINKS_LEASE_TIMEOUT, BACKLINKS_IDLE_TIMEOUT, BACKLINKS_PRIVATE_SUFFIXES.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet.task import LoopingCall

from crawler.distributed import serializer
from crawler.distributed.connection import REDIS_DOWN, client_from_settings
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.lease import LeaseBook
from crawler.distributed.queue import LeasedQueue
from crawler.errors import BadSeed
from crawler.items import LEASE
from crawler.seeds import parse_seed
from crawler.signals import request_abandoned, rows_durable

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

SEEDS_PER_IDLE = 500
POLL_SECONDS = 0.25  # how often an idle worker looks at the shared frontier


class Worker:
    def __init__(self, crawler: Crawler, server: Any) -> None:
        s = crawler.settings
        self.crawler, self.server = crawler, server
        self.keys = CrawlKeys(s.get("BACKLINKS_CRAWL_ID"))
        self.worker = s.get("BACKLINKS_WORKER_ID")
        self.heartbeat_seconds = s.getfloat("BACKLINKS_HEARTBEAT_SECONDS")
        self.lease_timeout = s.getint("BACKLINKS_LEASE_TIMEOUT")
        self.idle_timeout = s.getfloat("BACKLINKS_IDLE_TIMEOUT")
        self.private = s.getbool("BACKLINKS_PRIVATE_SUFFIXES")
        self.leases = LeaseBook(server, self.keys, self.worker, crawler.stats)
        self.idle_since: float | None = None
        self.started = time.time()
        self.timer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("BACKLINKS_DISTRIBUTED"):
            raise NotConfigured  # embedded mode (routine: no warning)
        worker = cls(crawler, client_from_settings(crawler.settings))
        sig = crawler.signals
        sig.connect(worker.opened, signal=signals.spider_opened)
        sig.connect(worker.closed, signal=signals.spider_closed)
        sig.connect(worker.idle, signal=signals.spider_idle)
        sig.connect(worker.durable, signal=rows_durable)
        sig.connect(worker.abandoned, signal=request_abandoned)
        return worker

    # -- heartbeat and reaping ----------------------------------------------------------
    def opened(self, spider: Any) -> None:
        self.beat()
        self.timer = LoopingCall(self.beat)
        self.timer.start(self.heartbeat_seconds, now=False)
        self.poker = LoopingCall(self.poke)
        self.poker.start(POLL_SECONDS, now=False)

    def poke(self) -> None:
        """Ask the engine for the next request now. Scrapy looks at its scheduler every 5 s
        when it has nothing to do; with a shared frontier, other workers add requests all the
        time, and 5 s of idling per gap made a worker 2x slower than the embedded crawl."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def beat(self) -> None:
        try:
            self.server.set(self.keys.alive(self.worker), "1", ex=self.lease_timeout)
            self.server.hset(self.keys.workers, self.worker, json.dumps(self.counters("running")))
            self.leases.ack([])  # acknowledgements Redis could not take earlier
            self.reap()
        except REDIS_DOWN as exc:
            logger.warning("Redis unavailable for the heartbeat: %s", exc)

    def reap(self) -> None:
        """Leases of workers whose heartbeat expired go back to the frontier."""
        queue = self._queue()
        for key in self.server.scan_iter(match=self.keys.inflight_pattern, count=1000):
            key = key.decode() if isinstance(key, bytes) else key
            owner = key.rsplit(":", 1)[1]
            if owner == self.worker or self.server.exists(self.keys.alive(owner)):
                continue
            moved = queue.requeue(key)
            if moved:
                self.crawler.stats.inc_value("distributed/requeued", moved)
                logger.warning("Worker %s is gone: %d of its requests are back on the frontier", owner, moved)

    def counters(self, state: str) -> dict[str, Any]:
        stats = self.crawler.stats
        pages = stats.get_value("extract/pages", 0)
        elapsed = max(time.time() - self.started, 1e-9)
        return {"state": state, "pages": pages, "pages_per_second": round(pages / elapsed, 2),
                "links": stats.get_value("extract/links", 0),
                "errors": stats.get_value("progress/fetch_errors", 0),
                "started": self.started, "last_seen": time.time()}

    def closed(self, spider: Any, reason: str) -> None:
        for timer in (self.timer, getattr(self, "poker", None)):
            if timer is not None and timer.running:
                timer.stop()
        try:
            self.leases.ack([])  # whatever could not be sent before
            self.server.hset(self.keys.workers, self.worker, json.dumps(self.counters(f"stopped: {reason}")))
            self.server.delete(self.keys.alive(self.worker))
        except REDIS_DOWN as exc:
            logger.warning("Redis unavailable at close: %s", exc)

    # -- acknowledgements -----------------------------------------------------------------
    def durable(self, leases: list[tuple[str, str | None]]) -> None:
        self.leases.ack(leases)

    def abandoned(self, request: Request) -> None:
        lease = request.meta.get(LEASE)
        if lease is not None:
            self.leases.ack([(lease, request.meta.get("scope"))])

    # -- seeds and idleness -------------------------------------------------------------------
    def idle(self, spider: Any) -> None:
        try:
            if self.take_seeds(spider):
                self.idle_since = None
                raise DontCloseSpider
            busy = self.server.zcard(self.keys.requests) or self.server.llen(self.keys.seeds) or self.leases_out()
        except REDIS_DOWN as exc:
            logger.warning("Redis unavailable while idle: %s", exc)
            raise DontCloseSpider from None
        if busy:
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if self.idle_timeout <= 0 or now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
        logger.info("Frontier empty for %.0f s: worker %s stops", now - self.idle_since, self.worker)

    def leases_out(self) -> int:
        return sum(self.server.hlen(k) for k in self.server.scan_iter(match=self.keys.inflight_pattern))

    def take_seeds(self, spider: Any) -> int:
        """Schedule up to SEEDS_PER_IDLE seeds from the crawl's seed list; return how many."""
        raw = self.server.lpop(self.keys.seeds, SEEDS_PER_IDLE) or []
        engine, taken = self.crawler.engine, 0
        for entry in raw:
            text = _seed_text(entry)
            try:
                seed = parse_seed(text or "", private_suffixes=self.private,
                                  www=self.crawler.settings.getbool("BACKLINKS_WWW_FALLBACK"))
            except BadSeed as exc:
                self.crawler.stats.inc_value("distributed/bad_seeds")
                logger.warning("Skipped a seed: %s", exc)
                continue
            engine.crawl(spider.request_for(seed.urls[0], scope=seed.domain, depth=0,
                                            redirect_hops=0, fallbacks=list(seed.urls[1:])))
            taken += 1
        return taken

    def _queue(self) -> LeasedQueue:
        return LeasedQueue(self.server, self.crawler.spider, self.keys.requests, serializer,
                           inflight_key=self.keys.inflight(self.worker))


def _seed_text(entry: bytes | str) -> str | None:
    """A seed entry is JSON {"seed": text} (or {"url": ...}, scrapy-redis style) or plain text;
    any other field, meta included, is ignored: a seed cannot set a proxy or robots.txt off."""
    text = entry.decode("utf-8", "replace") if isinstance(entry, bytes) else entry
    if text.lstrip().startswith("{"):
        try:
            obj = json.loads(text)
        except ValueError:
            return None
        value = obj.get("seed") or obj.get("url") if isinstance(obj, dict) else None
        return value if isinstance(value, str) else None
    return text
