"""Operating a distributed crawl from outside the workers: feed seeds, read its status."""

from __future__ import annotations

import json
import time
from typing import Any

from crawler.distributed.keys import CrawlKeys
from crawler.seeds import parse_seed


def push_seeds(client: Any, crawl_id: str, texts: list[str], *, private: bool = False) -> tuple[int, int]:
    """Validate seeds and push the new ones to the crawl's seed list; (added, duplicates).

    A bad seed raises BadSeed (a bad crawl id BadCrawlId) before anything is pushed."""
    keys = CrawlKeys(crawl_id)
    seeds = [parse_seed(t, private_suffixes=private) for t in texts]
    added = 0
    for seed in seeds:
        if client.sadd(keys.seeds_seen, seed.urls[0]):
            client.rpush(keys.seeds, json.dumps({"seed": seed.text}))
            added += 1
    return added, len(seeds) - added


def status(client: Any, crawl_id: str) -> dict[str, Any]:
    """Frontier size, leases in flight, workers (live or not) and their rates, domains done."""
    keys = CrawlKeys(crawl_id)
    inflight = {}
    for key in client.scan_iter(match=keys.inflight_pattern, count=1000):
        key = key.decode() if isinstance(key, bytes) else key
        inflight[key.rsplit(":", 1)[1]] = client.hlen(key)
    workers = []
    now = time.time()
    for worker, raw in sorted(client.hgetall(keys.workers).items()):
        worker = worker.decode() if isinstance(worker, bytes) else worker
        doc = json.loads(raw)
        alive = bool(client.exists(keys.alive(worker)))
        workers.append({"worker": worker, "alive": alive, "state": doc.get("state"),
                        "pages": doc.get("pages", 0), "pages_per_second": doc.get("pages_per_second", 0),
                        "errors": doc.get("errors", 0), "in_flight": inflight.get(worker, 0),
                        "last_seen_seconds_ago": round(now - doc.get("last_seen", now), 1)})
    pending = [int(v) for _, v in client.hscan_iter(keys.pending)]
    return {
        "crawl_id": crawl_id,
        "frontier": client.zcard(keys.requests),
        "in_flight": sum(inflight.values()),
        "seeds_waiting": client.llen(keys.seeds),
        "seen_urls": client.scard(keys.dupefilter) if client.type(keys.dupefilter) in (b"set", "set") else None,
        "workers_alive": sum(1 for w in workers if w["alive"]),
        "pages": sum(w["pages"] for w in workers),
        "errors": sum(w["errors"] for w in workers),
        "domains": len(pending),
        "domains_done": sum(1 for v in pending if v <= 0),
        "workers": workers,
    }
