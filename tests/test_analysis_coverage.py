"""coverage: Search Console's sample of a site's backlinks against the index, each miss with
its reason, and Chapman's estimate of all the referring domains.

The dataset below is written fetch by fetch (tests/support/datasets.py) with the robots.txt
rules a crawl would have recorded, and each reason is read off it by hand; the estimator is
checked against numbers worked out by hand and against samples drawn at random from a known
population."""

from __future__ import annotations

import json
import math
import random
from datetime import date

import pytest

from analysis import Index
from analysis.coverage import chapman, coverage
from analysis.sources.errors import BadGscExport
from analysis.sources.gsc import read_export
from pipelines.dataset import schema
from pipelines.dataset.layout import table_dir
from pipelines.dataset.parts import PartWriter
from tests.support.crawl import backlinks
from tests.support.datasets import Dataset, at, link

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


def test_chapman_by_hand():
    # n1 = 96, n2 = 50, m = 34: N = 97 * 51 / 35 - 1
    e = chapman(96, 50, 34)
    assert e.total == pytest.approx(4947 / 35 - 1)
    variance = 97 * 51 * 62 * 16 / (35 ** 2 * 36)
    unseen = 4947 / 35 - 1 - 112
    c = math.exp(1.959964 * math.sqrt(math.log(1 + variance / unseen ** 2)))
    assert (e.low, e.high) == (pytest.approx(112 + unseen / c), pytest.approx(112 + unseen * c))
    assert 112 < e.low < e.total < e.high
    same = chapman(5, 5, 5)  # both samples caught the same five: nothing unseen
    assert (same.total, same.low, same.high) == (5, 5, 5)
    assert chapman(0, 7, 0).total is None and chapman(3, 0, 0).total is None


def test_chapman_on_independent_samples_of_a_known_population():
    """Two independent uniform samples of a population of 2,000: the estimate is right on
    average, and the 95% interval holds the true size about 95% of the time."""
    rng = random.Random(7)
    population = range(2000)
    estimates, covered = [], 0
    for _ in range(400):
        ours, theirs = set(rng.sample(population, 300)), set(rng.sample(population, 200))
        e = chapman(len(ours), len(theirs), len(ours & theirs))
        estimates.append(e.total)
        covered += e.low <= 2000 <= e.high
    assert sum(estimates) / len(estimates) == pytest.approx(2000, rel=0.03)
    assert covered / 400 >= 0.9


def shop_web(root):
    """One crawl of pages around shop.com, and the robots.txt rules it recorded.

      https://a.org/1   200, links to shop.com/          https://a.org/2   404
      https://b.net/1   301 to https://b.net/new          https://c.io/1    fetch failed
      https://d.de/1    200, links to x.com only          https://e.fr/1    200, links to shop.com/p
      https://shop.com/ 200 (the site itself)
    robots.txt: https://a.org 404 (allow all), https://r.net disallows /private/,
    https://s.org answered 503 (disallow all).
    """
    ds = Dataset(root)
    ds.manifest("c1", at(0))
    ds.fetch("c1", "https://a.org/1", at(0, 1), links=[link("https://shop.com/", anchor="shop")])
    ds.fetch("c1", "https://a.org/2", at(0, 2), status=404)
    ds.fetch("c1", "https://b.net/1", at(0, 3), status=301, redirect_to="https://b.net/new",
             links=[link("https://b.net/new", kind="redirect")])
    ds.fetch("c1", "https://c.io/1", at(0, 4), status=0, error="TimeoutError: took too long")
    ds.fetch("c1", "https://d.de/1", at(0, 5), links=[link("https://x.com/", anchor="x")])
    ds.fetch("c1", "https://e.fr/1", at(0, 6), links=[link("https://shop.com/p", anchor="p")])
    ds.fetch("c1", "https://shop.com/", at(0, 7), links=[link("https://a.org/1", anchor="a")])
    ds.write()
    writer = PartWriter(table_dir(root, "robots", "c1"), schema.ROBOTS, "w1-0001")
    for origin, status, body in (("https://a.org", 404, b""),
                                 ("https://r.net", 200, b"User-agent: *\nDisallow: /private/\n"),
                                 ("https://s.org", 503, DISALLOW_ALL)):
        writer.add({"crawl_id": "c1", "fetched_at": at(0), "origin": origin, "status": status,
                    "body": body, "error": None, "user_agent": "backlinks"})
    writer.close()


def shop_export(directory):
    """Search Console's view of shop.com: seven linking sites and eleven sample links."""
    directory.mkdir()
    (directory / "Top linking sites.csv").write_text(
        "Site,Linking pages,Target pages\na.org,2,1\nb.net,1,1\nc.io,1,1\nd.de,3,1\ns.org,1,1\n"
        'r.net,4,1\nz.org,"1,200",1\n')
    (directory / "Latest links.csv").write_text("Linking page,Last crawled\n" + "".join(
        f"{url},2026-05-0{i % 9 + 1}\n" for i, url in enumerate(LINK_REASONS)) + "https://shop.com/x,2026-05-01\n")
    (directory / "Top linked pages - externally.csv").write_text(
        "Target page,Incoming links,Linking sites\nhttps://shop.com/,9,7\n")
    return directory


