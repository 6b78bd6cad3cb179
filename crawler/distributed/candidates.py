"""The candidates of a distributed discovery crawl, in Redis: every worker adds evidence and
admits candidates; the updates are atomic (Lua), and a candidate is admitted once.

Keys, under `backlinks:<crawl_id>:disc:` (crawler/discovery/candidates.py says what the
fields mean):

- `queue`: sorted set, candidate domain -> its priority (W, for the score order);
- `cand:<domain>`: hash of its state, first sighting, best topic and anchor, shared terms,
  summed features `f0`..`f8` (evidence.FEATURES), and `h:<scheme>://<host>` link counts;
- `src:<domain>`: hash, source domain -> its best signals (JSON), so a source counts once;
- `excluded` (set: targets and seeds), `admitted` and `known` (counters);
- `leases:<worker>`: hash, domain -> admission time: a candidate admitted by a worker whose
  first request is not in the shared frontier yet. A worker that dies between the two
  leaves its lease; `reclaim()` (run by a live worker for a dead one, as for requests) puts
  the candidate back, so none is lost and none crawled twice.

Settings read: BACKLINKS_CRAWL_ID, BACKLINKS_WORKER_ID, BACKLINKS_DISCOVER_WEIGHTS,
BACKLINKS_DISCOVER_ORDER, REDIS_URL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from crawler.discovery.candidates import CANDIDATE, CRAWLED, ORDERS, Admission, Candidate
from crawler.discovery.evidence import FEATURES, Evidence, Weights, prior
from crawler.distributed.connection import client_from_settings
from crawler.distributed.keys import PREFIX

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

_ADD = """
local c, src = KEYS[2], KEYS[3]
if redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 1 then return 0 end
local now = ARGV[9]
if redis.call('HSETNX', c, 'state', 'candidate') == 1 then
  local n = redis.call('INCR', KEYS[5])
  redis.call('HSET', c, 'first_url', ARGV[8], 'first_seen', now, 'found', n)
end
if ARGV[10] ~= '' then redis.call('HINCRBY', c, ARGV[10], 1) end
if tonumber(ARGV[5]) > tonumber(redis.call('HGET', c, 'topic') or '-1') then
  redis.call('HSET', c, 'topic', ARGV[5], 'terms', ARGV[7])
end
if tonumber(ARGV[6]) > tonumber(redis.call('HGET', c, 'anchor') or '-1') then
  redis.call('HSET', c, 'anchor', ARGV[6])
end
if ARGV[12] ~= '' then redis.call('HSETNX', c, 'prior_source', ARGV[12]) end
redis.call('HSET', c, 'updated_at', now)
local x, b = cjson.decode(ARGV[3]), cjson.decode(redis.call('GET', KEYS[6]) or ARGV[4])
local function weigh(v) local s = 0 for i = 1, #b do s = s + b[i] * v[i] end return s end
local raw = redis.call('HGET', src, ARGV[2])
local old = nil
if raw then
  old = cjson.decode(raw)
  if weigh(old) >= weigh(x) then return 1 end
end
redis.call('HSET', src, ARGV[2], ARGV[3])
local f = {}
for i = 1, #x do
  f[i] = tonumber(redis.call('HINCRBYFLOAT', c, 'f' .. (i - 1), x[i] - (old and old[i] or 0)))
end
local total = weigh(f)
redis.call('HSET', c, 'weight', total)
if redis.call('HGET', c, 'state') == 'candidate' then
  local order, priority = ARGV[11], total
  if order == 'discovery' then priority = -tonumber(redis.call('HGET', c, 'found'))
  elseif order == 'popularity' then priority = f[1] - tonumber(redis.call('HGET', c, 'found')) * 1e-9 end
  redis.call('ZADD', KEYS[1], priority, ARGV[1])
end
return 1
"""

_REWEIGH = """
local b = cjson.decode(ARGV[1])
redis.call('SET', KEYS[2], ARGV[1])
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, d in ipairs(members) do
  local f = redis.call('HMGET', ARGV[2] .. d, 'f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8')
  local total = 0
  for i = 1, #b do total = total + b[i] * tonumber(f[i] or '0') end
  redis.call('HSET', ARGV[2] .. d, 'weight', total)
  if ARGV[3] == 'score' then redis.call('ZADD', KEYS[1], total, d) end
end
return #members
"""

_ADMIT = """
local out = {}
local n, limit, now, prefix = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4]
for i = 1, n do
  if limit > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= limit then break end
  local top = redis.call('ZPOPMAX', KEYS[1])
  if #top == 0 then break end
  local order = redis.call('INCR', KEYS[2])
  redis.call('HSET', prefix .. top[1], 'state', 'crawling', 'admitted_at', now, 'admission', order,
             'updated_at', now)
  redis.call('HSET', KEYS[3], top[1], now)
  table.insert(out, top[1])
end
return out
"""

_RECLAIM = """
local back = 0
local leases = redis.call('HGETALL', KEYS[1])
for i = 1, #leases, 2 do
  local c = ARGV[1] .. leases[i]
  if redis.call('HGET', c, 'state') == 'crawling' then
    redis.call('HSET', c, 'state', 'candidate', 'admitted_at', '', 'admission', '')
    redis.call('ZADD', KEYS[2], tonumber(redis.call('HGET', c, 'weight') or '0'), leases[i])
    redis.call('DECR', KEYS[3])
    back = back + 1
  end
