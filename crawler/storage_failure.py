"""A write to the data directory failed: the crawl stops at once, and says so.

A full disk, a directory that cannot be created, an object store that stopped answering:
fetching on would only fetch pages whose rows cannot be kept. The first component whose write
fails (the store's part files, the WARC archive, the manifest) calls `stop_crawl`: the
failure is recorded in the stats (STAT, one line), the spider is closed with FINISH_REASON,
and every component stops writing (`failed()`). Part files already written stay complete
(they were renamed into place whole); `run_crawl` then raises StorageFailed with what failed
and how many pages are durable.

Stats: storage/failed (the message), store/pages_durable (kept by the store pipeline).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.utils.defer import deferred_from_coro

from crawler.errors import StorageFailed

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

STAT = "storage/failed"
FINISH_REASON = "storage_failed"
#: The errors a write to a local path or an object store raises (pyarrow's are OSErrors too).
WRITE_ERRORS = (OSError,)


def failed(crawler: Crawler) -> bool:
    """Has a write failed in this crawl (nothing more is written)?"""
    return bool(crawler.stats.get_value(STAT))


def stop_crawl(crawler: Crawler, what: str, exc: BaseException) -> None:
    """Record the first failed write (`what`: the file or the action) and close the spider."""
    if failed(crawler):
        return  # the first failure says it all; the rest follow from it
    message = f"{what}: {describe(exc)}"
    crawler.stats.set_value(STAT, message)
    logger.info("Storage failed, stopping the crawl: %s", message)  # run_crawl raises it, once
    if crawler.engine is None or crawler.engine.spider is None:
        return  # not running yet (or any more): nothing to stop
    closing = deferred_from_coro(crawler.engine.close_spider_async(reason=FINISH_REASON))
    closing.addErrback(lambda f: logger.error("Closing the crawl failed: %s", f.getErrorMessage()))


def describe(exc: BaseException) -> str:
    """One line naming an OS or pyarrow error: its text, without the traceback."""
    if isinstance(exc, OSError) and exc.strerror:
        text = f"[Errno {exc.errno}] {exc.strerror}" if exc.errno else exc.strerror
        return f"{exc.filename}: {text}" if exc.filename else text
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def raise_if_failed(stats: dict[str, Any], data: str) -> None:
    """After the crawl: StorageFailed saying what failed and how many pages are durable."""
    message = stats.get(STAT)
    if message:
        durable = stats.get("store/pages_durable", 0)
        raise StorageFailed(f"{message}; the crawl stopped: {durable} pages are durable in "
                            f"{stats.get('store/files', 0)} part files under {data}")
