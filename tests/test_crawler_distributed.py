"""Distributed crawls: real redis-server, several real worker processes, the local web.

Expected values come from the local web's truth file; the crawl runs through the real
`backlinks crawl --redis` command. One scenario (module fixture) does the hard things
together: three workers, one SIGKILLed a few seconds in and restarted, and a Redis restart
(with its append-only file) while they work.
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from crawler.localweb.catalogue import CALENDAR_HOST
from crawler.localweb.generator import LocalWeb
from tests.support.crawl import FAST_LOCAL, backlinks
from tests.support.localweb import running_localweb
from tests.support.redis import running_redis
from tests.support.truth import Truth, domain_of, host_of

HOSTS = 20
BUDGET = 70
SLOW_HOST = "www.slow-and-steady.io"
LINK_KEY = ("src_url", "dst_url", "anchor_text", "kind", "image", "nofollow", "ugc",
            "sponsored", "page_nofollow", "placement")


def worker(redis_url: str, crawl_id: str, worker_id: str, data: Path, proxy: str, *extra: str,
           idle: float = 4) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--redis", redis_url, "--crawl-id", crawl_id,
           "--worker-id", worker_id, "--idle-timeout", str(idle), "--data", str(data),
           "--proxy", proxy, "--quiet", "--max-pages-per-domain", str(BUDGET), *FAST_LOCAL, *extra]
    log = open(data.parent / f"{crawl_id}-{worker_id}-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    return proc


def wait_all(procs: list[subprocess.Popen], timeout: float = 240) -> None:
    """Wait for the workers to stop by themselves; kill them all if one does not in time."""
    deadline = time.monotonic() + timeout
    try:
        for proc in procs:
            proc.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def rows(data: Path, table: str, columns: str) -> list[tuple]:
    return duckdb.connect().execute(
        f"SELECT {columns} FROM read_parquet('{data}/{table}/**/*.parquet')").fetchall()


def page_requests(access: list[dict]) -> collections.Counter:
    return collections.Counter(r["url"] for r in access
                               if r["method"] == "GET" and not r["url"].endswith("/robots.txt"))


class Scenario(SimpleNamespace):
    """What the killed and restarted distributed crawl left, for the tests to read."""


@pytest.fixture(scope="module")
def killed_and_restarted(tmp_path_factory) -> Iterator[Scenario]:
    tmp = tmp_path_factory.mktemp("dist")
    s = Scenario()
    with running_localweb(tmp, hosts=HOSTS) as web, running_redis(tmp, appendonly=True) as redis:
        s.seeds = [u for u in LocalWeb(hosts=HOSTS).seeds if host_of(u) != SLOW_HOST]
        s.data = tmp / "data"
        backlinks("seed", "--redis", redis.url, "--crawl-id", "big", *s.seeds, f"http://{CALENDAR_HOST}/", check=True)
        procs = {w: worker(redis.url, "big", w, s.data, web.proxy_url, "--max-depth", "40")
                 for w in ("w1", "w2", "w3")}
        try:
            _wait_for_pages(s.data, 100)
            procs["w2"].send_signal(signal.SIGKILL)
            procs["w2"].wait()
            s.inflight_at_kill = redis.client().hlen("backlinks:big:inflight:w2")
            killed_at = time.time()
            procs["w2"] = worker(redis.url, "big", "w2", s.data, web.proxy_url, "--max-depth", "40")
            _wait_for(lambda: json.loads(redis.client().hget("backlinks:big:workers", "w2") or "{}")["started"]
                      > killed_at,
                      "the restarted w2 to say it is alive")
            _wait_for_pages(s.data, 300)
            redis.stop()  # workers must back off, not crash
            time.sleep(2)
            redis.start()
        finally:
            wait_all(list(procs.values()))
        s.exit_codes = {w: p.returncode for w, p in procs.items()}
        s.truth = Truth.read(web.truth_path)
        s.access = web.access_log()
        s.status = json.loads(backlinks("status", "--redis", redis.url, "--crawl-id", "big", "--format", "json",
                                        check=True).stdout)
        s.logs = "\n".join(p.read_text() for p in tmp.glob("big-*.log"))
        yield s


def _wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def _wait_for_pages(data: Path, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = list(data.glob("pages/**/part-*.parquet"))
        if files and duckdb.connect().execute(
                f"SELECT count(*) FROM read_parquet('{data}/pages/**/*.parquet')").fetchone()[0] >= n:
            return
        time.sleep(0.2)
    raise AssertionError(f"fewer than {n} pages after {timeout} s")


def test_workers_exit_cleanly_after_the_idle_timeout(killed_and_restarted):
    assert killed_and_restarted.exit_codes == {"w1": 0, "w2": 0, "w3": 0}, killed_and_restarted.logs[-3000:]
    assert "Traceback" not in killed_and_restarted.logs


def test_the_union_of_the_workers_equals_the_truth_despite_the_kill_and_the_redis_restart(killed_and_restarted):
    s = killed_and_restarted
    pages = {u for u in s.truth.reachable(s.seeds, 10) if not s.truth.pages[u]["trap"]}
    expected = {tuple(link[k] for k in LINK_KEY) for link in s.truth.links if link["src_url"] in pages}
    got = {row for row in rows(s.data, "links", ", ".join(LINK_KEY)) if row[0] in pages}
    assert len(expected) > 5000
    assert expected - got == set()
    assert got - expected == set()
    fetched = {u for (u,) in rows(s.data, "pages", "url")}
    assert pages <= fetched


def test_nothing_is_fetched_twice_but_what_the_killed_worker_held(killed_and_restarted):
    s = killed_and_restarted
    retried = {u for u, p in s.truth.pages.items() if p["status"] >= 500}  # Scrapy retries 5xx
    twice = {u: n for u, n in page_requests(s.access).items() if n > 1 and u not in retried}
    assert len(twice) <= s.inflight_at_kill, twice


def test_the_page_budget_holds_across_workers(killed_and_restarted):
    calendar = domain_of(CALENDAR_HOST)
    fetched = [u for u in page_requests(killed_and_restarted.access) if domain_of(host_of(u)) == calendar]
    assert len(fetched) == BUDGET


def test_no_robots_rule_is_broken_and_robots_txt_is_fetched_once_per_origin(killed_and_restarted):
    s = killed_and_restarted
    forbidden = [u for u in page_requests(s.access) if u in s.truth.pages and not s.truth.pages[u]["robots_allowed"]]
    assert forbidden == []
    robots = collections.Counter(r["url"] for r in s.access if r["url"].endswith("/robots.txt"))
    flaky = {u for u, p in s.truth.pages.items() if p.get("robots_txt") and p["status"] >= 500}
    assert all(n == 1 for u, n in robots.items() if u not in flaky), robots


def test_status_reports_a_finished_frontier(killed_and_restarted):
    status = killed_and_restarted.status
    assert status["frontier"] == 0 and status["in_flight"] == 0
    assert status["domains_done"] == status["domains"] > 0
    assert {w["worker"] for w in status["workers"]} == {"w1", "w2", "w3"}
    assert sum(w["pages"] for w in status["workers"]) > 0


def test_crawl_delay_holds_across_three_workers(tmp_path):
    """The host's pages are seeds, and each worker holds one request at a time, so that the
    workers take turns: the delay is measured at the server between requests that different
    workers sent."""
    with running_localweb(tmp_path, hosts=HOSTS) as web, running_redis(tmp_path) as redis:
        truth = Truth.read(web.truth_path)
        pages = sorted(u for u, p in truth.pages.items() if p["host"] == SLOW_HOST and p["status"] == 200
                       and p["robots_allowed"] and not p["robots_txt"])[:8]
        backlinks("seed", "--redis", redis.url, "--crawl-id", "slow", *pages, check=True)
        # one request at a time per worker: no worker holds all the seeds in its own queue
        procs = [worker(redis.url, "slow", w, tmp_path / "data", web.proxy_url, "--max-pages-per-domain", "8",
                        "-s", "CONCURRENT_REQUESTS=1", idle=2)
                 for w in ("a", "b", "c")]
        wait_all(procs)
        times = sorted(r["t"] for r in web.access_log() if r["host"] == SLOW_HOST and r["method"] == "GET"
                       and not r["url"].endswith("/robots.txt"))
    workers = [json.loads(p.read_text())["stats"] for p in (tmp_path / "data" / "crawls").glob("slow.*.json")]
    assert sum(1 for stats in workers if stats.get("downloader/response_count", 0) > 1) >= 2
    assert len(pages) == 8 and len(times) == 8  # the budget: the seeds, or as many
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.95, gaps  # Crawl-delay: 1, held across the workers


def test_crawls_do_not_mix_and_nothing_read_from_redis_runs_code_or_sets_meta(tmp_path):
    password = "s3cret-Pa55word"
    with running_localweb(tmp_path, hosts=HOSTS) as web, running_redis(tmp_path, password=password) as redis:
        seeds = LocalWeb(hosts=HOSTS).seeds
        one, two = seeds[2], seeds[8]
        backlinks("seed", "--redis", redis.url, "--crawl-id", "one", one, check=True)
        backlinks("seed", "--redis", redis.url, "--crawl-id", "two", two, check=True)
        client = redis.client()
        marker = tmp_path / "pwned"

        class Exploit:
            def __reduce__(self):
                return (os.system, (f"touch {marker}",))

        client.zadd("backlinks:one:requests", {pickle.dumps(Exploit()): -100})
        closed = "http://www.closed-garden.org/"  # robots.txt: Disallow: /
        client.rpush("backlinks:two:seeds", json.dumps(
            {"url": closed, "meta": {"proxy": "http://evil.example:8080", "dont_obey_robotstxt": True}}))
        procs = [worker(redis.url, "one", "w1", tmp_path / "one", web.proxy_url, "--log-level", "DEBUG", idle=2),
                 worker(redis.url, "two", "w1", tmp_path / "two", web.proxy_url, "--log-level", "DEBUG", idle=2)]
        wait_all(procs)
        access = web.access_log()
    assert not marker.exists()
    domains_one = {d for (d,) in rows(tmp_path / "one", "pages", "domain")}
    domains_two = {d for (d,) in rows(tmp_path / "two", "pages", "domain")}
    assert domains_one == {domain_of(host_of(one))}
    assert domains_two == {domain_of(host_of(two))}
    assert not any(r["url"].startswith(closed) and not r["url"].endswith("robots.txt") for r in access)
    output = "\n".join(p.read_text() for p in tmp_path.glob("*.log"))
    assert "Dropped an unreadable request" in output
    assert password not in output
    for path in list((tmp_path / "one").rglob("*")) + list((tmp_path / "two").rglob("*")):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path


def test_a_distributed_worker_refuses_to_run_with_scheduler_persist_off(tmp_path):
    with running_redis(tmp_path) as redis:
        proc = backlinks("crawl", "--redis", redis.url, "--crawl-id", "x", "--data", str(tmp_path),
                         "-s", "SCHEDULER_PERSIST=False", "--idle-timeout", "1", "--quiet")
    assert proc.returncode != 0
    assert "SCHEDULER_PERSIST" in proc.stderr


def test_a_stopping_worker_keeps_the_shared_frontier_and_dupefilter(tmp_path):
    with running_localweb(tmp_path, hosts=HOSTS) as web, running_redis(tmp_path) as redis:
        seeds = LocalWeb(hosts=HOSTS).seeds
        backlinks("seed", "--redis", redis.url, "--crawl-id", "keep", *seeds, check=True)
        proc = worker(redis.url, "keep", "w1", tmp_path / "data", web.proxy_url, "-s", "CONCURRENT_REQUESTS=2", idle=30)
        client = redis.client()
        deadline = time.monotonic() + 60
        while client.zcard("backlinks:keep:requests") < 20 and time.monotonic() < deadline:
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        wait_all([proc], timeout=60)
        assert client.zcard("backlinks:keep:requests") > 0
        assert client.scard("backlinks:keep:dupefilter") > 0


def test_bloom_dupefilter_false_positive_rate_is_as_stated(tmp_path):
    from crawler.distributed.dupefilter import BloomFilter

    with running_redis(tmp_path) as redis:
        bloom = BloomFilter(redis.client(), "bloom-test", capacity=50_000, error_rate=1e-3)
        first = bloom.add_many([f"http://site-{i}.com/page" for i in range(50_000)])
        assert first.count(False) <= 2 * 1e-3 * 50_000  # a new URL taken for seen while filling
        assert all(bloom.seen_many([f"http://site-{i}.com/page" for i in range(0, 50_000, 7)]))
        fresh = bloom.seen_many([f"http://other-{i}.org/x" for i in range(50_000)])
    false_positive_rate = fresh.count(True) / len(fresh)
    assert false_positive_rate <= 2 * 1e-3


def test_one_command_runs_several_workers_with_processes(tmp_path):
    """`crawl --redis URL --processes 2`: the seeds go to Redis once, two workers named
    <worker-id>-0 and -1 share the frontier, and together they crawl what the truth says."""
    with running_localweb(tmp_path, hosts=HOSTS) as web, running_redis(tmp_path) as redis:
        seeds = [s for s in LocalWeb(hosts=HOSTS).seeds if host_of(s) != SLOW_HOST]
        done = backlinks("crawl", *seeds, "--redis", redis.url, "--crawl-id", "procs", "--processes", "2",
                         "--idle-timeout", "3", "--data", str(tmp_path / "data"), "--proxy", web.proxy_url,
                         "--quiet", "--max-pages-per-domain", str(BUDGET), *FAST_LOCAL, check=True)
        truth = Truth.read(web.truth_path)
        requested = page_requests(web.access_log())
    manifests = {p.name: json.loads(p.read_text()) for p in (tmp_path / "data" / "crawls").glob("procs.*.json")}
    assert sorted(manifests) == ["procs.w0-0.json", "procs.w0-1.json"]
    assert all(m["stats"].get("extract/pages", 0) > 0 for m in manifests.values()), "a worker did no work"
    expected = {u for u in truth.reachable(seeds, 20) if not truth.pages[u]["trap"]}
    assert {u for (u,) in rows(tmp_path / "data", "pages", "url")} == expected
    assert set(requested) == expected
    assert {u: n for u, n in requested.items() if n > 1 and truth.pages[u]["status"] < 500} == {}
    assert "by 2 processes" in done.stderr
