"""The `backlinks` spider: seeds in, one PageItem per fetch out.

Every response, whatever its status, becomes a page (redirects and errors included), so
redirects are not followed by Scrapy but by the extract pipeline, as links of kind
`redirect`: each hop is archived, recorded and checked by the address guard and robots.txt
like any other request. A bare-domain seed tries https, then http. Each request takes its
place in its domain's page budget first (crawler/domains.py).

Arguments: ``seeds`` (a file of seeds, one per line), ``urls`` (comma-separated), or
``seed_list`` (a Python list, from `backlinks crawl`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawler.domains import DomainLedger
from crawler.items import LEASE, SUPERSEDED, PageItem
from crawler.linkcheck import CHECK
from crawler.middlewares.budget import COUNTED
from crawler.resolver import blocked_reason
from crawler.seeds import parse_seeds, read_seeds_file
from crawler.signals import request_abandoned

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure


def new_crawl_id() -> str:
    """A crawl id from the start time: sortable, readable, unique enough per data dir."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


class BacklinksSpider(scrapy.Spider):
    name = "backlinks"

    def __init__(self, seeds: str | None = None, urls: str | None = None,
                 seed_list: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seed_texts: list[str] = list(seed_list or [])
        if seeds:
            self.seed_texts += read_seeds_file(seeds)
        if urls:
            self.seed_texts += [u for u in urls.split(",") if u.strip()]

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if not settings.get("BACKLINKS_CRAWL_ID"):
            settings.set("BACKLINKS_CRAWL_ID", new_crawl_id(), priority="spider")

    async def start(self) -> AsyncIterator[Any]:
        private = self.settings.getbool("BACKLINKS_PRIVATE_SUFFIXES")
        ledger = DomainLedger.of(self.crawler)
        www = self.settings.getbool("BACKLINKS_WWW_FALLBACK")
        seeds_only = self.settings.getbool("BACKLINKS_SEEDS_ONLY")  # checks: their links not followed
        for seed in parse_seeds(self.seed_texts, private_suffixes=private, www=www):
            if not ledger.reserve(seed.domain):
                continue  # its budget is spent already (a domain seeded many times over)
            yield self.request_for(
                seed.urls[0], scope=seed.domain, depth=0, redirect_hops=0,
                fallbacks=list(seed.urls[1:]), check=seeds_only,
            )

    def request_for(
        self, url: str, *, scope: str, depth: int, redirect_hops: int,
        fallbacks: list[str] | None = None, check: bool = False,
    ) -> scrapy.Request:
        """The one way a request is made, so every request carries the same crawl facts
        (`check`: a URL another site links to, fetched to learn its status: crawler/linkcheck.py)."""
        meta = {
            "scope": scope,
            "depth": depth,
            "redirect_hops": redirect_hops,
            "fallbacks": fallbacks or [],
            "dont_redirect": True,  # redirects are links: see the module docstring
            "handle_httpstatus_all": True,  # every status is a page
            CHECK: check,
        }
        # Breadth-first: shallower pages first (FIFO queues within one priority).
        return scrapy.Request(
            url, callback=self.parse, errback=self.failed, meta=meta, priority=-depth
        )

    def parse(self, response: Response) -> Any:
        assert response.request is not None  # a downloaded response knows its request
        yield self._item(response.request.url, response.meta, response=response)

    def failed(self, failure: Failure) -> Any:
        request = failure.request  # type: ignore[attr-defined]  # Scrapy sets it on an errback's failure
        fallbacks = request.meta.get("fallbacks") or []
        # https failed (or its robots.txt did) for a bare-domain seed: try http. Its place in
        # the budget is taken before this request ends, so the domain is never done between.
        fallback = None
        if fallbacks and DomainLedger.of(self.crawler).reserve(request.meta["scope"], replacing=True):
            request.meta[SUPERSEDED] = True
            fallback = self.request_for(
                fallbacks[0], scope=request.meta["scope"], depth=request.meta["depth"],
                redirect_hops=request.meta["redirect_hops"], fallbacks=fallbacks[1:],
                check=request.meta.get(CHECK, False),
            )
        if failure.check(IgnoreRequest) and not _body_refused(failure):
            # robots.txt, budget, address guard: counted by their middlewares; no page
            self.crawler.signals.send_catch_log(request_abandoned, request=request)
        else:
            yield self._item(request.url, request.meta, error=self._error_text(failure),
                             superseded=fallback is not None)
        if fallback is not None:
            # one page tried two ways: the fallback takes over the budget unit of the first
            fallback.meta[COUNTED] = request.meta.get(COUNTED, False)
            yield fallback

    def _error_text(self, failure: Failure) -> str:
        stats = self.crawler.stats
        stats.inc_value("progress/fetch_errors")
        blocked = blocked_reason(urlparse_cached(failure.request).hostname or "")  # type: ignore[attr-defined]
        if blocked:
            stats.inc_value("ssrf/blocked")
            return f"address guard: {blocked}"
        return _describe(failure)

    @staticmethod
    def _item(url: str, meta: dict[str, Any], **kw: Any) -> PageItem:
        return PageItem(
            url=url, depth=meta.get("depth", 0), scope=meta["scope"],
            redirect_hops=meta.get("redirect_hops", 0), lease=meta.get(LEASE),
            check=meta.get(CHECK, False), fetched_at=datetime.now(UTC), **kw,
        )


def _describe(failure: Failure) -> str:
    """One line naming the failure: its type and message, no traceback."""
    value = failure.value
    text = str(value).strip().replace("\n", " ")
    return f"{type(value).__name__}: {text}"[:500] if text else type(value).__name__


def _body_refused(failure: Failure) -> bool:
    """Was the request refused after its response arrived? Scrapy's HttpCompressionMiddleware
    raises IgnoreRequest `from` the decompression error when a body inflates past
    DOWNLOAD_MAXSIZE; robots.txt, the budget and the address guard refuse before any
    download, with no cause. A fetched response is a page, even a refused one."""
    return failure.value is not None and failure.value.__cause__ is not None
