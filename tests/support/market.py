"""The market web (crawler/localweb/market.py) crawled at both epochs and built, once per test
run: the session fixture ``market`` -> (data directory, epoch 2's truth). Import it in a
conftest."""

from __future__ import annotations

import pytest

from tests.support.crawl import crawl_epochs

MARKET = "crawler.localweb.market:MarketWeb"


@pytest.fixture(scope="session")
def market(tmp_path_factory):
    from analysis import build

    data, truth = crawl_epochs(tmp_path_factory.mktemp("market"), [], max_depth=5, budget=50, web=MARKET,
                               web_args={"seed": 0})
    build(data)
    return data, truth
