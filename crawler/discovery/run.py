"""Run a discovery crawl: the library function behind `backlinks discover`.

- One process by default: crawler/run.py's `run_crawl`, the targets as its seeds, the
  discovery settings on; everything in memory, the state on disk (persist.py).
- With REDIS_URL, this process runs `processes` workers of a distributed discovery: the
  targets go to the crawl's seed list (any worker takes them), and the candidates, the profile
  and the referring domains found are in Redis (crawler/distributed/candidates.py,
  crawler/distributed/discovery.py), shared by every worker of the crawl id, here or on other
  machines.
- With several processes and no REDIS_URL, the same with a private redis-server started for
  the crawl on a unix socket, its files (append-only) in DATA/discovery/<crawl_id>.redis/ so
  that a second run of the crawl id goes on from them; it is stopped when the workers end.
  It needs Debian's redis-server (or any on PATH); without it, one process does the work.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crawler.discovery.priors import check_sources
from crawler.discovery.state import target_domains
from crawler.errors import BacklinksError
from crawler.seeds import parse_seeds

logger = logging.getLogger(__name__)

#: Workers of a private discovery stop once nothing was left to do this long.
PRIVATE_IDLE_SECONDS = 5.0


def discover_overrides(targets: list[str], seeds: list[str], *, data: str, max_domains: int,
                       webgraph: str = "", gsc: list[str] | None = None) -> dict[str, Any]:
    """The settings of a discovery crawl, its inputs checked first (a bad target, seed or
    source is one error before anything starts)."""
    target_domains(targets)
    parse_seeds(seeds)
    check_sources(data, webgraph, list(gsc or []))
    return {"BACKLINKS_DATA_DIR": data, "BACKLINKS_DISCOVER": True, "BACKLINKS_DISCOVER_TARGETS": list(targets),
            "BACKLINKS_DISCOVER_SEEDS": list(seeds), "BACKLINKS_DISCOVER_MAX_DOMAINS": max_domains,
            "BACKLINKS_DISCOVER_WEBGRAPH": webgraph, "BACKLINKS_DISCOVER_GSC": list(gsc or []),
            "BACKLINKS_WWW_FALLBACK": True}


def run_discovery(targets: list[str], overrides: dict[str, Any], processes: int) -> dict[str, Any]:
    """Crawl for the targets' referring domains; return the crawl's stats (discover/* included)."""
    from crawler.processes import run_processes
    from crawler.run import crawl_settings
    from crawler.spiders.backlinks import new_crawl_id

    if not overrides.get("REDIS_URL") and processes <= 1:
        return run_processes(list(targets), overrides, 1)
    overrides = dict(overrides)
    overrides.setdefault("BACKLINKS_CRAWL_ID", crawl_settings(overrides).get("BACKLINKS_CRAWL_ID") or new_crawl_id())
    if overrides.get("REDIS_URL"):
        _push_targets(overrides, targets)
        return run_processes([], overrides, processes)
    if shutil.which("redis-server") is None:
        logger.warning("redis-server is not installed: one process does the discovery "
                       "(apt-get install redis-server for --processes)")
        return run_processes(list(targets), overrides, 1)
    files = Path(overrides["BACKLINKS_DATA_DIR"], "discovery", f"{overrides['BACKLINKS_CRAWL_ID']}.redis")
    with private_redis(files) as url:
        overrides.update(REDIS_URL=url, BACKLINKS_IDLE_TIMEOUT=PRIVATE_IDLE_SECONDS)
        _push_targets(overrides, targets)
        return run_processes([], overrides, processes)


def _push_targets(overrides: dict[str, Any], targets: list[str]) -> None:
    from crawler.distributed.connection import client_from_url
    from crawler.distributed.control import push_seeds

    push_seeds(client_from_url(overrides["REDIS_URL"]), overrides["BACKLINKS_CRAWL_ID"], list(targets))


@contextmanager
def private_redis(files: Path) -> Iterator[str]:
    """A redis-server of this crawl's own, on a unix socket, its append-only files in `files`;
    its URL. Stopped (and its files synced) at exit."""
    if "://" in str(files):
        raise BacklinksError("discover --processes without --redis needs a local --data directory")
    files.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backlinks-redis-") as tmp:
        socket = Path(tmp, "redis.sock")
        proc = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700",
             "--dir", str(files.resolve()), "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(socket, proc)
            yield f"unix://{socket}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_for(socket: Path, proc: subprocess.Popen[bytes]) -> None:
    import redis

    deadline = time.monotonic() + 30
    while True:
        if socket.exists():
            try:
                redis.Redis(unix_socket_path=str(socket)).ping()
                return
            except redis.ConnectionError:
                pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise BacklinksError("the private redis-server of the discovery did not start")
        time.sleep(0.05)