end
redis.call('DEL', KEYS[1])
return back
"""


def _ms() -> str:
    return str(int(datetime.now(UTC).timestamp() * 1000))


def _time(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value) / 1000, UTC) if value not in (None, b"", "") else None


class RedisCandidates:
    """The CandidateStore of crawler/discovery/candidates.py, shared by the crawl's workers."""

    def __init__(self, server: Any, crawl_id: str, worker: str, weights: Weights, order: str = "score") -> None:
        if order not in ORDERS:
            raise ValueError(f"BACKLINKS_DISCOVER_ORDER must be one of {', '.join(ORDERS)}; got {order!r}")
        self.server, self.worker, self.order = server, worker, order
        self.betas = weights.betas()  # the prior; the crawl's learned ones are in Redis
        self.prefix = f"{PREFIX}:{crawl_id}:disc:"
        self._add = server.register_script(_ADD)
        self._admit = server.register_script(_ADMIT)
        self._reclaim = server.register_script(_RECLAIM)
        self._reweigh = server.register_script(_REWEIGH)
        self._changed: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from crawler.discovery.state import weights

        s = crawler.settings
        return cls(client_from_settings(s), s.get("BACKLINKS_CRAWL_ID"), s.get("BACKLINKS_WORKER_ID"),
                   weights(s), s.get("BACKLINKS_DISCOVER_ORDER"))

    def key(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    def exclude(self, domains: list[str]) -> None:
        if domains:
            self.server.sadd(self.key("excluded"), *domains)
            self.server.zrem(self.key("queue"), *domains)

    def add(self, domain: str, evidence: Evidence) -> None:
        self._update(domain, evidence.source, evidence.signals(), evidence.topic, evidence.anchor,
                     evidence.terms, evidence.url, f"h:{evidence.scheme}://{evidence.host}", "")

    def add_prior(self, domain: str, name: str, strength: float = 1.0) -> None:
        self._update(domain, f"prior:{name}", prior(name, strength), 0.0, 0.0, [], "", "", name)

    def _update(self, domain: str, source: str, x: tuple[float, ...], topic: float, anchor: float,
                terms: list[str], url: str, host_field: str, prior_source: str) -> None:
        keys = [self.key("queue"), self.key("cand", domain), self.key("src", domain), self.key("excluded"),
                self.key("known"), self.key("betas")]
        args = [domain, source, json.dumps(x), json.dumps(self.betas), topic, anchor, json.dumps(terms), url, _ms(),
                host_field, self.order, prior_source]
        if self._add(keys=keys, args=args):
            self._changed.add(domain)

    def admit(self, n: int, limit: int) -> list[Admission]:
        """Admit up to `n` (the budget `limit` holds for all workers together); each stays
        leased to this worker until `admitted_started()` says its first request is queued."""
        domains = [d.decode() if isinstance(d, bytes) else d for d in self._admit(
            keys=[self.key("queue"), self.key("admitted"), self.key("leases", self.worker)],
            args=[n, limit, _ms(), self.key("cand", "")])]
        out = []
        for domain in domains:
            c = self.candidate(domain)
            self._changed.add(domain)
            out.append(Admission(domain, c.entry_urls(), c.score))
        return out

    def reweigh(self, betas: tuple[float, ...] | list[float]) -> None:
        """New weights for the whole crawl: kept in Redis (every worker's updates use them
        from now on), every candidate's W recomputed."""
        self._reweigh(keys=[self.key("queue"), self.key("betas")],
                      args=[json.dumps(list(betas)), self.key("cand", ""), self.order])

    def crawling(self) -> list[str]:
        """The admitted candidates whose crawl is not over (a scan: for resuming only)."""
        out = []
        for key in self.server.scan_iter(match=self.key("cand", "*"), count=1000):
            if self.server.hget(key, "state") == b"crawling":
                out.append(key.decode()[len(self.key("cand", "")):])
        return out

    def started(self, domain: str) -> None:
        """The admitted domain's first request is in the shared frontier: release its lease."""
        self.server.hdel(self.key("leases", self.worker), domain)

    def reclaim(self, worker: str) -> int:
        """Put back the candidates a dead `worker` admitted but never queued; how many."""
        return int(self._reclaim(keys=[self.key("leases", worker), self.key("queue"), self.key("admitted")],
                                 args=[self.key("cand", "")]))

    def finish(self, domain: str) -> None:
        if self.server.hget(self.key("cand", domain), "state") not in (None, CANDIDATE.encode()):
            self.server.hset(self.key("cand", domain), mapping={"state": CRAWLED, "updated_at": _ms()})
            self._changed.add(domain)

    def admitted(self) -> int:
        return int(self.server.get(self.key("admitted")) or 0)

    def known(self) -> int:
        return int(self.server.get(self.key("known")) or 0)

    def candidate(self, domain: str) -> Candidate:
        """The candidate as Redis holds it."""
        raw = {k.decode(): v.decode() for k, v in self.server.hgetall(self.key("cand", domain)).items()}
        hosts = {}
        for name, count in raw.items():
            if name.startswith("h:"):
                scheme, _, host = name[2:].partition("://")
                hosts[(scheme, host)] = int(count)
        c = Candidate(domain, weight=float(raw.get("weight") or 0),
                      features=[float(raw.get(f"f{i}") or 0) for i in range(len(FEATURES))],
                      topic=max(0.0, float(raw.get("topic") or 0)), anchor=max(0.0, float(raw.get("anchor") or 0)),
                      prior_source=raw.get("prior_source", ""), terms=json.loads(raw.get("terms") or "[]"),
                      first_url=raw.get("first_url", ""), first_seen=_time(raw.get("first_seen")),
                      state=raw.get("state", CANDIDATE), admitted_at=_time(raw.get("admitted_at")),
                      order=int(raw["admission"]) if raw.get("admission") else None,
                      updated_at=_time(raw.get("updated_at")))
        c.hosts.update(hosts)
        return c

    def take_changes(self) -> list[dict[str, Any]]:
        changed, self._changed = self._changed, set()
        return [self.candidate(d).row() for d in sorted(changed)]
