"""Link opportunities over two real crawls of the market web (crawler/localweb/market.py):
each kind against the planted truth (precision and recall), the crawl learning the status of
the dead pages only other sites link to (within the budget), the command. The crawl is the
session's (tests/support/market.py).

Expected rows come from the market web's truth, never from the code under test.
"""

from __future__ import annotations

import json
import shutil

import pytest

from analysis import Index
from analysis.opportunities import KINDS, opportunities
from analysis.opportunities.brand import Brand
from crawler.localweb.market import BRAND, BRAND_DEAD, COMPETITORS, DEAD, GUIDES, domain_of
from tests.support.crawl import backlinks, crawl_epochs
from tests.support.market import MARKET

pytestmark = pytest.mark.slow

MIN_PRECISION = MIN_RECALL = 0.9
#: a competitor's own pages: home, its guides, about, contact
OWN_PAGES = 1 + len(GUIDES) + 2


@pytest.fixture(scope="module")
def found(market):
    data, truth = market
    with Index(data) as index:
        return opportunities(index, truth["brand"]["domain"], truth["competitors"])


def test_on_topic_pages_with_dead_outbound_links(market):
    data, truth = market
    with Index(data) as index:
        rows = opportunities(index, truth["brand"]["domain"], truth["competitors"], kinds=["dead_outlink"])
    assert keys(rows, "dead_outlink") == keys(truth["opportunities"], "dead_outlink") != set()
    assert all(r["evidence"].endswith("/posts/old-route.html") and r["record"].startswith("warc/") for r in rows)


