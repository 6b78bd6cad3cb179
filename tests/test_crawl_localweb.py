"""A real crawl of the local web through its proxy, checked against the generator's truth.

One crawl (module fixture) of every site plus the trap sites, with the `backlinks` command in
a subprocess, as a user runs it. Expected values come from the truth file and the public
suffix list, never from the code under test.
"""

from __future__ import annotations

import collections
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.localweb.catalogue import CALENDAR_HOST, REPEAT_HOST, SESSION_HOST
from crawler.localweb.generator import LocalWeb
from tests.support.crawl import crawl
from tests.support.localweb import running_localweb
from tests.support.truth import Truth, domain_of, host_of

MAX_DEPTH = 40
BUDGET = 70  # more than the largest site of the default web, less than the endless calendar
TRAP_SEEDS = [f"http://{h}/" for h in (CALENDAR_HOST, SESSION_HOST, REPEAT_HOST)]
LINK_KEY = ("src_url", "dst_url", "anchor_text", "kind", "image", "nofollow", "ugc",
            "sponsored", "page_nofollow", "placement")


class Crawled:
    def __init__(self, data: Path, web, truth: Truth, seeds: list[str]) -> None:
        self.data, self.web, self.truth, self.seeds = data, web, truth, seeds
        self.con = duckdb.connect()
        self.access = web.access_log()

    def rows(self, table: str, columns: str, where: str = "true") -> list[tuple]:
        return self.con.execute(
            f"SELECT {columns} FROM read_parquet('{self.data}/{table}/**/*.parquet') WHERE {where}"
        ).fetchall()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("crawl")
    with running_localweb(tmp) as web:
        seeds = LocalWeb().seeds
        # two seeds as bare domains: https is tried first, the proxy refuses it, http follows
        bare = [host_of(s) for s in seeds[:2]]
        crawl(bare + seeds[2:] + TRAP_SEEDS, tmp / "data", web.proxy_url, "--crawl-id", "c1",
              "--max-depth", str(MAX_DEPTH), "--max-pages-per-domain", str(BUDGET))
        yield Crawled(tmp / "data", web, Truth.read(web.truth_path), seeds)


def expected_pages(c: Crawled) -> set[str]:
    return c.truth.reachable(c.seeds, MAX_DEPTH)


def test_links_equal_the_truth_for_every_page_a_polite_crawler_may_fetch(crawled):
    pages = {u for u in expected_pages(crawled) if not crawled.truth.pages[u]["trap"]}
    expected = collections.Counter(
        tuple(link[k] for k in LINK_KEY) for link in crawled.truth.links if link["src_url"] in pages)
    got = collections.Counter(
        row for row in crawled.rows("links", ", ".join(LINK_KEY)) if row[0] in pages)
    assert sum(expected.values()) > 10_000
    assert expected - got == collections.Counter(), "links missed"
    assert got - expected == collections.Counter(), "links that are not on the page"


def test_every_fetchable_page_is_fetched_once_and_nothing_else(crawled):
    fetched = collections.Counter(
        u for (u,) in crawled.rows("pages", "url", "status > 0")
        if domain_of(host_of(u)) not in {domain_of(h) for h in (CALENDAR_HOST, SESSION_HOST, REPEAT_HOST)})
    assert set(fetched) == expected_pages(crawled)
    assert max(fetched.values()) == 1


def test_no_robots_disallowed_url_is_requested_and_robots_txt_goes_through_the_proxy(crawled):
    pages = crawled.truth.pages
    requested = [r["url"] for r in crawled.access if r["method"] == "GET"]
    forbidden = [u for u in requested if u in pages and not pages[u]["robots_allowed"]]
    assert forbidden == []
    robots_hosts = {host_of(u) for u in requested if u.endswith("/robots.txt")}
    page_hosts = {host_of(u) for u in requested if not u.endswith("/robots.txt")}
    assert page_hosts <= robots_hosts
    stats = json.loads((crawled.data / "crawls" / "c1.json").read_text())["stats"]
    assert stats["robotstxt/forbidden"] > 0


def test_the_503_robots_host_and_the_disallow_all_host_are_not_crawled(crawled):
    blocked = {p["host"] for p in crawled.truth.pages.values()
               if not p["robots_allowed"] and host_of(p["url"]) == p["host"] and p["url"].endswith(f"{p['host']}/")}
    assert blocked, "the local web plants hosts that allow nothing"
    requested = {(r["host"], r["url"].endswith("/robots.txt")) for r in crawled.access}
    assert all((host, False) not in requested for host in blocked)


def test_the_calendar_trap_stops_at_the_page_budget(crawled):
    calendar = domain_of(CALENDAR_HOST)
    fetched = crawled.rows("pages", "url", f"domain = '{calendar}'")
    assert len(fetched) == BUDGET
    requested = [r for r in crawled.access if domain_of(r["host"]) == calendar
                 and r["method"] == "GET" and not r["url"].endswith("/robots.txt")]
    assert len(requested) == BUDGET


