"""`backlinks crawl --processes N`: one crawl by several processes of this machine.

The seeds are dealt out by registered domain; the crawl the processes make together must be
the crawl one process makes (checked against the local web's truth), each page fetched once;
Ctrl-C and a killed process must behave as the README says. Real crawls, real processes.
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from crawler.localweb.generator import LocalWeb
from crawler.processes import deal_seeds, sum_stats
from tests.support.crawl import FAST_LOCAL, crawl
from tests.support.localweb import running_localweb
from tests.support.truth import Truth, domain_of, host_of

MAX_DEPTH = 40
BUDGET = 70
LINK_KEY = ("src_url", "dst_url", "anchor_text", "kind", "image", "nofollow", "ugc", "sponsored",
            "page_nofollow", "placement")
#: The Crawl-delay site fetches one page a second: left out where a test only needs a crawl.
SLOW_HOST = "www.slow-and-steady.io"


# --- dealing the seeds -------------------------------------------------------------------

def test_each_registered_domain_goes_to_exactly_one_process():
    seeds = ["a.com", "http://www.a.com/x", "https://blog.a.com/", "b.co.uk", "news.b.co.uk",
             "c.org", "d.net", "http://e.io/"]
    shares = deal_seeds(seeds, 3)
    domains = [{domain_of(host_of(s) if "//" in s else s) for s in share} for share in shares]
    assert sorted(s for share in shares for s in share) == sorted(seeds)  # none lost, none twice
    for i, mine in enumerate(domains):
        for j, theirs in enumerate(domains):
            if i != j:
                assert not mine & theirs, f"processes {i} and {j} share a domain"
    assert {"a.com"} <= domains[0] and len(domains[0]) == 2  # a.com's three seeds stay together
    sizes = sorted(len(d) for d in domains)
    assert sizes[-1] - sizes[0] <= 1  # 5 domains over 3 processes: 2, 2, 1


def test_fewer_domains_than_processes_gives_fewer_processes():
    assert deal_seeds(["a.com", "www.a.com"], 4) == [["a.com", "www.a.com"]]
    assert len(deal_seeds(["a.com", "b.com"], 8)) == 2


def test_counters_of_the_processes_add_up_and_times_take_the_longest():
    one = {"progress/pages": 10, "progress/links": 100, "elapsed_time_seconds": 5.0,
           "memusage/max": 300, "finish_reason": "finished", "start_time": "x"}
    two = {"progress/pages": 5, "progress/links": 40, "elapsed_time_seconds": 7.5,
           "memusage/max": 200, "finish_reason": "shutdown"}
    total = sum_stats([one, two], elapsed=10.0)
    assert total["progress/pages"] == 15 and total["progress/links"] == 140
    assert total["elapsed_time_seconds"] == 7.5 and total["memusage/max"] == 300
    assert total["progress/pages_per_second"] == 1.5
    assert total["finish_reason"] == "finished, shutdown"
    assert "start_time" not in total


# --- a whole crawl by two processes -------------------------------------------------------

@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("processes")
    with running_localweb(tmp) as web:
        seeds = LocalWeb().seeds
        done = crawl(seeds, tmp / "data", web.proxy_url, "--crawl-id", "p2", "--processes", "2",
                     "--max-depth", str(MAX_DEPTH), "--max-pages-per-domain", str(BUDGET))
        yield tmp / "data", web, Truth.read(web.truth_path), seeds, done


def rows(data: Path, table: str, columns: str) -> list[tuple]:
    """`columns` of every row of `table`, and the part file each comes from."""
    return duckdb.connect().execute(
        f"SELECT {columns}, filename FROM read_parquet('{data}/{table}/**/*.parquet', filename = true)"
    ).fetchall()


def test_two_processes_find_exactly_the_links_of_one_crawl(crawled):
    data, _, truth, seeds, _ = crawled
    pages = {u for u in truth.reachable(seeds, MAX_DEPTH) if not truth.pages[u]["trap"]}
    expected = collections.Counter(tuple(link[k] for k in LINK_KEY) for link in truth.links
                                   if link["src_url"] in pages)
    got = collections.Counter(row[:-1] for row in rows(data, "links", ", ".join(LINK_KEY)) if row[0] in pages)
    assert sum(expected.values()) > 10_000
    assert expected == got


def test_each_page_is_fetched_once_by_the_process_that_owns_its_domain(crawled):
    data = crawled[0]
    stored = collections.Counter(url for url, _ in rows(data, "pages", "url"))
    assert max(stored.values()) == 1
    owner: dict[str, set[str]] = collections.defaultdict(set)
    for url, filename in rows(data, "pages", "url"):
        owner[domain_of(host_of(url))].add(Path(filename).name.split("-")[2])  # part-w0-<i>-...
    assert {w for workers in owner.values() for w in workers} == {"0", "1"}
    assert all(len(workers) == 1 for workers in owner.values()), "a domain crawled by two processes"


def test_each_process_writes_its_manifest_and_the_summary_adds_them_up(crawled):
    data, _, _, seeds, done = crawled
    manifests = [json.loads(p.read_text()) for p in sorted((data / "crawls").glob("p2.*.json"))]
    assert [m["worker_id"] for m in manifests] == ["w0-0", "w0-1"]
    assert all(m["finish_reason"] == "finished" for m in manifests)
    assert sorted(s for m in manifests for s in m["seeds"]) == sorted(seeds)
    pages = sum(m["stats"]["progress/pages"] for m in manifests)
    assert pages == len(rows(data, "pages", "url"))
    assert "by 2 processes" in done.stderr and f"pages {pages} " in done.stderr
    # each got half the connections: 32 in all by default
    assert all(m["stats"].get("downloader/request_count", 0) > 0 for m in manifests)


def test_the_crawls_query_sees_one_crawl(crawled):
    data = crawled[0]
    out = subprocess.run([sys.executable, "-m", "crawler.cli", "crawls", "--data", str(data), "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout
    crawls = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [c["crawl_id"] for c in crawls] == ["p2"]


# --- stopping ------------------------------------------------------------------------------

def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def start_crawl(data: Path, proxy: str, *extra: str) -> tuple[subprocess.Popen, list[int]]:
    """Start a two-process crawl of the default web, slowed down, and wait until both of its
    processes have opened their crawl (their manifests exist)."""
    seeds = [s for s in LocalWeb().seeds if host_of(s) != SLOW_HOST]
    parent = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "crawl", *seeds, "--data", str(data), "--proxy", proxy,
         "--quiet", "--crawl-id", "stop", "--processes", "2", *FAST_LOCAL,
         "-s", "DOWNLOAD_DELAY=0.2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(list((data / "crawls").glob("stop.*.json"))) < 2:
        assert parent.poll() is None and time.monotonic() < deadline, parent.communicate()[1][-2000:]
        time.sleep(0.1)
    time.sleep(1.5)  # some pages in
    return parent, children_of(parent.pid)


def test_interrupting_the_parent_stops_every_process_cleanly(localweb, tmp_path):
    parent, children = start_crawl(tmp_path, localweb.proxy_url)
    assert len(children) == 2
    parent.send_signal(signal.SIGINT)  # what Ctrl-C sends (the processes are in their own group)
    _, stderr = parent.communicate(timeout=120)
    assert parent.returncode == 0, stderr[-2000:]
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
    manifests = [json.loads(p.read_text()) for p in (tmp_path / "crawls").glob("stop.*.json")]
    assert sorted(m["finish_reason"] for m in manifests) == ["shutdown", "shutdown"]
    pages = rows(tmp_path, "pages", "url, warc_file")
    assert 0 < len(pages) < 1000  # stopped early, and what was fetched is stored
    assert all((tmp_path / warc).is_file() for _, warc, _ in pages if warc)
    assert not list(tmp_path.glob("**/*.open"))  # every file closed


def test_a_killed_process_is_reported_and_the_other_finishes_its_domains(localweb, tmp_path):
    parent, children = start_crawl(tmp_path, localweb.proxy_url)
    os.kill(children[0], signal.SIGKILL)
    _, stderr = parent.communicate(timeout=300)
    assert parent.returncode != 0
    assert "failed: killed by signal 9" in stderr
    manifests = {m["worker_id"]: m for m in (json.loads(p.read_text())
                                               for p in (tmp_path / "crawls").glob("stop.*.json"))}
    finished = [m for m in manifests.values() if m["finish_reason"] == "finished"]
    assert len(finished) == 1
    killed = next(w for w in manifests if manifests[w]["finish_reason"] != "finished")
    assert f"crawl process {killed} (" in stderr
    survivor = finished[0]
    truth = Truth.read(localweb.truth_path)
    expected = {u for u in truth.reachable(survivor["seeds"], 20) if not truth.pages[u]["trap"]}
    survivor_pages = {url for url, name in rows(tmp_path, "pages", "url")
                      if Path(name).name.startswith(f"part-{survivor['worker_id']}-")}
    assert expected <= survivor_pages
