"""Requests as JSON on Redis, never pickle: whoever can write to Redis must not be able to run
code on every worker (../shared/HARDENING.md #19). Used as scrapy-redis's SCHEDULER_SERIALIZER."""

from __future__ import annotations

import json
from typing import Any


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, separators=(",", ":"), sort_keys=True, default=_plain)


def loads(data: str | bytes) -> dict[str, Any]:
    obj = json.loads(data)
    if not isinstance(obj, dict):
        raise ValueError(f"a request must be a JSON object, got {type(obj).__name__}")
    return obj


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"cannot put a {type(value).__name__} on Redis")
