"""scrapy-redis's scheduler, made to survive and to share: leases, no flush, no crash on outage.

- the frontier is a LeasedQueue under the crawl's keys, requests as JSON;
- `close()` never flushes the frontier or the dupefilter (other workers share them), and a
  distributed crawl refuses SCHEDULER_PERSIST = False outright;
- when Redis is away (a restart, a network cut), `next_request` returns nothing,
  `has_pending_requests` says yes and `enqueue_request` keeps the request in memory until
  Redis is back: the worker backs off instead of crashing;
- per-domain pending counters let `backlinks status` count the domains done.

Settings read: REDIS_URL, REDIS_PARAMS, BACKLINKS_CRAWL_ID, BACKLINKS_WORKER_ID,
SCHEDULER_PERSIST, BACKLINKS_DUPEFILTER, BACKLINKS_BLOOM_*, DUPEFILTER_DEBUG.
Stats: distributed/redis_errors, distributed/bad_requests, scheduler/enqueued/redis, ...
"""

from __future__ import annotations

import logging
from collections import deque
from typing import TYPE_CHECKING, Any

from scrapy_redis.scheduler import Scheduler

from crawler.distributed import serializer
from crawler.distributed.connection import REDIS_DOWN, client_from_settings
from crawler.distributed.dupefilter import BloomDupeFilter, CrawlDupeFilter
from crawler.distributed.keys import CrawlKeys
from crawler.distributed.queue import LeasedQueue
from crawler.items import LEASE

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class DistributedScheduler(Scheduler):
    queue: LeasedQueue

    def __init__(self, server: Any, crawler: Crawler, keys: CrawlKeys, worker: str, dupefilter: Any) -> None:
        super().__init__(server, persist=True, queue_key=keys.requests, dupefilter=dupefilter,
                         dupefilter_key=keys.dupefilter, serializer=serializer)
        self.crawler, self.keys, self.worker = crawler, keys, worker
        self.stats = crawler.stats
        self.backlog: deque[Request] = deque()  # requests Redis could not take yet

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        if not s.getbool("SCHEDULER_PERSIST"):
            raise ValueError("SCHEDULER_PERSIST is False: a distributed worker would delete the "
                             "shared frontier when it stops; it must stay True")
        server = client_from_settings(s)
        keys = CrawlKeys(s.get("BACKLINKS_CRAWL_ID"))
        if s.get("BACKLINKS_DUPEFILTER", "set") == "bloom":
            df = BloomDupeFilter(server, keys.dupefilter, s.getbool("DUPEFILTER_DEBUG"),
                                 capacity=s.getint("BACKLINKS_BLOOM_CAPACITY"),
                                 error_rate=s.getfloat("BACKLINKS_BLOOM_ERROR_RATE"))
        else:
            df = CrawlDupeFilter(server, keys.dupefilter, s.getbool("DUPEFILTER_DEBUG"))
        return cls(server, crawler, keys, s.get("BACKLINKS_WORKER_ID"), df)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = LeasedQueue(self.server, spider, self.keys.requests, serializer,
                                 inflight_key=self.keys.inflight(self.worker), stats=self.stats)
        reclaimed = self.queue.requeue(self.keys.inflight(self.worker))
        if reclaimed:
            logger.warning("Worker %s restarted: %d requests it held are back on the frontier",
                           self.worker, reclaimed)
            self.stats.inc_value("distributed/reclaimed", reclaimed)

    def close(self, reason: str) -> None:
        """Never flush: the frontier and the dupefilter belong to every worker."""
        if self.backlog:
            self._drain_backlog()
        if self.backlog:
            logger.error("Redis unreachable at close: %d discovered requests not queued", len(self.backlog))

    def enqueue_request(self, request: Request) -> bool:
        try:
            self._drain_backlog()
            return self._enqueue(request)
        except REDIS_DOWN as exc:
            self._redis_down("enqueue", exc)
            self.backlog.append(request)
            return True

    def next_request(self) -> Request | None:
        try:
            self._drain_backlog()
            request = self.queue.pop()
        except REDIS_DOWN as exc:
            self._redis_down("pop", exc)
            return None
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        try:
            return bool(self.backlog) or len(self.queue) > 0
        except REDIS_DOWN as exc:
            self._redis_down("len", exc)
            return True

    def _drain_backlog(self) -> None:
        while self.backlog:
            self._enqueue(self.backlog[0])
            self.backlog.popleft()

    def _enqueue(self, request: Request) -> bool:
        added = self._push(request)
        scope = request.meta.get("scope")
        if added and scope:
            self.server.hincrby(self.keys.pending, scope, 1)
        old_lease = request.meta.pop(LEASE, None)
        if old_lease is not None:  # a retry of a held request: it is queued again, release it
            self.queue.ack(old_lease)
            if scope:
                self.server.hincrby(self.keys.pending, scope, -1)
        return added

    def _push(self, request: Request) -> bool:
        """scrapy-redis's enqueue_request, without its deprecated stats call."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def _redis_down(self, what: str, exc: Exception) -> None:
        self.stats.inc_value("distributed/redis_errors")
        logger.warning("Redis unavailable (%s): %s; backing off", what, exc)