def keys(rows, kind):
    return {(r["domain"], r["url"]) for r in rows if r["kind"] == kind}


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "local"])  # local: its own test
def test_each_kind_against_the_planted_opportunities(market, found, kind):
    planted = keys(market[1]["opportunities"], kind)
    got = keys(found, kind)
    assert planted  # the market web plants every kind
    tp = len(planted & got)
    precision, recall = tp / len(got) if got else 0.0, tp / len(planted)
    print(f"\n{kind}: {len(got)} found, {len(planted)} planted: precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, (sorted(got - planted), sorted(planted - got))


@pytest.mark.parametrize("region", ["de", "uk"])
def test_local_prospects_of_a_region(market, found, region):
    data, truth = market
    assert not [r for r in found if r["kind"] == "local"]  # a .com without a phone has no region
    with Index(data) as index:
        rows = opportunities(index, truth["brand"]["domain"], truth["competitors"], kinds=["local"], region=region)
    assert {r["domain"] for r in rows} == set(truth["local"][region])
    assert all(r["url"] is None and (".uk" in r["evidence"] or ".de" in r["evidence"] or "phone +" in r["evidence"])
               for r in rows)


def test_rows_name_their_evidence_and_are_best_first(found):
    for kind in KINDS:
        values = [r["value"] for r in found if r["kind"] == kind]
        assert values == sorted(values, reverse=True)
    mention = next(r for r in found if r["kind"] == "mention")
    assert mention["record"].startswith("warc/crawl=") and "@" in mention["record"]
    assert Brand.of("harbour-kayaks.com").find(mention["evidence"])  # the text around the name
    broken = [r for r in found if r["kind"] == "broken"]
    assert all(r["evidence"].startswith("http://") and r["domain"] in r["evidence"] for r in broken)
    assert any(r["value"] > 0 for r in found)  # the built graph ranks the blogs


def test_dead_pages_only_other_sites_link_to_are_fetched(market):
    data, _ = market
    dead = {f"http://{host}{path}": status for (host, _), (path, status) in zip(COMPETITORS, DEAD, strict=True)}
    dead[f"http://www.harbour-kayaks.com{BRAND_DEAD}"] = 404
    with Index(data) as index:
        got = dict(index.sql("SELECT url, status FROM live_pages WHERE list_contains($urls, url)",
                             {"urls": list(dead)}).fetchall())
    assert got == dead
    manifest = json.loads((data / "crawls" / "epoch1.json").read_text())
    assert manifest["stats"]["linkcheck/scheduled"] >= len(dead)


def test_checks_count_in_the_page_budget(tmp_path):
    data, _ = crawl_epochs(tmp_path, [], max_depth=5, budget=OWN_PAGES, web=MARKET, web_args={"seed": 0})
    with Index(data) as index:
        per_site = dict(index.sql("SELECT domain, count(DISTINCT url) FROM pages WHERE crawl_id = 'epoch1' "
                                  "GROUP BY domain").fetchall())
        shops = [domain_of(h) for h, _ in (BRAND, *COMPETITORS)]
        dead = index.sql("SELECT count(*) FROM pages WHERE status >= 400 AND list_contains($shops, domain)",
                         {"shops": shops}).fetchall()[0][0]
    assert max(per_site.values()) <= OWN_PAGES
    assert dead == 0  # the shops' own pages fill their budget: no dead guide is checked


def test_command_rows_and_errors(market):
    data, truth = market
    proc = backlinks("opportunities", truth["brand"]["domain"], "--competitors", ",".join(truth["competitors"]),
                     "--data", str(data), "--format", "jsonl", "--limit", "0", check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {r["kind"] for r in rows} == set(KINDS) - {"local"}
    assert keys(rows, "mention") == keys(truth["opportunities"], "mention")
    only = backlinks("opportunities", truth["brand"]["domain"], "--kind", "reclaim", "--data", str(data),
                     "--format", "jsonl", check=True)
    assert {json.loads(line)["kind"] for line in only.stdout.splitlines()} == {"reclaim"}
    for args, message in ((["--competitors", "no-such-rival.com"], "unknown domain"),
                          (["--competitors", truth["competitors"][0], "--kind", "links"], "kind must be one of"),
                          (["--min", "3", "-c", truth["competitors"][0]], "min must be one of"),
                          (["--region", "atlantis"], "region must be one of")):
        proc = backlinks("opportunities", truth["brand"]["domain"], "--data", str(data), *args)
        assert proc.returncode == 1 and proc.stderr.startswith("error: ") and message in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_the_report_lists_the_opportunities(market, tmp_path):
    data, truth = market
    out = tmp_path / "report.html"
    backlinks("report", truth["brand"]["domain"], "-o", str(out), "--data", str(data), "--opportunities",
              "--competitors", ",".join(truth["competitors"]), check=True)
    html = out.read_text()
    section = html[html.index('<section id="opportunities">'):]
    for planted in (o for o in truth["opportunities"] if o["kind"] in KINDS):
        assert f"<td>{planted['domain']}</td>" in section
        assert planted["url"] is None or planted["url"] in section
    without = tmp_path / "plain.html"
    backlinks("report", truth["brand"]["domain"], "-o", str(without), "--data", str(data), check=True)
    assert "--opportunities</code> adds them" in without.read_text()


def test_opportunities_into_the_outreach_log(market, tmp_path):
    from analysis.outreach.log import OutreachLog

    data, truth = market
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    backlinks("outreach", "add-opportunities", truth["brand"]["domain"], "-c", ",".join(truth["competitors"]),
              "--data", str(copy), check=True)
    entries = OutreachLog(copy).entries()
    planted = truth["opportunities"]
    assert {e.domain for e in entries} == {o["domain"] for o in planted}
    mentions = {o["url"] for o in planted if o["kind"] == "mention"}
    assert {e.page for e in entries if e.reason.startswith("mention")} == mentions
    assert all(e.evidence.startswith("warc/") for e in entries if e.reason.startswith("mention"))
    assert {e.kind for e in entries if e.reason.startswith("reclaim")} == {"reclaim"}
    assert all(e.contacts and "@" in e.contacts[0] for e in entries)  # every blog has an address
