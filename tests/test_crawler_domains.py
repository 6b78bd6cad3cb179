"""The per-domain ledger (crawler/domains.py): budgets reserved before scheduling, requests
resolved by the crawl's own signals, domains done the moment nothing of them is pending."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.domains import DomainLedger
from crawler.items import PageItem
from crawler.signals import domain_done, request_abandoned

A, B = "alpha.com", "beta.org"


def ledger_of(budget: int, **settings: object) -> tuple[DomainLedger, Crawler, list[tuple[str, int]]]:
    """A throwaway crawler's ledger, and the domain_done signals it sends."""
    crawler = get_crawler(Spider, {"BACKLINKS_MAX_PAGES_PER_DOMAIN": budget, **settings})
    ledger = DomainLedger.of(crawler)
    done: list[tuple[str, int]] = []
    crawler.signals.connect(lambda domain, fetched, **kw: done.append((domain, fetched)),
                            signal=domain_done, weak=False)
    return ledger, crawler, done


def item(domain: str) -> PageItem:
    return PageItem(url=f"http://www.{domain}/", depth=0, scope=domain, redirect_hops=0,
                    fetched_at=datetime.now(UTC))


def request(domain: str, **meta: object) -> Request:
    return Request(f"http://www.{domain}/x", meta={"scope": domain, **meta})


def scraped(crawler, domain: str) -> None:
    crawler.signals.send_catch_log(signals.item_scraped, item=item(domain), response=None, spider=None)


def test_one_ledger_per_crawler() -> None:
    ledger, crawler, _ = ledger_of(5)
    assert DomainLedger.of(crawler) is ledger
    assert DomainLedger.of(get_crawler(Spider)) is not ledger


def test_reserve_refuses_once_fetched_and_pending_reach_the_budget() -> None:
    ledger, crawler, _ = ledger_of(3)
    assert [ledger.reserve(A) for _ in range(4)] == [True, True, True, False]
    assert ledger.pending(A) == 3 and ledger.spent(A)
    scraped(crawler, A)  # one of the three fetched: still three of the budget used
    assert (ledger.pending(A), ledger.fetched(A)) == (2, 1) and not ledger.reserve(A)
    assert ledger.reserve(B)  # each domain has its own budget


def test_a_duplicate_gives_its_place_back_and_a_refusal_counts_as_the_budget_did() -> None:
    ledger, crawler, _ = ledger_of(3)
    for _ in range(3):
        ledger.reserve(A)
    crawler.signals.send_catch_log(signals.request_dropped, request=request(A), spider=None)
    assert (ledger.pending(A), ledger.fetched(A)) == (2, 0)
    # refused by robots.txt after the budget middleware counted it: it used the budget
    crawler.signals.send_catch_log(request_abandoned, request=request(A, budget_counted=True))
    # refused before it was counted (address guard, budget): it did not
    crawler.signals.send_catch_log(request_abandoned, request=request(A))
    assert (ledger.pending(A), ledger.fetched(A)) == (0, 1)
    assert ledger.reserve(A) and ledger.reserve(A) and not ledger.reserve(A)


def test_dropped_and_failed_items_end_their_requests_too() -> None:
    ledger, crawler, _ = ledger_of(0)
    for _ in range(2):
        ledger.reserve(A)
    crawler.signals.send_catch_log(signals.item_dropped, item=item(A), response=None,
                                   exception=DropItem("x"), spider=None)
    crawler.signals.send_catch_log(signals.item_error, item=item(A), response=None, spider=None,
                                   failure=None)
    assert (ledger.pending(A), ledger.fetched(A)) == (0, 2)


def test_domain_done_is_sent_the_moment_nothing_is_pending() -> None:
    ledger, crawler, done = ledger_of(10)
    ledger.reserve(A), ledger.reserve(A), ledger.reserve(B)
    assert (ledger.domains, ledger.domains_done) == (2, 0) and not ledger.done(A)
    scraped(crawler, A)
    assert done == [] and ledger.domains_done == 0
    scraped(crawler, A)
    assert done == [(A, 2)] and ledger.done(A) and ledger.domains_done == 1
    ledger.reserve(A)  # new work for a done domain: busy again, done again when it ends
    assert ledger.domains_done == 0 and not ledger.done(A)
    crawler.signals.send_catch_log(signals.request_dropped, request=request(A), spider=None)
    scraped(crawler, B)
    assert done == [(A, 2), (A, 2), (B, 1)] and (ledger.domains, ledger.domains_done) == (2, 2)


def test_no_budget_refuses_nothing() -> None:
    ledger, _, _ = ledger_of(0)
    assert all(ledger.reserve(A) for _ in range(10_000)) and not ledger.spent(A)


@pytest.mark.parametrize("shared", [False, True])
def test_distributed_refuses_only_what_this_worker_fetched(shared: bool) -> None:
    """A request reserved by one worker may end on another: a worker's pending count is no
    evidence of the shared budget, its own fetches are."""
    ledger, crawler, _ = ledger_of(2, BACKLINKS_DISTRIBUTED=shared)
    assert ledger.reserve(A) and ledger.reserve(A)
    assert ledger.reserve(A) is shared
    scraped(crawler, B)  # reserved by another worker
    assert crawler.stats.get_value("ledger/unreserved") == 1 and ledger.fetched(B) == 1
    scraped(crawler, A)
    scraped(crawler, A)
    assert not ledger.reserve(A)
