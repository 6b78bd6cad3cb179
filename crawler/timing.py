"""Waiting without blocking the reactor, from `async def` middleware code."""

from __future__ import annotations

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater


async def sleep(seconds: float) -> None:
    from twisted.internet import reactor  # the installed reactor: never import it at module level

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))
