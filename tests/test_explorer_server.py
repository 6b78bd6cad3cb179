"""`backlinks serve` over HTTP, without a browser: the real command on a free port of
127.0.0.1 over `history_web` (tests/support/datasets.py), whose docstring is the ground truth
of every expected row below; once without a graph (the Parquet read at start), and once built.
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.support.crawl import backlinks
from tests.support.datasets import history_web
from tests.support.explorer import running_explorer

SHOP = "https://shop.com"
#: history_web's lost links from c1 to c2, with their reasons (its docstring's table).
LOST = {("https://a.org/1", f"{SHOP}/y"): "link_removed", ("https://a.org/2", f"{SHOP}/x"): "page_gone",
        ("https://b.net/1", f"{SHOP}/"): "page_redirected", ("https://c.io/1", f"{SHOP}/z"): "fetch_error",
        ("https://d.de/1", f"{SHOP}/"): "noindex", ("https://e.fr/1", f"{SHOP}/"): "not_canonical"}
NEW = {("https://g.com/2", f"{SHOP}/new"), ("https://h.com/1", f"{SHOP}/")}


@pytest.fixture(scope="module", params=["parquet", "graph"])
def shop(request, tmp_path_factory):
    data = tmp_path_factory.mktemp(f"shop-{request.param}")
    history_web(data)
    if request.param == "graph":
        backlinks("build", "--data", str(data), "--quiet", check=True)
    with running_explorer(data) as url:
        yield url, data


def get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode()


def as_json(url: str) -> list[dict]:
    status, body = get(url)
    assert status == 200, body
    return json.loads(body)


def test_links_lost_since_a_crawl_are_historys_lost_links_with_their_reasons(shop):
    url, _ = shop
    rows = as_json(f"{url}links?{urlencode({'d': 'shop.com', 'change': 'lost', 'since_crawl': 'c1'})}&format=json")
    assert {(r["src_url"], r["dst_url"]): r["reason"] for r in rows} == LOST


def test_links_new_since_a_crawl_are_those_first_seen_in_it(shop):
    url, _ = shop
    rows = as_json(f"{url}links?{urlencode({'d': 'shop.com', 'change': 'new', 'since_crawl': 'c2'})}&format=json")
    assert {(r["src_url"], r["dst_url"]) for r in rows} == NEW


def test_broken_backlinks_and_completion(shop):
    url, data = shop
    rows = as_json(f"{url}broken?d=shop.com&format=json")
    assert [(r["src_url"], r["dst_url"]) for r in rows] == [("https://f.com/1", f"{SHOP}/w")]
    assert rows == json.loads(backlinks("broken", "shop.com", "--data", str(data), "-f", "json", check=True).stdout)
    assert as_json(f"{url}api/complete?q=sh") == ["shop.com"]


def test_hostile_query_values_are_values(shop):
    url, _ = shop
    hostile = urlencode({"d": "shop.com", "q": "x'); DROP TABLE links; --", "sort": "nope"})
    status, body = get(f"{url}links?{hostile}")
    assert status == 200 and "0 rows" in body
    status, body = get(f"{url}refdomains?{urlencode({'d': 'shop.com', 'sort': 'domain', 'desc': '1'})}&format=json")
    assert [r["domain"] for r in json.loads(body)] == sorted({"a.org", "d.de", "e.fr", "f.com", "g.com", "h.com"},
                                                            reverse=True)


def test_a_bad_question_is_one_error_line_on_the_page(shop):
    url, _ = shop
    status, body = get(f"{url}overview?d=nowhere.example")
    assert status == 404 and "error: unknown domain" in body
    status, body = get(f"{url}links?{urlencode({'d': 'shop.com', 'kind': 'nonsense'})}")
    assert status == 400 and re.search(r"error: [^<]*nonsense", body)


def test_a_mark_posted_with_the_pages_csrf_token_is_saved(shop):
    url, data = shop
    status, page = get(f"{url}audit?d=shop.com")
    if "error: " in page:  # no graph: the audit needs `backlinks build`
        assert status == 400 and "backlinks build" in page
        return
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)[1]
    form = urlencode({"csrf": csrf, "d": "shop.com", "scope": "domain", "value": "a.org", "action": "remove"})
    request = urllib.request.Request(f"{url}audit/mark", data=form.encode(), method="POST")
    with urllib.request.urlopen(request) as answer:  # 303 to the audit page, followed
        assert answer.status == 200 and answer.url.endswith("/audit?d=shop.com")
    marks = json.loads((data / "audit-marks.json").read_text())["marks"]
    assert [(m["target"], m["scope"], m["value"], m["action"]) for m in marks] == \
        [("shop.com", "domain", "a.org", "remove")]
    from analysis.outreach.log import OutreachLog  # the removal request opened its outreach entry

    assert [(e.kind, e.site, e.domain, e.page, e.status) for e in OutreachLog(data).entries()] == \
        [("remove", "shop.com", "a.org", None, "requested")]
    bad = urlencode({"csrf": csrf, "d": "shop.com", "scope": "domain", "value": "a.org", "action": "burn"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(f"{url}audit/mark", data=bad.encode(), method="POST"))
    with refused.value:
        assert refused.value.code == 400 and "unknown action 'burn'" in html.unescape(refused.value.read().decode())


def test_the_token_in_the_url_becomes_a_cookie_and_leaves_the_url(tmp_path):
    history_web(tmp_path / "data")
    token = "s3cret-" * 4
    with running_explorer(tmp_path / "data", "--token", token) as url:
        assert get(f"{url}crawls")[0] == 403
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{url}crawls?token={token}") as answer:
            assert answer.status == 200 and "token" not in answer.url
        assert get(f"{url}crawls", opener)[0] == 200
        assert get(f"{url}crawls?token=wrong-{token}")[0] == 403


@pytest.mark.parametrize(("args", "message"), [
    (["--data", "/nonexistent/data"], "no crawl data"),
    (["--token", "short"], "--token is too short"),
])
def test_serve_refuses_bad_options_in_one_line(tmp_path, args, message):
    history_web(tmp_path / "data")
    proc = backlinks("serve", "--data", str(tmp_path / "data"), "--port", "0", *args, timeout=60)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0].lower()


def test_weeks_show_as_dates_on_the_overview(shop):
    url, _ = shop
    status, body = get(f"{url}overview?d=shop.com")
    assert status == 200, body
    weekly = body.split("New and lost, per week", 1)[1].split("</table>", 1)[0]
    weeks = re.findall(r"<td>([^<]*)</td>", weekly)
    assert weeks and re.fullmatch(r"\d{4}-\d{2}-\d{2}", weeks[0]), weekly[:500]
    assert "00:00:00" not in weekly


def test_the_explorers_own_assets_are_cached_between_pages_and_carry_the_guards_headers(shop):
    url, _ = shop
    with urllib.request.urlopen(f"{url}static/explorer.css") as answer:
        assert answer.headers["Cache-Control"] == "max-age=3600"
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
    with urllib.request.urlopen(f"{url}overview?d=shop.com") as answer:
        assert answer.headers["Cache-Control"] is None  # a page is asked again: the index may be rebuilt


def test_the_crawls_page_shows_a_running_distributed_crawls_status_from_redis(tmp_path):
    from tests.support.redis import running_redis

    data = tmp_path / "data"
    history_web(data)
    (data / "crawls" / "live.json").write_text(json.dumps(  # started, not finished: still running
        {"crawl_id": "live", "started_at": "2026-12-01T00:00:00+00:00", "finished_at": None,
         "seeds": [], "settings": {}, "stats": {}}))
    with running_redis(tmp_path) as server:
        backlinks("seed", "https://one.example/", "https://two.example/", "--redis", server.url,
                  "--crawl-id", "live", check=True)
        with running_explorer(data, "--redis", server.url) as url:
            status, body = get(f"{url}crawls")
    assert status == 200, body
    running = body.split("Running: live", 1)[1].split("</section>", 1)[0]
    assert "seeds waiting 2, frontier 0, in flight 0, pages 0, errors 0, workers alive 0" in running
    assert "Running: c1" not in body and "Running: c2" not in body  # finished crawls have no live status


def test_the_overview_comes_at_once_and_its_audit_part_when_computed(shop):
    _, data = shop
    with running_explorer(data) as url:  # a server of its own: no audit computed yet
        overview_and_audit_part(url, data)


def overview_and_audit_part(url: str, data) -> None:
    fresh = urlencode({"d": "shop.com"})
    status, body = get(f"{url}overview?{fresh}")
    assert status == 200, body
    if not (data / "graph.duckdb").exists():  # no graph, no audit: no audit part at all
        assert 'id="audit-part"' not in body
        return
    # the first overview of a domain: a placeholder the page's script fills from /overview/audit
    assert f'data-src="/overview/audit?{fresh}"' in body and "Audit: " not in body
    status, part = get(f"{url}overview/audit?{fresh}")
    assert status == 200, part
    audit = json.loads(backlinks("audit", "shop.com", "--data", str(data), "--format", "json", check=True).stdout)
    shown = dict(re.findall(r'class="verdict (\w+)"[^>]*>(\d+) ', part))
    assert {v: int(n) for v, n in shown.items()} == {v: n for v, n in audit["summary"]["verdicts"].items()}
    status, body = get(f"{url}overview?{fresh}")  # computed once per server: now in the page itself
    assert "data-src=" not in body and 'class="verdicts"' in body