def test_path_repetition_trap_is_refused(crawled):
    urls = [u for (u,) in crawled.rows("pages", "url", f"host = '{REPEAT_HOST}'")]
    assert any("/x/x/" in u for u in urls)
    assert not any("/x/x/x/" in u for u in urls)


def test_session_ids_do_not_multiply_pages(crawled):
    session_pages = {u for u, p in crawled.truth.pages.items()
                     if p["host"] == SESSION_HOST and p["status"] == 200 and not u.endswith("robots.txt")}
    requested = [r["url"] for r in crawled.access if r["host"] == SESSION_HOST
                 and r["method"] == "GET" and not r["url"].endswith("/robots.txt")]
    assert len(requested) == len(session_pages)
    dst = {u for (u,) in crawled.rows("links", "dst_url", f"src_host = '{SESSION_HOST}'")}
    assert dst and not any("phpsessid" in u.lower() for u in dst)


def test_redirects_and_errors_are_recorded_as_pages(crawled):
    expected = {u: crawled.truth.pages[u] for u in expected_pages(crawled)}
    rows = {u: (status, redirect_to) for u, status, redirect_to in
            crawled.rows("pages", "url, status, redirect_to")}
    statuses = collections.Counter(p["status"] for p in expected.values())
    assert {301, 302, 404, 500} <= set(statuses)
    for url, page in expected.items():
        assert rows[url][0] == page["status"], url
        if page["redirect_to"]:
            assert rows[url][1] == page["redirect_to"], url


def test_pages_in_other_charsets_and_gzip_decode_right(crawled):
    charsets = {u: c for u, c in crawled.rows("pages", "url, charset", "status = 200")}
    planted = {u: p["charset"] for u, p in crawled.truth.pages.items()
               if u in charsets and p["charset"] not in ("utf-8", None)}
    assert {"windows-1251", "shift_jis", "iso-8859-1"} <= {c.lower() for c in planted.values()}
    whatwg = {"iso-8859-1": "windows-1252"}  # the WHATWG encoding standard's mapping
    for url, charset in planted.items():
        assert charsets[url] == whatwg.get(charset.lower(), charset.lower()), url
    gzipped = [r for r in crawled.access if r["headers"].get("accept-encoding", "").find("gzip") >= 0]
    assert gzipped, "the crawl asks for gzip"


def test_bare_domain_seeds_try_https_then_http(crawled):
    statuses = dict(crawled.rows("pages", "url, status"))
    for seed in crawled.seeds[:2]:
        host = host_of(seed)
        attempts = [r["method"] for r in crawled.access if r["host"] == host]
        assert attempts[0] == "CONNECT", "https first (the local web refuses the tunnel)"
        assert statuses[seed] == 200
        assert not any(u.startswith(f"https://{host}") and s > 0 for u, s in statuses.items())


def test_every_page_row_points_at_its_warc_record(crawled):
    rows = crawled.rows("pages", "url, warc_file, warc_offset, warc_length",
                        "status > 0 ORDER BY url LIMIT 40")
    for url, warc_file, offset, length in rows:
        with open(crawled.data / warc_file, "rb") as fh:
            fh.seek(offset)
            records = list(ArchiveIterator(io.BytesIO(fh.read(length))))
        assert [r.rec_type for r in records] == ["response"]
        assert records[0].rec_headers.get_header("WARC-Target-URI") == url
    assert not list(crawled.data.glob("warc/**/*.open"))


def test_the_report_numbers_equal_those_computed_from_the_truth(crawled):
    from tests.support.crawl import backlinks

    backlinks("build", "--data", str(crawled.data), "--quiet", check=True)
    fetched = {u for (u,) in crawled.rows("pages", "url", "status > 0")}
    truth_links = [link for link in crawled.truth.links if link["src_url"] in fetched]
    for domain in ("alpha-news.com", "british-gardens.co.uk", "xn--bcher-caf-j4a4r.de"):
        backlinks_ = [link for link in truth_links
                      if domain_of(host_of(link["dst_url"])) == domain
                      and domain_of(host_of(link["src_url"])) != domain]
        dofollow = [link for link in backlinks_ if not (link["nofollow"] or link["ugc"]
                    or link["sponsored"] or link["page_nofollow"])]
        proc = backlinks("profile", domain, "--data", str(crawled.data), "--format", "json", check=True)
        totals = json.loads(proc.stdout)["totals"]
        assert totals["backlinks"] == len(backlinks_), domain
        assert totals["dofollow_backlinks"] == len(dofollow), domain
        assert totals["referring_domains"] == len({domain_of(host_of(link["src_url"])) for link in backlinks_})
        assert totals["referring_pages"] == len({link["src_url"] for link in backlinks_})
        anchors = collections.Counter(link["anchor_text"] for link in backlinks_)
        proc = backlinks("anchors", domain, "--data", str(crawled.data), "--format", "jsonl",
                         "--limit", "0", check=True)
        got = {row["anchor"]: row["backlinks"] for row in map(json.loads, proc.stdout.splitlines())}
        assert got == dict(anchors), domain
