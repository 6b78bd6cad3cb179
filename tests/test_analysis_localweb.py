"""The link index over two real crawls of the local web, a week of changes apart (epoch 1,
then epoch 2: links added and removed, a page gone), checked against the generator's truth.

Expected numbers come from the truth (the links on the pages a polite crawler reaches, the
changes the generator lists) and the public suffix list, never from the code under test.
"""

from __future__ import annotations

import collections

import networkx as nx
import pytest
from scipy.stats import spearmanr

from analysis import Index, build
from crawler.localweb.generator import LocalWeb
from tests.support.crawl import crawl_epochs
from tests.support.truth import Truth, domain_of, host_of

pytestmark = pytest.mark.slow

HOSTS = 50  # the default local web
MAX_DEPTH = 40
BUDGET = 100  # above the largest site of the local web
#: every site but the one whose robots.txt asks for a second between fetches (a slow crawl)
SEEDS = [s for s in LocalWeb(hosts=HOSTS).seeds if "slow-and-steady" not in s]


def truth_of(web: LocalWeb) -> Truth:
    return Truth(links=list(web.truth_links()), pages={p["url"]: p for p in web.truth_pages()})


def backlinks(web: LocalWeb) -> list[dict]:
    """The truth's external links on the pages a polite crawl of `web` fetches."""
    truth = truth_of(web)
    fetched = truth.reachable(SEEDS, MAX_DEPTH)
    rows = []
    for link in truth.links:
        if link["src_url"] not in fetched:
            continue
        src, dst = domain_of(host_of(link["src_url"])), domain_of(host_of(link["dst_url"]))
        if src != dst:
            rows.append({**link, "src_domain": src, "dst_domain": dst})
    return rows


def dofollow(link: dict) -> bool:
    return not (link["nofollow"] or link["ugc"] or link["sponsored"] or link["page_nofollow"])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data, _ = crawl_epochs(tmp_path_factory.mktemp("history"), SEEDS, hosts=HOSTS, max_depth=MAX_DEPTH,
                           budget=BUDGET)
    build(data)
    with Index(data) as ix:
        yield ix


def test_profile_of_every_domain_equals_the_truth(crawled):
    expected = collections.defaultdict(list)
    for link in backlinks(LocalWeb(hosts=HOSTS, epoch=2)):
        expected[link["dst_domain"]].append(link)
    linked = [d for d, rows in expected.items() if len({r["src_domain"] for r in rows}) >= 3]
    assert len(linked) >= 5
    for domain in linked:
        rows = expected[domain]
        totals = crawled.profile(domain).totals
        assert totals["backlinks"] == len(rows), domain
        assert totals["dofollow_backlinks"] == sum(dofollow(r) for r in rows), domain
        assert totals["referring_domains"] == len({r["src_domain"] for r in rows}), domain
        assert totals["referring_pages"] == len({r["src_url"] for r in rows}), domain
        anchors = collections.Counter(r["anchor_text"] for r in rows)
        got = {r["anchor"]: r["backlinks"] for r in crawled.anchors(domain).to_arrow_table().to_pylist()}
        assert got == dict(anchors), domain


def test_first_crawl_alone_equals_the_first_epoch(crawled):
    rows = backlinks(LocalWeb(hosts=HOSTS, epoch=1))
    domain = collections.Counter(r["dst_domain"] for r in rows).most_common(1)[0][0]
    assert crawled.profile(domain, crawl="epoch1").totals["backlinks"] == sum(
        r["dst_domain"] == domain for r in rows)


def test_history_finds_the_planted_changes(crawled):
    web = LocalWeb(hosts=HOSTS, epoch=2)
    before = backlinks(LocalWeb(hosts=HOSTS, epoch=1))
    expected = set()
    for change in web.changes():
        src = change["src_url"]
        if change["change"] == "page_removed":  # its external links are lost: the page is gone
            expected |= {("lost", "page_gone", src, r["dst_url"]) for r in before if r["src_url"] == src}
        elif domain_of(host_of(src)) != domain_of(host_of(change["dst_url"])):
            kind = "new" if change["change"] == "link_added" else "lost"
            expected.add((kind, change["change"], src, change["dst_url"]))
    assert expected
    got = set()
    for domain in {domain_of(host_of(dst)) for *_, dst in expected}:
        got |= {(r["change"], r["reason"], r["src_url"], r["dst_url"])
                for r in crawled.history(domain, old="epoch1", new="epoch2").to_arrow_table().to_pylist()}
    assert got == expected


def test_domain_rank_follows_an_independent_pagerank(crawled):
    edges = {(r["src_domain"], r["dst_domain"]) for r in backlinks(LocalWeb(hosts=HOSTS, epoch=2)) if dofollow(r)}
    got = dict(crawled.sql("SELECT domain, pagerank FROM domain_ranks").fetchall())
    g = nx.DiGraph(list(edges))
    g.add_nodes_from(got)  # domains without a dofollow edge only share the teleport
    pr = nx.pagerank(g, alpha=0.85, tol=1e-12)
    assert set(pr) == set(got)
    domains = sorted(pr)
    assert spearmanr([pr[d] for d in domains], [got[d] for d in domains]).statistic > 0.99
    assert max(abs(pr[d] - got[d]) for d in domains) < 1e-6
