"""A discovery shared by several workers: `discover --processes 2` (a private redis-server on
a unix socket), and workers of `discover --redis` on a real redis-server, one of them killed
with SIGKILL in the middle. Over loopback against the served synthetic topical web
(tests/support/synthweb.py).

- the candidates and their scores live in Redis: a candidate is admitted once, by one worker,
  and the budget of domains holds for all the workers together;
- a worker killed after admitting candidates loses none: its admissions that had not reached
  the shared frontier come back, the ones that had are crawled by the others, and every
  admitted domain has its pages;
- the targets' referring domains are found as by one process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from crawler.localweb_process import running_localweb
from tests.support.crawl import FAST_LOCAL, backlinks
from tests.support.redis import running_redis

pytestmark = pytest.mark.slow

SITES = 600
PAGES = 6
BUDGET = 120


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    directory = tmp_path_factory.mktemp("synthweb")
    synthweb = {"sites": SITES, "seed": 7}
    with running_localweb(directory, web="tests.support.synthweb:SynthWeb", web_args=synthweb) as served:
        served.facts = json.loads(served.truth_path.read_text())
        served.seeds_file = directory / "seeds.txt"
        served.seeds_file.write_text("\n".join(served.facts["seeds"]) + "\n")
        yield served


def arguments(web, data: Path, *extra: str) -> list[str]:
    return ["discover", *web.facts["targets"], "--seeds-file", str(web.seeds_file), "--data", str(data),
            "--max-domains", str(BUDGET), "--max-pages-per-domain", str(PAGES), "--proxy", web.proxy_url,
            "--quiet", *FAST_LOCAL, *extra]


def found(data: Path, target: str) -> set[str]:
    rows = duckdb.connect().execute(
        f"SELECT DISTINCT src_domain FROM read_parquet('{data}/links/*/*.parquet') "
        "WHERE dst_domain = ? AND src_domain <> ?",
        [target, target]).fetchall()
    return {r[0] for r in rows}


def fetched_domains(data: Path) -> set[str]:
    return {r[0] for r in duckdb.connect().execute(
        f"SELECT DISTINCT domain FROM read_parquet('{data}/pages/*/*.parquet') WHERE status > 0").fetchall()}


def admitted(client, crawl_id: str) -> dict[str, int]:
    """domain -> its admission number, as Redis holds the candidates."""
    out = {}
    for key in client.scan_iter(match=f"backlinks:{crawl_id}:disc:cand:*", count=1000):
        state, order = client.hmget(key, "state", "admission")
        if state in (b"crawling", b"crawled"):
            out[key.decode().rsplit(":", 1)[1]] = int(order)
    return out


def test_two_processes_share_one_discovery_and_find_as_much_as_one(web, tmp_path):
    data, alone = tmp_path / "data", tmp_path / "alone"
    backlinks(*arguments(web, data, "--processes", "2", "--crawl-id", "two"), check=True)
    backlinks(*arguments(web, alone, "--crawl-id", "one"), check=True)
    assert (data / "discovery" / "two.redis").is_dir()  # the private redis-server's files
    seeds = {s.split("//")[1].split("/")[0].removeprefix("www.") for s in web.facts["seeds"]}
    others = fetched_domains(data) - seeds - set(web.facts["targets"])
    assert len(others) <= BUDGET
    target = web.facts["targets"][0]
    truth = set(web.facts["refdomains"][target])
    assert found(data, target) <= truth
    assert len(found(data, target)) >= len(found(alone, target)) - 0.15 * len(truth)


def test_a_worker_killed_mid_discovery_loses_no_candidate(web, tmp_path):
    data = tmp_path / "data"
    fast_reaping = ["-s", "BACKLINKS_LEASE_TIMEOUT=4", "-s", "BACKLINKS_HEARTBEAT_SECONDS=1",
                    "--idle-timeout", "6", "--crawl-id", "shared"]
    logs: list = []
    with running_redis(tmp_path) as redis:
        client = redis.client()

        def worker(name: str) -> subprocess.Popen:
            logs.append(open(tmp_path / f"{name}.log", "w"))  # noqa: SIM115 - closed below
            return subprocess.Popen([sys.executable, "-m", "crawler.cli", *arguments(web, data, *fast_reaping),
                                     "--redis", redis.url, "--worker-id", name], stdout=logs[-1], stderr=logs[-1])

        first = worker("w1")
        deadline = time.monotonic() + 120
        while int(client.get("backlinks:shared:disc:admitted") or 0) < 20:
            assert time.monotonic() < deadline and first.poll() is None, (tmp_path / "w1.log").read_text()[-2000:]
            time.sleep(0.05)
        second = worker("w2")
        time.sleep(1.0)
        os.kill(first.pid, signal.SIGKILL)  # mid-discovery: admissions and requests in its hands
        first.wait()
        third = worker("w3")
        for proc in (second, third):
            proc.wait(timeout=300)
        for log in logs:
            log.close()
        for proc, name in ((second, "w2"), (third, "w3")):
            assert proc.returncode == 0, (tmp_path / f"{name}.log").read_text()[-3000:]
        orders = admitted(client, "shared")
        assert len(orders) == BUDGET == int(client.get("backlinks:shared:disc:admitted"))
        assert sorted(orders.values()) == list(range(1, BUDGET + 1))  # each admitted once
        assert list(client.scan_iter(match="backlinks:shared:disc:leases:w1")) == []  # reclaimed
    crawled = fetched_domains(data)
    lost = [d for d in orders if d not in crawled and not _refused(web, d)]
    assert lost == []
    target = web.facts["targets"][0]
    assert found(data, target) <= set(web.facts["refdomains"][target])


def _refused(web, domain: str) -> bool:
    """A domain whose site the local web does not serve (no page can come from it)."""
    return domain not in web.facts["domains"]