#: each sample link of shop_export, and why the index has it or not (shop_web's docstring)
LINK_REASONS = {
    "https://a.org/1": "found",
    "http://e.fr/1": "found",  # fetched over https: the same page
    "https://a.org/2": "gone",  # 404
    "https://b.net/1": "gone",  # redirected
    "https://d.de/1": "no_link",
    "https://c.io/1": "never_fetched",  # its fetch failed
    "https://a.org/9": "never_fetched",  # a.org crawled, the page not reached
    "https://z.org/1": "never_fetched",  # z.org not crawled
    "https://r.net/private/x": "robots",
    "https://s.org/p": "robots",  # robots.txt answered 503
}
SITE_REASONS = {"a.org": "found", "e.fr": "found", "b.net": "gone", "c.io": "never_fetched",
                "d.de": "no_link", "s.org": "robots", "r.net": "never_fetched", "z.org": "never_fetched"}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    root = tmp_path_factory.mktemp("coverage")
    shop_web(root / "data")
    return root / "data", shop_export(root / "gsc")


def test_every_miss_has_its_reason(shop):
    data, export = shop
    with Index(data) as ix:
        result = coverage(ix, "www.shop.com", read_export(export))
    assert result.target == "shop.com"
    links = {row["url"]: row for row in result.links.to_pylist()}
    assert {url: row["reason"] for url, row in links.items()} == LINK_REASONS
    assert "https://shop.com/x" not in links  # the site's own page: Search Console lists external links
    assert "redirected to https://b.net/new" in links["https://b.net/1"]["detail"]
    assert "answered 404" in links["https://a.org/2"]["detail"]
    assert "TimeoutError" in links["https://c.io/1"]["detail"]
    assert links["https://a.org/9"]["detail"] == "page not reached (2 pages of a.org fetched)"
    assert "answered 503: all disallowed" in links["https://s.org/p"]["detail"]
    assert links["https://a.org/2"]["last_crawled"] == date(2026, 5, 3)
    sites = {row["domain"]: row for row in result.sites.to_pylist()}
    assert {d: row["reason"] for d, row in sites.items()} == SITE_REASONS
    assert sites["z.org"]["gsc_linking_pages"] == 1200 and sites["e.fr"]["gsc_linking_pages"] is None
    assert result.counts["links"] == {"found": 2, "never_fetched": 3, "robots": 2, "no_link": 1, "gone": 2}
    assert result.share("sites") == pytest.approx(2 / 8)
    # ours: a.org and e.fr; Search Console's: the eight domains above; both: a.org and e.fr
    e = result.estimate
    assert (e.ours, e.gsc, e.both) == (2, 8, 2) and e.total == pytest.approx(3 * 9 / 3 - 1)
    assert result.robots_recorded


def test_without_robots_records_a_refused_page_is_never_fetched(shop, tmp_path):
    data, export = shop
    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.org/1", at(0, 1), links=[link("https://shop.com/", anchor="shop")])
    ds.write()
    with Index(tmp_path) as ix:
        result = coverage(ix, "shop.com", read_export(export))
    reasons = {row["url"]: row["reason"] for row in result.links.to_pylist()}
    assert reasons["https://r.net/private/x"] == "never_fetched" and not result.robots_recorded


def test_an_export_of_another_site_is_refused(shop):
    data, export = shop
    with Index(data) as ix, pytest.raises(BadGscExport, match="is for shop.com, not a.org"):
        coverage(ix, "a.org", read_export(export))


def test_coverage_command(shop, tmp_path):
    data, export = shop
    proc = backlinks("coverage", "shop.com", "--gsc", str(export), "--data", str(data))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "linking sites: 2 of 8 in the index (25%)" in out
    assert "sample links: 2 of 10 in the index (20%)" in out
    assert "2 refused by robots.txt" in out and "N = (2 + 1)(8 + 1) / (2 + 1) - 1" in out
    assert "independent" in out and "1,000 rows" in out  # the assumptions, said
    assert "r.net/private/x" in out  # a table shows URLs without their scheme
    out = backlinks("coverage", "shop.com", "--gsc", str(export), "--data", str(data), "--show", "links",
                    "--format", "jsonl").stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["url"]: r["reason"] for r in rows} == LINK_REASONS
    summary = json.loads(backlinks("coverage", "shop.com", "--gsc", str(export), "--data", str(data),
                                   "--show", "summary", "--format", "jsonl").stdout)
    assert (summary["links_robots"], summary["in_both"]) == (2, 2)
    # imported once, then without --gsc
    backlinks("import-gsc", str(export), "--data", str(data), check=True)
    assert "2 of 8" in backlinks("coverage", "shop.com", "--data", str(data), check=True).stdout
    for args, message in ((["--show", "all", "--format", "csv"], "--format csv writes one table"),
                          (["--show", "nothing"], "--show must be one of")):
        bad = backlinks("coverage", "shop.com", "--gsc", str(export), "--data", str(data), *args)
        assert bad.returncode == 1 and bad.stderr.startswith("error: ") and message in bad.stderr
        assert bad.stderr.count("\n") == 1
    none = backlinks("coverage", "a.org", "--data", str(data))
    assert none.returncode == 1 and "no Search Console import for a.org" in none.stderr
