"""One Redis client factory for every distributed component, and password masking.

Builds on scrapy-redis's `get_redis_from_settings` (REDIS_URL, REDIS_PARAMS), adds retries
with backoff on connection errors and timeouts (a Redis restart or a short network cut makes
workers wait, not crash), pings at start and fails fast with the URL, password masked.
`rediss://` URLs give TLS; `redis://user:password@host` gives AUTH / ACL users.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry
from scrapy_redis.connection import get_redis_from_settings

from crawler.errors import BacklinksError

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

_PASSWORD = re.compile(r"(rediss?://[^:/@\s]*:)[^@\s]*@")

#: What a Redis call may raise when the server is away: retried, then the caller backs off.
REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError)


class RedisUnavailable(BacklinksError):
    """Redis cannot be reached at start."""


def mask_url(text: str) -> str:
    """`text` with the password of any redis:// or rediss:// URL replaced by ****."""
    return _PASSWORD.sub(r"\1****@", text)


class MaskSecrets(logging.Filter):
    """Masks Redis passwords in every log record (Scrapy logs its overridden settings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        record.msg = mask_url(str(record.msg))
        return True


def install_secret_mask() -> None:
    """Mask passwords in whatever the root logger's handlers print, from now on."""
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, MaskSecrets) for f in handler.filters):
            handler.addFilter(MaskSecrets())


_clients: dict[str, redis.Redis] = {}


def client_from_settings(settings: BaseSettings) -> redis.Redis:
    """The process's Redis client (one pool shared by every component) that retries through
    outages; raises RedisUnavailable if Redis is down at start."""
    url = settings.get("REDIS_URL") or ""
    if url not in _clients:
        _clients[url] = _new_client(settings)
    return _clients[url]


def _new_client(settings: BaseSettings) -> redis.Redis:
    params = settings.getdict("REDIS_PARAMS")
    params.setdefault("retry", Retry(ExponentialBackoff(cap=2, base=0.2), 3))
    params.setdefault("retry_on_error", [redis.ConnectionError, redis.TimeoutError])
    params.setdefault("health_check_interval", 15)
    params.setdefault("socket_timeout", 10)
    params.setdefault("socket_connect_timeout", 5)
    settings = settings.copy()
    settings.set("REDIS_PARAMS", params)
    return ping(get_redis_from_settings(settings), settings.get("REDIS_URL") or "")


def client_from_url(url: str) -> redis.Redis:
    """A client for the command line (seed, status)."""
    try:
        client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
    except ValueError as exc:
        raise BacklinksError(f"not a Redis URL: {mask_url(url)} ({exc})") from None
    return ping(client, url)


def ping(client: redis.Redis, url: str) -> redis.Redis:
    try:
        client.ping()
    except redis.AuthenticationError as exc:
        raise RedisUnavailable(f"Redis at {mask_url(url)} refused the credentials: {exc}") from None
    except (*REDIS_DOWN, redis.ResponseError, OSError) as exc:
        raise RedisUnavailable(f"cannot reach Redis at {mask_url(url)}: {exc}") from None
    return client
