"""The candidate store of a discovery crawl, in this process and in Redis (a real
redis-server): best first, each candidate once, a source counting once with its strongest
link, the budget of domains, priors, where a crawl starts, the dataset's rows; and in Redis,
an admission lost with its worker comes back.

Expected scores are worked out here from crawler/discovery/evidence.py's definitions.
"""

from __future__ import annotations

import pytest

from crawler.discovery.candidates import CRAWLED, CRAWLING, LocalCandidates
from crawler.discovery.evidence import Evidence, Weights
from crawler.distributed.candidates import RedisCandidates
from tests.support.redis import running_redis

W = Weights()


def noisy_or(*strengths: float) -> float:
    miss = 1.0
    for s in strengths:
        miss *= 1 - s
    return 1 - miss


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(params=["local", "redis"])
def store(request, redis_server):
    if request.param == "local":
        return LocalCandidates(W)
    client = redis_server.client()
    client.flushdb()
    return RedisCandidates(client, "test", "w1", W)


def score_of(store, domain: str) -> float:
    c = store.candidates[domain] if isinstance(store, LocalCandidates) else store.candidate(domain)
    return c.score


def evidence(source: str, *, topic: float = 0.0, cites: bool = False, host: str = "") -> Evidence:
    return Evidence(source, f"http://www.{source}/page", host or "www.example.com", "http", topic=topic, cites=cites)


def test_candidates_are_admitted_best_first_and_each_once(store):
    store.add("weak.com", evidence("dir.org"))
    store.add("strong.com", evidence("dir.org", topic=1.0))
    store.add("middle.com", evidence("dir.org", topic=0.5))
    first = store.admit(2, limit=0)
    assert [a.domain for a in first] == ["strong.com", "middle.com"]
    assert [a.domain for a in store.admit(5, limit=0)] == ["weak.com"]
    assert store.admit(5, limit=0) == []


def test_a_candidate_raised_by_new_evidence_overtakes_and_its_stale_place_is_skipped(store):
    store.add("a.com", evidence("dir.org", topic=0.6))
    store.add("b.com", evidence("dir.org", topic=0.5))
    store.add("b.com", evidence("blog.net", cites=True))
    assert [a.domain for a in store.admit(3, limit=0)] == ["b.com", "a.com"]


def test_several_pages_of_one_source_count_once_with_their_strongest_link(store):
    for topic in (0.2, 0.9, 0.4):
        store.add("x.com", evidence("blog.org", topic=topic))
    expected = 1 - (1 - W.link) * (1 - W.topic) ** 0.81
    assert score_of(store, "x.com") == pytest.approx(expected)

def test_links_from_more_crawled_domains_raise_a_candidate(store):
    store.add("x.com", evidence("one.org", topic=0.5))
    one = score_of(store, "x.com")
    store.add("x.com", evidence("two.org", topic=0.5))
    assert score_of(store, "x.com") == pytest.approx(noisy_or(one, one))


def test_the_budget_of_domains_holds_and_excluded_domains_are_never_candidates(store):
    store.exclude(["target.com", "seed.org"])
    for name in ("target.com", "seed.org", "a.com", "b.com", "c.com"):
        store.add(name, evidence("dir.org"))
    assert store.known() == 3
    assert len(store.admit(5, limit=2)) == 2 and store.admitted() == 2
    assert store.admit(5, limit=2) == []


def test_priors_count_once_per_source_and_mark_where_they_came_from(store):
    store.add_prior("gsc-site.com", "gsc")
    store.add_prior("gsc-site.com", "gsc")
    assert score_of(store, "gsc-site.com") == pytest.approx(W.gsc)
    (admission,) = store.admit(1, limit=0)
    assert admission.urls == ("https://gsc-site.com/", "http://gsc-site.com/")


def test_a_crawl_starts_at_the_home_page_of_the_host_most_linked_to(store):
    store.add("x.com", evidence("a.org", host="blog.x.com"))
    store.add("x.com", evidence("b.org", host="www.x.com"))
    store.add("x.com", evidence("c.org", host="www.x.com"))
    assert store.admit(1, limit=0)[0].urls[0] == "http://www.x.com/"


def test_rows_say_what_changed_and_the_state_of_each_candidate(store):
    store.add("a.com", evidence("dir.org", topic=1.0, cites=True))
    store.add("b.com", evidence("dir.org"))
    assert {r["domain"] for r in store.take_changes()} == {"a.com", "b.com"}
    assert store.take_changes() == []
    store.admit(1, limit=0)
    store.finish("a.com")
    (row,) = store.take_changes()
    assert row["domain"] == "a.com" and row["state"] == CRAWLED and row["crawled"]
    assert row["admission"] == 1 and row["cocitations"] == 1 and row["linking_domains"] == 1
    store.add("b.com", evidence("two.org"))
    (row,) = store.take_changes()
    assert row["domain"] == "b.com" and row["state"] not in (CRAWLING, CRAWLED) and row["linking_domains"] == 2


def test_a_candidate_admitted_by_a_worker_that_died_before_queueing_it_comes_back(redis_server):
    client = redis_server.client()
    client.flushdb()
    dying, living = RedisCandidates(client, "test", "w1", W), RedisCandidates(client, "test", "w2", W)
    dying.add("a.com", evidence("dir.org", topic=1.0))
    dying.add("b.com", evidence("dir.org"))
    (first,) = dying.admit(1, limit=0)
    assert first.domain == "a.com" and living.admitted() == 1
    assert living.reclaim("w1") == 1  # w1 died holding it
    assert living.admitted() == 0
    assert [a.domain for a in living.admit(2, limit=0)] == ["a.com", "b.com"]


def test_a_started_admission_is_not_given_back(redis_server):
    client = redis_server.client()
    client.flushdb()
    w1 = RedisCandidates(client, "test", "w1", W)
    w1.add("a.com", evidence("dir.org"))
    (first,) = w1.admit(1, limit=0)
    w1.started(first.domain)
    assert RedisCandidates(client, "test", "w2", W).reclaim("w1") == 0
    assert w1.admitted() == 1
