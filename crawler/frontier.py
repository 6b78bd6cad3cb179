"""Which of a page's links the crawl follows next: scope, depth, redirects and trap rules.

The crawl stays inside each seed's registered domain, goes breadth-first up to DEPTH_LIMIT
link hops, follows at most BACKLINKS_MAX_REDIRECTS redirect hops in a row, and refuses the
URL shapes that Heritrix's decide rules refuse (a path segment repeated, too many path
segments, URLs past URLLENGTH_LIMIT). Budgets and robots.txt are downloader middlewares.

Settings read: DEPTH_LIMIT, URLLENGTH_LIMIT, BACKLINKS_MAX_REDIRECTS,
BACKLINKS_MAX_PATH_REPETITIONS, BACKLINKS_MAX_PATH_SEGMENTS, BACKLINKS_FOLLOW_NOFOLLOW.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

    from crawler.domains import DomainLedger
    from crawler.spiders.backlinks import BacklinksSpider


@dataclass(frozen=True)
class NextRequest:
    """A URL to fetch next, with the crawl facts it carries."""

    url: str
    depth: int
    redirect_hops: int


@dataclass
class FollowPolicy:
    max_depth: int
    max_redirects: int
    max_repetitions: int
    max_segments: int
    max_url_length: int
    follow_nofollow: bool

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> FollowPolicy:
        return cls(
            max_depth=settings.getint("DEPTH_LIMIT"),
            max_redirects=settings.getint("BACKLINKS_MAX_REDIRECTS"),
            max_repetitions=settings.getint("BACKLINKS_MAX_PATH_REPETITIONS"),
            max_segments=settings.getint("BACKLINKS_MAX_PATH_SEGMENTS"),
            max_url_length=settings.getint("URLLENGTH_LIMIT"),
            follow_nofollow=settings.getbool("BACKLINKS_FOLLOW_NOFOLLOW", True),
        )

    def next_requests(
        self,
        links: Iterable[dict[str, Any]],
        *,
        scope: str,
        depth: int,
        redirect_hops: int,
        stats: StatsCollector,
    ) -> Iterator[NextRequest]:
        """The in-scope links of one page that pass every rule, each URL once."""
        seen: set[str] = set()
        for link in links:
            url = link["dst_url"]
            if link["dst_domain"] != scope or url in seen:
                continue
            seen.add(url)
            if not self.follow_nofollow and (link["nofollow"] or link["page_nofollow"]):
                continue
            if link["kind"] == "redirect":
                nxt = NextRequest(url, depth, redirect_hops + 1)
                if nxt.redirect_hops > self.max_redirects:
                    stats.inc_value("frontier/redirect_limit")
                    continue
            else:
                nxt = NextRequest(url, depth + 1, 0)
                if self.max_depth and nxt.depth > self.max_depth:
                    stats.inc_value("frontier/depth_limit")
                    continue
            reason = self.refusal(url)
            if reason:
                stats.inc_value(f"frontier/{reason}")
                continue
            yield nxt

    def refusal(self, url: str) -> str | None:
        """Why a URL is refused as a likely trap, or None."""
        if self.max_url_length and len(url) > self.max_url_length:
            return "url_too_long"
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if self.max_segments and len(segments) > self.max_segments:
            return "too_many_segments"
        if self.max_repetitions and _max_run(segments) > self.max_repetitions:
            return "path_repetition"
        return None


def _max_run(segments: list[str]) -> int:
    """The longest run of one segment repeated back to back (/a/a/a/ -> 3)."""
    best = run = 0
    previous = None
    for segment in segments:
        run = run + 1 if segment == previous else 1
        best = max(best, run)
        previous = segment
    return best


def follow(crawler: Crawler, policy: FollowPolicy, ledger: DomainLedger, links: Iterable[dict[str, Any]], *,
           scope: str, depth: int, redirect_hops: int) -> int:
    """Schedule the links of one page that `policy` follows, while the ledger gives `scope`
    room in its page budget; return how many were scheduled. The one way a crawl follows
    links: the extract pipeline for each page, and a resumed discovery for the pages it had."""
    spider, engine, stats = cast("BacklinksSpider", crawler.spider), crawler.engine, crawler.stats
    scheduled = 0
    for nxt in policy.next_requests(links, scope=scope, depth=depth, redirect_hops=redirect_hops, stats=stats):
        if not ledger.reserve(scope):  # and it stays spent for this page's links
            stats.inc_value("frontier/budget_spent")
            break
        engine.crawl(spider.request_for(nxt.url, scope=scope, depth=nxt.depth, redirect_hops=nxt.redirect_hops))
        stats.inc_value("frontier/scheduled")
        scheduled += 1
    return scheduled
