"""The Redis frontier: a scrapy-redis priority queue whose pops are leases.

`pop()` moves the best request from the frontier into the worker's in-flight hash in one
Lua call, so a request is always somewhere in Redis: queued, or held by a worker. The
worker acknowledges it (`ack`) once the page's rows are on disk; a dead worker's leases go
back to the frontier (`requeue`). What comes out of Redis is checked before it becomes a
request: JSON only, GET only, the spider's own callbacks, and only the meta keys in
ALLOWED_META (a request pushed by someone else cannot set a proxy or switch robots.txt off).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.utils.request import request_from_dict
from scrapy_redis.queue import Base

from crawler.items import LEASE

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)

#: Request meta that may travel through Redis; everything else is dropped on the way in.
ALLOWED_META = frozenset({
    "scope", "depth", "redirect_hops", "fallbacks", "dont_redirect", "handle_httpstatus_all",
    "budget_counted", "retry_times", "linked_check",
})
ALLOWED_CALLBACKS = frozenset({"parse", "failed", None})

_POP = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return nil end
redis.call('ZREM', KEYS[1], item[1])
redis.call('HSET', KEYS[2], item[1], item[2])
return item[1]
"""
_REQUEUE = """
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do redis.call('ZADD', KEYS[2], entries[i + 1], entries[i]) end
redis.call('DEL', KEYS[1])
return #entries / 2
"""


class LeasedQueue(Base):
    """scrapy-redis queue (push/pop/len) with leases; `key` is the frontier's sorted set."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None,
                 inflight_key: str = "", stats: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.inflight_key = inflight_key
        self.stats = stats
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)

    def __len__(self) -> int:
        return self.server.zcard(self.key)

    def push(self, request: Request) -> None:
        self.server.zadd(self.key, {self._encode_request(request): -request.priority})

    def pop(self, timeout: int = 0) -> Request | None:
        while True:
            data = self._pop(keys=[self.key, self.inflight_key])
            if data is None:
                return None
            request = self._decode_request(data)
            if request is not None:
                request.meta[LEASE] = data if isinstance(data, str) else data.decode()
                return request
            self.ack(data)  # garbage on the frontier: logged, counted and dropped

    def ack(self, lease: str | bytes) -> None:
        self.server.hdel(self.inflight_key, lease)

    def requeue(self, inflight_key: str) -> int:
        """Put every lease of `inflight_key` back on the frontier; return how many."""
        return int(self._requeue(keys=[inflight_key, self.key]))

    def _encode_request(self, request: Request) -> str:
        """Only what a backlinks request needs goes to Redis (no headers, no cookies)."""
        obj = request.to_dict(spider=self.spider)
        return self.serializer.dumps({
            "url": obj["url"], "method": obj["method"], "callback": obj.get("callback"),
            "errback": obj.get("errback"), "priority": obj["priority"], "dont_filter": obj["dont_filter"],
            "meta": {k: v for k, v in obj["meta"].items() if k in ALLOWED_META},
        })

    def _decode_request(self, data: str | bytes) -> Request | None:
        try:
            obj = self.serializer.loads(data)
            return request_from_dict(_sanitised(obj), spider=self.spider)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            if self.stats is not None:
                self.stats.inc_value("distributed/bad_requests")
            logger.error("Dropped an unreadable request from the frontier (%s): %.200r", exc, data)
            return None


def _sanitised(obj: dict[str, Any]) -> dict[str, Any]:
    """Only what a backlinks request may carry; raises ValueError on anything else."""
    url = obj.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ValueError("not an http(s) URL")
    if obj.get("method", "GET") != "GET" or obj.get("body"):
        raise ValueError("only bodyless GET requests are crawled")
    if obj.get("callback") not in ALLOWED_CALLBACKS or obj.get("errback") not in ALLOWED_CALLBACKS:
        raise ValueError("unknown callback")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise ValueError("meta must be an object")
    return {
        "url": url, "method": "GET", "callback": obj.get("callback"), "errback": obj.get("errback"),
        "priority": int(obj.get("priority", 0)), "dont_filter": bool(obj.get("dont_filter", False)),
        "meta": {k: v for k, v in meta.items() if k in ALLOWED_META},
    }
