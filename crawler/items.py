"""PageItem: one fetch (a response or a failed request) and its crawl facts.

The spider makes one per fetch; the pipelines fill it in order: archive (WARC pointer),
extract (page row and link rows), store (Parquet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.http import Response

#: Request meta key holding the raw JSON a distributed request was leased as (the frontier
#: entry to acknowledge once the page's rows are durable); absent in embedded mode.
LEASE = "backlinks_lease"


@dataclass
class PageItem:
    url: str
    depth: int
    scope: str  # the registered domain of the seed this page was reached from
    redirect_hops: int
    fetched_at: datetime
    response: Response | None = None
    error: str | None = None  # why the fetch failed, when there is no response
    lease: str | None = None  # distributed mode: the frontier entry to acknowledge
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    page: dict[str, Any] = field(default_factory=dict)
    links: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""  # the page's visible text, for the discover pipeline (not stored)
    #: a fallback URL takes this fetch's place in the page budget (a seed's https failed)
    superseded: bool = False
    #: a URL fetched because another site links to it (crawler/linkcheck.py): its links are
    #: recorded, not followed
    check: bool = False
#: Request meta: another request stands in for this one in the page budget (its fallback).
SUPERSEDED = "superseded"
