"""Sites larger than the page budget (issue 14, item 4): the frontier holds no request a budget
would refuse, and the crawl ends by itself once the budgets are spent.

The local web's fanout sites link, on every page, to 300 new pages of their own
(crawler/localweb/traps.py): a crawl that queued every link it met would queue 300 requests
per page fetched and refuse them one by one at download time.
"""

from __future__ import annotations

import json

from crawler.localweb.traps import FANOUT
from tests.support.crawl import crawl
from tests.support.localweb import running_localweb

SITES = 4
BUDGET = 60


def test_a_spent_budget_schedules_nothing_more_and_the_crawl_ends(tmp_path) -> None:
    with running_localweb(tmp_path, hosts=15, fanout=SITES) as web:
        seeds = [f"http://www.link-fanout-{k:02d}.net/" for k in range(1, SITES + 1)]
        crawl(seeds, tmp_path / "data", web.proxy_url, "--crawl-id", "fanout",
              "--max-pages-per-domain", str(BUDGET), timeout=300)
        requested = [r for r in web.access_log() if not r["url"].endswith("/robots.txt")]
    manifest = json.loads((tmp_path / "data" / "crawls" / "fanout.json").read_text())
    stats = manifest["stats"]
    assert manifest["finish_reason"] == "finished"
    # every site has more pages than the budget: each gives exactly its budget
    assert stats["store/pages"] == len(requested) == SITES * BUDGET
    # the frontier held nothing the budget would refuse: nothing over it was queued, so
    # nothing was refused at download time (the pages fetched had 300 new links each)
    assert stats["scheduler/enqueued"] <= SITES * BUDGET
    assert stats["extract/links"] > SITES * BUDGET * FANOUT
    assert "budget/exceeded" not in stats
    assert stats["progress/domains_done"] == stats["progress/domains"] == SITES
