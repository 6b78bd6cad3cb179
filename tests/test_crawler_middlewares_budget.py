"""The page budget counts fetches: a request refused after it was counted (robots.txt) gives
its unit back, and a seed tried over https then http counts once."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.middlewares.budget import COUNTED, DomainBudgetMiddleware, LocalBudget
from crawler.signals import request_abandoned


@pytest.fixture
def budget():
    crawler = get_crawler(Spider, {"BACKLINKS_MAX_PAGES_PER_DOMAIN": 2,
                                   "BACKLINKS_BUDGET_COUNTER": "crawler.middlewares.budget.LocalBudget"})
    return build_from_crawler(DomainBudgetMiddleware, crawler)


def test_the_counter_class_comes_from_the_setting(budget):
    assert isinstance(budget.counter, LocalBudget)


def test_a_domain_gets_its_budget_and_no_more(budget):
    for path in ("a", "b"):
        budget.process_request(Request(f"https://www.x.com/{path}"))
    budget.process_request(Request("https://blog.y.com/"))  # another domain, its own budget
    with pytest.raises(IgnoreRequest, match="budget of x.com"):
        budget.process_request(Request("https://blog.x.com/c"))  # same registered domain
    assert budget.crawler.stats.get_value("budget/exceeded") == 1


def test_a_request_refused_after_counting_gives_its_unit_back(budget):
    refused = Request("https://x.com/private/1")
    budget.process_request(refused)
    budget.process_request(Request("https://x.com/a"))
    budget.crawler.signals.send_catch_log(request_abandoned, request=refused)  # robots.txt said no
    budget.process_request(Request("https://x.com/b"))  # the unit is free again
    assert budget.counter.fetches["x.com"] == 2
    assert budget.crawler.stats.get_value("budget/given_back") == 1


def test_a_request_refused_by_the_budget_itself_gives_nothing_back(budget):
    for path in ("a", "b"):
        budget.process_request(Request(f"https://x.com/{path}"))
    over = Request("https://x.com/c")
    with pytest.raises(IgnoreRequest):
        budget.process_request(over)
    budget.crawler.signals.send_catch_log(request_abandoned, request=over)
    assert budget.counter.fetches["x.com"] == 3 and not budget.crawler.stats.get_value("budget/given_back")


def test_a_seed_fallback_takes_over_the_unit_of_its_first_try(budget):
    first = Request("https://x.com/", meta={"fallbacks": ["http://x.com/"]})
    budget.process_request(first)
    budget.crawler.signals.send_catch_log(request_abandoned, request=first)  # kept for the fallback
    fallback = Request("http://x.com/", meta={COUNTED: first.meta[COUNTED]})  # as the spider makes it
    budget.process_request(fallback)
    assert budget.counter.fetches["x.com"] == 1
