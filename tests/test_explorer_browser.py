"""`backlinks serve` in a real browser (Debian's chromium, driven by Playwright) over a real
crawl of the local web (two epochs, built): every page renders with no console error and no
request leaving 127.0.0.1; its tables are the rows of the command of the same name with
`--format json`; filter, sort, paging and CSV export give the rows the library gives for the
same question, filtered and sorted here in Python; the planted hostile anchors show as text
and run nothing; a disavow mark survives a restart; the token and the CSRF token refuse.

One crawl, one browser and one explorer for the module (fixtures below).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from analysis.index import Index
from crawler.localweb.catalogue import HOSTILE_ANCHOR_TARGET, HOSTILE_ANCHORS, MIN_HOSTS
from crawler.localweb.generator import LocalWeb
from tests.support.crawl import backlinks, crawl_epochs
from tests.support.explorer import running_explorer

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
CHROMIUM = Path(shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")]

SEEDS = [s for s in LocalWeb(hosts=MIN_HOSTS).seeds if "slow-and-steady" not in s]
TARGET = "le-petit-journal.fr"  # the site the local web's spam and hostile anchors aim at
ROWS = 10  # rows per page: small, so the tables have several pages
#: The columns compared with the command's JSON, per table (text and URLs: numbers are
#: formatted for people on the page).
KEYS = {"links": ["src_url", "anchor_text", "dst_url"], "refdomains": ["domain"], "anchors": ["anchor"],
        "pages": ["url"], "outlinks": ["domain"], "broken": ["src_url", "dst_url"],
        "history": ["change", "src_url", "dst_url"]}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    data, _ = crawl_epochs(tmp_path_factory.mktemp("explorer"), SEEDS, hosts=MIN_HOSTS, max_depth=4, budget=30)
    backlinks("build", "--data", str(data), "--quiet", check=True)
    return data


@pytest.fixture(scope="module")
def server(data):
    with running_explorer(data, "--rows", str(ROWS)) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


class Watched:
    """A browser page that records console errors, page errors and every request that is
    not for 127.0.0.1 (aborted, so nothing leaves)."""

    def __init__(self, browser, accept_downloads: bool = False) -> None:
        self.context = browser.new_context(accept_downloads=accept_downloads)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def goto(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)

    def check(self) -> None:
        assert self.errors == [] and self.outside == [], (self.errors, self.outside)

    def table(self) -> list[dict[str, str]]:
        """The rows of the page's data table: each cell's full value (a link's or a cut text's
        title, else its text), by column name."""
        return self.page.evaluate("""() => {
            const table = document.querySelector('table.data');
            const names = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
            return [...table.querySelectorAll('tbody tr')].filter(tr => !tr.querySelector('td.empty')).map(tr =>
                Object.fromEntries([...tr.children].map((td, i) => {
                    const titled = td.querySelector('[title]');
                    return [names[i], titled ? titled.getAttribute('title') : td.textContent.trim()];
                })));
        }""")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    page = Watched(browser)
    yield page
    page.close()


def cli_rows(data: Path, *args: str) -> list[dict]:
    proc = backlinks(*args, "--data", str(data), "--format", "json", check=True)
    return json.loads(proc.stdout)


def test_every_page_renders_without_console_error_or_outside_request(server, watched, data):
    other = cli_rows(data, "top", "--limit", "1")[0]["domain"]
    d = urlencode({"d": TARGET})
    paths = ["/", f"/overview?{d}", f"/links?{d}", f"/refdomains?{d}", f"/anchors?{d}", f"/pages?{d}",
             f"/outlinks?{d}", f"/broken?{d}", f"/history?{d}", f"/history?{d}&by=weekly", f"/audit?{d}",
             "/intersect", f"/intersect?{urlencode({'targets': f'{TARGET} {other}', 'min': 1})}", "/top", "/crawls"]
    for path in paths:
        watched.goto(server + path)
        assert watched.page.locator("h1, .lead").first.is_visible(), path
    assert watched.page.locator("table.data tbody tr").count() == 2  # the two crawls
    watched.check()


def test_the_overviews_audit_part_is_filled_in_by_the_page(server, watched, data):
    audit = cli_rows(data, "audit", TARGET)
    watched.goto(f"{server}/overview?{urlencode({'d': TARGET})}")
    verdicts = watched.page.locator("#audit-part p.verdicts")
    verdicts.wait_for(timeout=60_000)
    shown = {a.get_attribute("class").split()[1]: int(a.text_content().split()[0])
             for a in verdicts.locator("a.verdict").all()}
    assert shown == audit["summary"]["verdicts"]
    assert watched.page.locator("#audit-part svg").count() == 4  # the audit's charts came with it
    watched.check()


@pytest.mark.parametrize("name", list(KEYS))
def test_each_table_is_the_commands_json(server, watched, data, name):
    watched.goto(f"{server}/{name}?{urlencode({'d': TARGET})}")
    shown = watched.table()
    expected = cli_rows(data, name, TARGET, "--limit", str(ROWS))
    assert len(shown) == len(expected)
    assert shown or name == "broken"  # no link of this crawl points to a page that failed
    for column in KEYS[name]:
        assert [row[column] for row in shown] == [str(row[column] or "") for row in expected], column
    watched.check()


def test_the_json_of_a_table_is_the_commands(server, data):
    with urllib.request.urlopen(f"{server}/refdomains?{urlencode({'d': TARGET, 'format': 'json'})}") as answer:
        served = json.loads(answer.read())
    assert served == cli_rows(data, "refdomains", TARGET, "--limit", "0")


def _expected_links(data: Path, needle: str) -> list[dict]:
    """The library's dofollow backlinks of TARGET whose anchor or URLs contain `needle`,
    filtered here, in the question's order."""
    with Index(data) as index:
        rel = index.links(TARGET, dofollow_only=True)
        rows = [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]
    return [r for r in rows if any(needle in (r[c] or "").lower() for c in ("anchor_text", "src_url", "dst_url"))]


