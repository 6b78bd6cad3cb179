"""Distributed mode: the embedded crawl plus a Redis frontier (scrapy-redis), for N workers.

Distributed = embedded + `REDIS_URL`. The add-on (addon.py) switches the scheduler and the
dupefilter to scrapy-redis ones keyed by crawl id (keys.py), with requests as JSON, never
pickle (queue.py); requests are leased while a worker holds them and acknowledged only once
their rows are on disk (lease.py); budgets, robots.txt and per-host delays are shared
through Redis (shared.py); workers publish a heartbeat, re-queue dead workers' leases, pull
seeds and decide when the frontier is done (worker.py).
"""
