"""`backlinks discover` as a user runs it, over loopback against a served topical web whose
truth says who links to the target (tests/support/synthweb.py; a target that no seed links
to, web directories as seeds): real Scrapy crawls, real Parquet, the server's access log.

- at a budget of a quarter of the domains, the score finds far more of the target's
  referring domains than plain discovery order, and never one that does not exist;
- pages come from the targets, the seeds and at most --max-domains other domains;
- a second run of the same crawl id with a larger budget goes on without fetching again
  what it has, and admits only new domains.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from crawler.localweb_process import running_localweb
from tests.support.crawl import FAST_LOCAL, backlinks

pytestmark = pytest.mark.slow

SITES = 800
PAGES = 8
SYNTHWEB = "tests.support.synthweb:SynthWeb"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    directory = tmp_path_factory.mktemp("synthweb")
    with running_localweb(directory, web=SYNTHWEB, web_args={"sites": SITES, "seed": 11}) as served:
        truth = json.loads(served.truth_path.read_text())
        (directory / "seeds.txt").write_text("\n".join(truth["seeds"]) + "\n")
        served.seeds_file = directory / "seeds.txt"
        served.facts = truth
        yield served


def discover(web, data: Path, max_domains: int, *extra: str):
    truth = web.facts
    return backlinks("discover", *truth["targets"], "--seeds-file", str(web.seeds_file), "--data", str(data),
                     "--max-domains", str(max_domains), "--max-pages-per-domain", str(PAGES),
                     "--proxy", web.proxy_url, "--quiet", *FAST_LOCAL, *extra, check=True)


def referring_domains(data: Path, target: str) -> set[str]:
    con = duckdb.connect()
    rows = con.execute(f"SELECT DISTINCT src_domain FROM read_parquet('{data}/links/*/*.parquet') "
                       "WHERE dst_domain = ? AND src_domain <> ?", [target, target]).fetchall()
    return {r[0] for r in rows}


def fetched_domains(data: Path) -> set[str]:
    con = duckdb.connect()
    rows = con.execute(f"SELECT DISTINCT domain FROM read_parquet('{data}/pages/*/*.parquet')").fetchall()
    return {r[0] for r in rows}


@pytest.fixture(scope="module")
def quarter(web, tmp_path_factory):
    """The same quarter budget crawled in score order and in plain discovery order."""
    budget = len(web.facts["domains"]) // 4
    out = {}
    for order in ("score", "discovery"):
        data = tmp_path_factory.mktemp(order) / "data"
        discover(web, data, budget, "-s", f"BACKLINKS_DISCOVER_ORDER={order}")
        out[order] = data
    return budget, out


def test_the_score_finds_far_more_referring_domains_than_discovery_order(web, quarter):
    _, data = quarter
    target = web.facts["targets"][0]
    truth = set(web.facts["refdomains"][target])
    recall = {order: len(referring_domains(d, target) & truth) / len(truth) for order, d in data.items()}
    assert recall["score"] >= 0.5, recall
    assert recall["score"] >= recall["discovery"] + 0.15, recall


def test_no_referring_domain_is_found_that_does_not_exist(web, quarter):
    _, data = quarter
    for target in web.facts["targets"]:
        assert referring_domains(data["score"], target) <= set(web.facts["refdomains"][target])


def test_pages_come_from_the_targets_the_seeds_and_the_budget_of_domains_only(web, quarter):
    budget, data = quarter
    fetched = fetched_domains(data["score"])
    seeds = {s.split("//")[1].split("/")[0].removeprefix("www.") for s in web.facts["seeds"]}
    others = fetched - seeds - set(web.facts["targets"])
    assert len(others) <= budget
    assert set(web.facts["targets"]) <= fetched and seeds <= fetched
    con = duckdb.connect()
    crawled = {r[0] for r in con.execute(
        f"SELECT domain FROM read_parquet('{data['score']}/candidates/*/*.parquet') "
        "GROUP BY domain HAVING arg_max(crawled, updated_at)").fetchall()}
    assert others <= crawled  # every other domain fetched was admitted as a candidate


def test_a_second_run_goes_on_without_fetching_again_what_it_has(web, tmp_path):
    data = tmp_path / "data"
    first_log = len(web.access_log())
    discover(web, data, 30, "--crawl-id", "resumed")
    middle = len(web.access_log())
    discover(web, data, 60, "--crawl-id", "resumed")
    requests = web.access_log()[first_log:]
    pages = Counter(r["url"] for r in requests if r["method"] == "GET" and not r["path"].startswith("/robots.txt"))
    assert [url for url, n in pages.items() if n > 1] == []
    second = {r["host"] for r in web.access_log()[middle:] if r["method"] == "GET"}
    first = {r["host"] for r in web.access_log()[first_log:middle] if r["method"] == "GET"}
    con = duckdb.connect()
    rows = con.execute("SELECT domain, arg_max(admission, updated_at) "
                       f"FROM read_parquet('{data}/candidates/*/*.parquet') "
                       "GROUP BY domain HAVING arg_max(crawled, updated_at)").fetchall()
    assert len(rows) == 60 and sorted(r[1] for r in rows) == list(range(1, 61))
    assert second - first, "the second run crawled nothing new"


# -- the wide web (crawler/localweb/wide.py): another web, built by other rules ----------------------


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    from crawler.localweb.wide import wide_truth_path
    from crawler.localweb.widetruth import read_wide_truth

    directory = tmp_path_factory.mktemp("wide")
    with running_localweb(directory, wide=True, sites=1000, seed=0) as served:
        truth = read_wide_truth(wide_truth_path(served.truth_path))
        (directory / "seeds.txt").write_text("\n".join(truth.web["seeds"]) + "\n")
        yield served, truth, directory / "seeds.txt"


def test_on_the_wide_web_the_score_finds_most_of_the_targets_referring_domains(wide, tmp_path):
    served, truth, seeds = wide
    budget = len(truth.sites) // 4
    true = truth.referring_domains(max_pages=10)
    recall = {}
    for order in ("score", "discovery"):
        data = tmp_path / order
        backlinks("discover", *truth.targets, "--seeds-file", str(seeds), "--data", str(data),
                  "--max-domains", str(budget), "--max-pages-per-domain", "10", "--proxy", served.proxy_url,
                  "--quiet", *FAST_LOCAL, "-s", f"BACKLINKS_DISCOVER_ORDER={order}", check=True)
        found = referring_domains(data, truth.target)
        assert found <= truth.referring_domains()  # none that does not exist
        recall[order] = len(found & true) / len(true)
    assert recall["score"] >= 0.6 and recall["score"] >= recall["discovery"] + 0.2, recall


def test_linking_sites_from_search_console_are_crawled_first(web, tmp_path):
    """Priors from outside the crawl: the sites a Search Console export lists are candidates
    from the start, and with a small budget they are what gets crawled."""
    target = web.facts["targets"][0]
    listed = sorted(web.facts["refdomains"][target])[:4]
    export = tmp_path / "gsc-202612-Top linking sites.csv"
    export.write_text("Site,Linking pages,Target pages\n" + "".join(f"{d},3,1\n" for d in listed))
    data = tmp_path / "data"
    backlinks("import-gsc", str(export), "--data", str(data), "--site", target, check=True)
    discover(web, data, 4, "--gsc", target)
    # found where their link is within the page budget (a site's pages are 1 hop from home)
    assert len(set(listed) & referring_domains(data, target)) >= 3
    rows = json.loads(backlinks("candidates", target, "--data", str(data), "--crawled", "--format", "json",
                                check=True).stdout)
    assert {r["domain"] for r in rows} == set(listed) and all(r["prior_source"] == "gsc" for r in rows)
