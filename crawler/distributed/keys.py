"""The Redis keys of one crawl, all under `backlinks:<crawl_id>:`, so crawls never mix and an
ACL can limit a worker to `~backlinks:*`."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.dataset.layout import check_crawl_id

PREFIX = "backlinks"


@dataclass(frozen=True)
class CrawlKeys:
    """Raises BadCrawlId for an id that breaks the rule (pipelines/dataset/layout.py)."""

    crawl_id: str

    def __post_init__(self) -> None:
        check_crawl_id(self.crawl_id)

    def _key(self, *parts: str) -> str:
        return ":".join((PREFIX, self.crawl_id, *parts))

    @property
    def requests(self) -> str:
        """Sorted set: the frontier (score = -priority), JSON requests."""
        return self._key("requests")

    @property
    def dupefilter(self) -> str:
        """Set of request fingerprints (or the Bloom filter's bitmap)."""
        return self._key("dupefilter")

    @property
    def seeds(self) -> str:
        """List of seeds waiting for a worker (JSON: {"seed": text})."""
        return self._key("seeds")

    @property
    def seeds_seen(self) -> str:
        """Set of every seed ever pushed, to deduplicate them."""
        return self._key("seeds", "seen")

    def inflight(self, worker: str) -> str:
        """Hash: the requests `worker` holds (JSON request -> score)."""
        return self._key("inflight", worker)

    @property
    def inflight_pattern(self) -> str:
        return self._key("inflight", "*")

    def alive(self, worker: str) -> str:
        """String with a TTL: present while `worker` is alive (its heartbeat)."""
        return self._key("alive", worker)

    @property
    def workers(self) -> str:
        """Hash: worker id -> JSON of its counters (pages, errors, pages/s, last seen)."""
        return self._key("workers")

    @property
    def budget(self) -> str:
        """Hash: registered domain -> pages fetched (the shared page budget)."""
        return self._key("budget")

    @property
    def pending(self) -> str:
        """Hash: registered domain (seed scope) -> requests queued or held; 0 = done."""
        return self._key("pending")

    @property
    def robots(self) -> str:
        """Hash: origin -> JSON {status, body (base64)}: robots.txt fetched once per crawl."""
        return self._key("robots")

    def robots_lock(self, origin: str) -> str:
        return self._key("robots", "lock", origin)

    def gate(self, host: str) -> str:
        """String: the earliest time (ms) the next request to `host` may start."""
        return self._key("gate", host)

    @property
    def errors(self) -> str:
        """Counter: fetch errors of all workers."""
        return self._key("errors")