def test_filter_sort_paginate_and_export_give_the_librarys_rows(server, browser, data):
    needle = ".html"
    expected = _expected_links(data, needle)
    assert len(expected) > 2 * ROWS  # several pages
    watched = Watched(browser, accept_downloads=True)
    try:
        watched.goto(f"{server}/links?{urlencode({'d': TARGET})}")
        watched.page.get_by_label("dofollow only").check()  # applies on change (explorer.js)
        watched.page.wait_for_url("**dofollow=1**")
        watched.page.get_by_label("contains").fill(needle)
        with watched.page.expect_navigation():
            watched.page.get_by_role("button", name="Apply").click()
        assert watched.page.locator(".count").inner_text().startswith(f"{len(expected):,} rows")
        with watched.page.expect_navigation():  # sort by anchor, then page 2
            watched.page.locator("th a", has_text="anchor_text").click()
        with watched.page.expect_navigation():
            watched.page.get_by_role("link", name="next ›").click()
        by_anchor = sorted(expected, key=lambda r: r["anchor_text"] or "")  # no anchor is NULL here
        assert [r["anchor_text"] for r in watched.table()] == [r["anchor_text"] for r in by_anchor[ROWS:2 * ROWS]]
        with watched.page.expect_download() as download:
            watched.page.get_by_role("link", name="CSV export").click()
        exported = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert len(exported) == len(expected)
        assert [r["anchor_text"] for r in exported] == [r["anchor_text"] for r in by_anchor]
        assert sorted((r["src_url"], r["dst_url"]) for r in exported) == \
            sorted((r["src_url"], r["dst_url"]) for r in expected)
        watched.check()
    finally:
        watched.close()


@pytest.mark.parametrize("page", ["links", "anchors", "audit"])
def test_hostile_anchors_show_as_text_and_run_nothing(server, watched, page):
    # the audit lists links inside their referring domain's details (bücher-café's)
    search = "xn--bcher" if page == "audit" else "pwned"
    watched.goto(f"{server}/{page}?{urlencode({'d': HOSTILE_ANCHOR_TARGET, 'q': search})}")
    if page == "audit":
        watched.page.locator("details summary").first.click()
    text = watched.page.locator("main").inner_text()
    for anchor in HOSTILE_ANCHORS:
        assert anchor in text
    assert "pwned" not in watched.page.title()
    assert watched.page.locator("main script, main img").count() == 0
    watched.check()


def _post(url: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=urlencode(fields).encode(), headers=headers or {}, method="POST")
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


def test_a_disavow_mark_survives_a_restart(data, browser, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    domain_row = "tr.toxic"
    with running_explorer(copy) as url:
        watched = Watched(browser, accept_downloads=True)
        watched.goto(f"{url}audit?{urlencode({'d': TARGET})}")
        row = watched.page.locator(domain_row).first
        marked = row.locator("td").first.inner_text()
        with watched.page.expect_navigation():
            row.locator("td:last-child button", has_text="disavow").click()
        watched.check()
        watched.close()
    with running_explorer(copy) as url:
        watched = Watched(browser, accept_downloads=True)
        watched.goto(f"{url}audit?{urlencode({'d': TARGET, 'q': marked})}")
        row = watched.page.locator("tr", has=watched.page.get_by_role("link", name=marked, exact=True))
        assert row.locator(".marked").inner_text().startswith("disavow since")
        with watched.page.expect_download() as download:
            watched.page.get_by_role("link", name="download the disavow file").click()
        lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
        assert f"domain:{marked}" in lines
        watched.check()
        watched.close()
    assert f"domain:{marked}" in (copy / "disavow" / f"{TARGET}.txt").read_text(encoding="utf-8").splitlines()


def test_without_the_token_or_the_csrf_token_a_request_is_refused(data, tmp_path):
    token = "t" * 24
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    with running_explorer(copy, "--token", token) as url:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}overview?d={TARGET}")
        refused.value.close()
        assert refused.value.code == 403
        with urllib.request.urlopen(urllib.request.Request(
                f"{url}overview?d={TARGET}", headers={"Authorization": f"Bearer {token}"})) as answer:
            assert answer.status == 200
        mark = {"d": TARGET, "scope": "domain", "value": "example.com", "action": "disavow"}
        assert _post(f"{url}audit/mark", mark) == 403  # no token
        with_token = {"Authorization": f"Bearer {token}"}
        assert _post(f"{url}audit/mark", mark, with_token) == 403  # no CSRF token
        assert _post(f"{url}audit/mark", {**mark, "csrf": "0" * 64}, with_token) == 403  # a wrong one
    assert not (copy / "audit-marks.json").exists()


def test_only_loopback_host_names_are_answered_without_a_token(server):
    request = urllib.request.Request(server + "/", headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    refused.value.close()
    assert refused.value.code == 403
