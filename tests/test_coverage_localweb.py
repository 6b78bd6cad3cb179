"""A real crawl of the local web records robots.txt as it obeyed it, and `coverage` explains a
Search Console export of one site's backlinks against that crawl.

The export is made from the generator's truth (every true referring domain and linking page
of the target, plus pages of each other kind: refused by robots.txt, 404, redirected, not
reached, on a site not crawled), and each expected reason is worked out from the truth (the
pages' statuses, the links they carry, robots.txt) and from the URLs the crawl fetched, read
from its Parquet with DuckDB (at a depth limit, which pages a crawl reaches first depends on
its order; that it reaches no page a polite crawler may not is checked here too). Nothing
comes from the code under test."""

from __future__ import annotations

import duckdb
import pytest

from analysis import Index
from analysis.coverage import coverage
from analysis.sources.gsc import read_export
from crawler.localweb.catalogue import site_specs
from crawler.localweb.generator import LocalWeb
from crawler.localweb.robots import robots_reply
from tests.support.crawl import crawl
from tests.support.localweb import running_localweb
from tests.support.truth import Truth, domain_of, host_of

pytestmark = pytest.mark.slow

HOSTS = 20
MAX_DEPTH = 2  # shallow: some linking pages are not reached
TARGET = "green-valley.com"
NOT_CRAWLED = ("slow-and-steady", "bright-tech", "le-petit-journal")
SEEDS = [s for s in LocalWeb(hosts=HOSTS).seeds[:HOSTS] if not any(n in s for n in NOT_CRAWLED)]


class Expected:
    """The reasons coverage must give, from the truth and the URLs the crawl fetched."""

    def __init__(self, truth: Truth, fetched: set[str]) -> None:
        self.truth = truth
        self.reachable = fetched
        self.crawled = {domain_of(host_of(s)) for s in SEEDS}
        self.contacted = {host_of(s) for s in SEEDS} | {host_of(u) for u in self.reachable}
        self.linking = {link["src_url"] for link in truth.links
                        if domain_of(host_of(link["dst_url"])) == TARGET
                        and domain_of(host_of(link["src_url"])) != TARGET}

    def link_reason(self, url: str) -> str:
        page = self.truth.pages[url]
        if url in self.reachable:
            if url in self.linking:
                return "found"
            return "no_link" if page["status"] == 200 else "gone"
        if domain_of(host_of(url)) not in self.crawled:
            return "never_fetched"
        if host_of(url) in self.contacted and not page["robots_allowed"]:
            return "robots"
        return "never_fetched"

    def site_reason(self, domain: str) -> str:
        fetched = [u for u in self.reachable if domain_of(host_of(u)) == domain]
        if any(u in self.linking for u in fetched):
            return "found"
        if domain not in self.crawled:
            return "never_fetched"
        if any(self.truth.pages[u]["status"] == 200 for u in fetched):
            return "no_link"
        return "gone" if fetched else "robots"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("coverage")
    with running_localweb(tmp, hosts=HOSTS) as web:
        crawl(SEEDS, tmp / "data", web.proxy_url, "--crawl-id", "c1", "--max-depth", str(MAX_DEPTH))
        truth = Truth.read(web.truth_path)
    fetched = {row[0] for row in duckdb.connect().execute(
        f"SELECT url FROM read_parquet('{tmp}/data/pages/**/*.parquet')").fetchall()}
    polite = set().union(*(truth.reachable([seed], MAX_DEPTH) for seed in SEEDS))
    assert fetched <= polite and len(fetched) > 0.9 * len(polite)
    return tmp, Expected(truth, fetched)


def test_the_crawl_records_each_origin_robots_txt_as_obeyed(crawled):
    tmp, expected = crawled
    rows = duckdb.connect().execute(
        f"SELECT origin, status, body, error, user_agent, crawl_id FROM read_parquet('{tmp}/data/robots/**/*.parquet')"
    ).fetchall()
    kinds = {spec.host: spec.robots for spec in site_specs(HOSTS)}
    assert sorted(r[0] for r in rows) == sorted(f"http://{h}" for h in expected.contacted)  # once each
    for origin, status, body, error, user_agent, crawl_id in rows:
        kind = kinds[origin.removeprefix("http://")]
        reply = robots_reply(kind)
        assert status == reply.status, origin
        # the rules obeyed: the file, RFC 9309's disallow-all for a 5xx, nothing for a 4xx
        assert body == {503: b"User-agent: *\nDisallow: /\n", 404: b""}.get(reply.status, reply.body), origin
        assert (error, user_agent, crawl_id) == (None, "backlinks", "c1")


def test_coverage_of_a_search_console_export_made_from_the_truth(crawled):
    tmp, expected = crawled
    truth = expected.truth
    pages = sorted(truth.pages)
    extra = [
        next(u for u in pages if "/private/" in u and host_of(u) in expected.contacted),  # robots
        next(u for u in pages if "closed-garden" in u),  # robots: Disallow: /
        next(u for u in pages if "flaky-robots" in u),  # robots: 503
        next(u for u in pages if u in expected.reachable and truth.pages[u]["status"] == 404),
        next(u for u in pages if u in expected.reachable and truth.pages[u]["status"] in (301, 302)),
        next(u for u in pages if u in expected.reachable and u not in expected.linking
             and truth.pages[u]["status"] == 200 and domain_of(host_of(u)) != TARGET),
    ]
    sample = sorted(u for u in expected.linking | set(extra) if not u.endswith("/robots.txt"))
    sites = sorted({domain_of(host_of(u)) for u in expected.linking} | {"closed-garden.org", "flaky-robots.net"})
    export = tmp / "gsc"
    export.mkdir()
    # Search Console shows https URLs; the crawl fetched http: the same pages
    (export / "More sample links.csv").write_text(
        "Linking page\n" + "".join(u.replace("http://", "https://", 1) + "\n" for u in sample))
    (export / "Top linking sites.csv").write_text(
        "Site,Linking pages,Target pages\n" + "".join(f"{d},1,1\n" for d in sites))
    with Index(tmp / "data") as ix:
        result = coverage(ix, TARGET, read_export(export))
    got = {row["url"].replace("https://", "http://", 1): row["reason"] for row in result.links.to_pylist()}
    assert got == {u: expected.link_reason(u) for u in sample}
    assert {r["domain"]: r["reason"] for r in result.sites.to_pylist()} == {d: expected.site_reason(d) for d in sites}
    assert set(got.values()) == {"found", "never_fetched", "robots", "no_link", "gone"}
    found = sum(1 for d in sites if expected.site_reason(d) == "found")
    ours = len({domain_of(host_of(u)) for u in expected.linking & expected.reachable})
    assert (result.estimate.ours, result.estimate.gsc, result.estimate.both) == (ours, len(sites), found)
