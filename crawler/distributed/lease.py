"""Acknowledging leased requests: only once the rows of their page are durable.

The store pipeline collects the lease of every page whose rows sit in its buffers and sends
the `rows_durable` signal after the part files are written; requests that end without a page
(robots.txt, budget, address guard) are acknowledged at once (`request_abandoned`). An
acknowledgement Redis cannot take now is kept and sent with the next one: at worst a page is
fetched twice, and the analysis views keep one copy.
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.distributed.connection import REDIS_DOWN
from crawler.distributed.keys import CrawlKeys

logger = logging.getLogger(__name__)

Lease = tuple[str, "str | None"]  # (the request's JSON on the frontier, its seed's domain)


class LeaseBook:
    def __init__(self, server: Any, keys: CrawlKeys, worker: str, stats: Any) -> None:
        self.server, self.keys, self.worker, self.stats = server, keys, worker, stats
        self.unsent: list[Lease] = []

    def ack(self, leases: list[Lease]) -> None:
        pending, self.unsent = self.unsent + list(leases), []
        if not pending:
            return
        try:
            pipe = self.server.pipeline(transaction=False)
            for lease, scope in pending:
                pipe.hdel(self.keys.inflight(self.worker), lease)
                if scope:
                    pipe.hincrby(self.keys.pending, scope, -1)
            pipe.execute()
            self.stats.inc_value("distributed/acked", len(pending))
        except REDIS_DOWN as exc:
            self.unsent = pending
            logger.warning("Redis unavailable: %d acknowledgements kept for later (%s)", len(pending), exc)
