"""The ranking quality of `backlinks value` against planted truth, on two independently made webs:

- the topical web (crawler/localweb/topics.py): every backlink of its shop planted at a level of
  value (4 best .. 0), the five criteria moving with the level; its popularity list imported
  with `backlinks toplist import`;
- the community web (tests/support/communityweb.py, built apart from the local web for the
  audit): the shop's backlinks from strong clean sites (the .gov, .edu, news, associations,
  magazines), other clean sites and spam, ranked 2, 1 and 0.

Each is crawled once through the real commands (crawl, build, toplist import, value --format
jsonl), and Spearman's rank correlation between the value and the planted order is asserted.
"""

from __future__ import annotations

import json

import pytest
from scipy.stats import spearmanr

from crawler.localweb.topics import TopicalWeb, toplist_path
from crawler.localweb_process import running_localweb
from tests.support.crawl import backlinks, crawl

pytestmark = pytest.mark.slow

#: The least rank correlation a sound value gets on each web (measured: README, "Link value").
MIN_TOPICAL = 0.9
MIN_COMMUNITY = 0.75
COMMUNITY_TIERS = {"strong_clean": 2, "clean": 1}


def valued(data, domain: str) -> list[dict]:
    proc = backlinks("value", domain, "--data", str(data), "--format", "jsonl", "--limit", "0", check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def crawled(tmp_path, web: str, web_args: dict[str, int], budget: int) -> tuple:
    data = tmp_path / "data"
    with running_localweb(tmp_path, web=web, web_args=web_args) as served:
        truth = json.loads(served.truth_path.read_text())
        crawl([str(s) for s in truth["seeds"]], data, served.proxy_url, "--max-depth", "6",
              "--max-pages-per-domain", str(budget))
        backlinks("build", "--data", str(data), "--quiet", check=True)
        return data, truth, served.truth_path


@pytest.fixture(scope="module")
def topical(tmp_path_factory):
    data, truth, truth_path = crawled(tmp_path_factory.mktemp("value-topical"),
                                      "crawler.localweb.topics:TopicalWeb", {"seed": 0}, 20)
    backlinks("toplist", "import", str(toplist_path(truth_path)), "--data", str(data), check=True)
    return data, truth


def test_the_topical_web_is_deterministic_and_each_seed_plants_another_topic():
    assert TopicalWeb(0).truth() == TopicalWeb(0).truth()
    assert TopicalWeb(0).topic != TopicalWeb(1).topic
    levels = {row["level"] for row in TopicalWeb(1).truth()["backlinks"]}
    assert levels == {0, 1, 2, 3, 4}


def test_value_ranks_the_topical_web_as_planted(topical):
    data, truth = topical
    rows = valued(data, truth["target"])
    planted = {(b["src_url"], b["dst_url"]): b["level"] for b in truth["backlinks"]}
    found = {(r["src_url"], r["dst_url"]): r["value"] for r in rows}
    assert set(planted) <= set(found)  # every planted backlink was crawled and valued
    pairs = [(found[k], level) for k, level in planted.items()]
    rho = spearmanr([v for v, _ in pairs], [level for _, level in pairs]).statistic
    print(f"\nlink value on the topical web (seed 0): Spearman {rho:.3f} over {len(pairs)} backlinks")
    assert rho >= MIN_TOPICAL


def test_the_components_follow_their_planted_criteria(topical):
    data, truth = topical
    rows = {(r["src_url"], r["dst_url"]): r for r in valued(data, truth["target"])}
    for b in truth["backlinks"]:
        row = rows[(b["src_url"], b["dst_url"])]
        assert (row["authority"] == 0) == (b["rel"] == "nofollow"), row
        assert row["traffic"] == {"top": "high", "mid": "medium"}.get(b["popular"], row["traffic"]), row
    on = [rows[(b["src_url"], b["dst_url"])]["relevance"] for b in truth["backlinks"] if b["on_topic"]]
    off = [rows[(b["src_url"], b["dst_url"])]["relevance"] for b in truth["backlinks"] if not b["on_topic"]]
    assert min(on) > max(off)


def test_value_ranks_the_community_web_as_planted(tmp_path_factory):
    data, truth, _ = crawled(tmp_path_factory.mktemp("value-community"), "tests.support.communityweb:CommunityWeb",
                             {"seed": 1, "epoch": 2}, 45)
    roles = {d: COMMUNITY_TIERS.get(info["role"], 0) for d, info in truth["domains"].items()}
    rows = valued(data, truth["shop"])
    rho = spearmanr([r["value"] for r in rows], [roles[r["src_domain"]] for r in rows]).statistic
    print(f"\nlink value on the community web (seed 1): Spearman {rho:.3f} over {len(rows)} backlinks")
    assert rho >= MIN_COMMUNITY


def test_profile_shows_the_share_of_value_and_the_report_the_good_links(topical, tmp_path):
    data, truth = topical
    level = {b["src_domain"]: b["level"] for b in truth["backlinks"]}
    proc = backlinks("profile", truth["target"], "--data", str(data), "--value", "--limit", "0", "--format", "json",
                     check=True)
    shares = json.loads(proc.stdout)["value_shares"]
    assert sum(r["value_share"] for r in shares) == pytest.approx(1.0)
    assert {r["src_domain"] for r in shares} == set(level)
    assert level[shares[0]["src_domain"]] == 4
    report = tmp_path / "report.html"
    backlinks("report", truth["target"], "--data", str(data), "-o", str(report), check=True)
    html = report.read_text()
    assert 'id="good-links"' in html and 'id="chart-value"' in html
    best = html.split('id="good-links"', 1)[1]
    assert shares[0]["best_link"] in best
