"""Where the explorer's questions run: one thread over the one read-only `Index`, and a
question cancelled (DuckDB's `interrupt`) when the browser that asked for it goes away.

DuckDB wants one connection per thread, and the index's views over a stale or missing
graph are temporary tables of its one connection, which a cursor does not see; so the
questions run one after another on a single worker thread. When a request is cancelled
(aiohttp cancels its handler when the client disconnects), a question still waiting is
dropped, and the one running is interrupted.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from analysis.index import Index

T = TypeVar("T")


class Questions:
    """Runs `ask(index)` on the worker thread; `await questions.run(ask)`."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="explorer-query")
        self._lock = threading.Lock()
        self._running: object | None = None
        self.interrupted = 0  # questions cancelled while DuckDB ran them

    async def run(self, ask: Callable[[Index], T]) -> T:
        ticket = object()

        def job() -> T:
            with self._lock:
                self._running = ticket
            try:
                return ask(self.index)
            finally:
                with self._lock:
                    self._running = None

        future = asyncio.get_running_loop().run_in_executor(self._pool, job)
        try:
            return await future
        except asyncio.CancelledError:
            with self._lock:
                if self._running is ticket:
                    self.index.con.interrupt()
                    self.interrupted += 1
            raise

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.index.close()

