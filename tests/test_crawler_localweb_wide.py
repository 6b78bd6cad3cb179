"""The wide mode of the local web: its truth against its own pages (read independently: a
regex over hrefs, Protego over the served robots.txt, tldextract's registered domains), the
shape the discovery tests rely on, the breadth-first baseline, and a real crawl through it."""

from __future__ import annotations

import collections
import hashlib
import html
import http.client
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import duckdb
import pytest
from protego import Protego

from crawler.localweb.vocab import PLATFORMS
from crawler.localweb.wide import WideWeb
from crawler.localweb.widetruth import WideTruth
from pipelines.extractor.urls import registered_domain
from tests.support.crawl import crawl
from tests.support.localweb import running_localweb

HREF = re.compile(r"""<(?:a|area)\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))([^>]*)>""",
                  re.IGNORECASE)
REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
NOT_FOLLOWED = {"nofollow", "ugc", "sponsored"}


@pytest.fixture(scope="module")
def default() -> WideTruth:
    """The truth of the default wide web (3,000 sites, seed 0)."""
    return WideTruth.from_rows(WideWeb().wide_truth())


# -- an independent reading of what the web serves ----------------------------------------------
def served_links(web: WideWeb, url: str) -> tuple[list[tuple[str, bool]], bool]:
    """((absolute href, followed by its rel), page says nofollow) of the page at ``url``."""
    reply = web.respond("GET", url, {})
    assert reply.status == 200, url
    text = reply.body.decode("utf-8")
    out = []
    for match in HREF.finditer(text):
        href = html.unescape(next(g for g in match.groups()[:3] if g is not None)).strip()
        rel = REL.search(match.group(0))
        tokens = set((next(g for g in rel.groups() if g is not None) if rel else "").lower().split())
        out.append((urljoin(url, href).split("#")[0], not tokens & NOT_FOLLOWED))
    page_nofollow = re.search(r'<meta name="robots" content="[^"]*nofollow', text) is not None
    return out, page_nofollow


def robots_of(web: WideWeb, host: str) -> Callable[[str], bool]:
    """``can_fetch(url)`` by the robots.txt the host serves (5xx: nothing; 4xx: everything)."""
    reply = web.respond("GET", f"http://{host}/robots.txt", {})
    if reply.status >= 500:
        return lambda url: False
    if reply.status >= 400:
        return lambda url: True
    rules = Protego.parse(reply.body.decode())
    return lambda url: rules.can_fetch(url, "backlinks")


def read_web(web: WideWeb, homes: list[str]) -> dict:
    """Walk every site from its home through the links its pages serve; return its pages'
    depths and the domain graph: (src, dst) -> links, crawlable links' facts."""
    edges: dict[tuple[str, str], dict] = {}
    depths: dict[str, dict[str, int]] = {}
    for home in homes:
        host = urlsplit(home).hostname or ""
        src = registered_domain(host)
        can_fetch = robots_of(web, host)
        depth, queue = {home: 0}, [home]
        while queue:
            url = queue.pop(0)
            links, page_nofollow = served_links(web, url)
            allowed = can_fetch(url)
            for dst_url, followed in links:
                dst_host = urlsplit(dst_url).hostname
                if dst_host == host:
                    if dst_url not in depth:
                        depth[dst_url] = depth[url] + 1
                        queue.append(dst_url)
                    continue
                e = edges.setdefault((src, registered_domain(dst_host)),
                                     {"links": 0, "hops": None, "dofollow": False})
                e["links"] += 1
                if allowed:
                    e["hops"] = depth[url] if e["hops"] is None else min(e["hops"], depth[url])
                    e["dofollow"] |= followed and not page_nofollow
        depths[host] = depth
    return {"edges": edges, "depths": depths}


@pytest.mark.parametrize("sites,seed", [(300, 2), (150, 7)])
def test_truth_equals_what_the_pages_say(sites: int, seed: int) -> None:
    web = WideWeb(sites, seed)
    truth = WideTruth.from_rows(web.wide_truth())
    served = read_web(web, [f"http://{s['host']}/" for s in truth.sites.values()])
    # every page the truth lists is reachable from its home, at the depth it says
    pages = [p for p in web.truth_pages() if p["page_kind"] not in ("robots.txt", "alias")]
    assert len(pages) > sites * 6
    for p in pages:
        assert served["depths"][p["host"]].get(p["url"]) == p["depth"], p["url"]
    assert sum(len(d) for d in served["depths"].values()) == len(pages)
    # the domain graph, edge by edge, and each site's domain is its registered domain
    assert all(registered_domain(s["host"]) == s["domain"] == registered_domain(s["alias"])
               for s in truth.sites.values())
    edges = {(e["src"], e["dst"]): e for rows in truth.edges.values() for e in rows}
    assert edges.keys() == served["edges"].keys()
    for key, e in edges.items():
        got = served["edges"][key]
        assert (e["links"], e["hops"], e["dofollow"]) == (got["links"], got["hops"], got["dofollow"]), key
        assert e["crawlable"] == (got["hops"] is not None), key
    for target in truth.targets:
        assert truth.referring_domains(target) == {
            src for (src, dst), got in served["edges"].items() if dst == target and got["hops"] is not None}


def test_robots_truth_agrees_with_protego() -> None:
    web = WideWeb(200, 3)
    rules: dict[str, Callable[[str], bool]] = {}
    kinds: collections.Counter[bool] = collections.Counter()
    for page in web.truth_pages():
        host = page["host"]
        if host not in rules:
            rules[host] = robots_of(web, host)
        assert page["robots_allowed"] == (page["robots_txt"] or rules[host](page["url"])), page["url"]
        kinds[page["robots_allowed"]] += 1
    assert kinds[False] > 0 and kinds[True] > 10 * kinds[False]


def test_the_wide_web_is_deterministic_across_processes() -> None:
    code = ("import hashlib, json; from crawler.localweb.wide import WideWeb; w = WideWeb(200, 4); "
            "h = hashlib.sha256(); [h.update(json.dumps(r).encode()) for r in w.wide_truth()]; "
            "[h.update(w.respond('GET', p['url'], {}).body) for p in list(w.truth_pages())[::7]]; "
            "print(h.hexdigest())")
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        digests.add(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   check=True, env=env).stdout)
    assert len(digests) == 1
    other = hashlib.sha256(json.dumps(list(WideWeb(200, 5).wide_truth())).encode()).hexdigest()
    assert other + "\n" not in digests


# -- the shape discovery relies on ------------------------------------------------------------
def test_sites_topics_and_kinds(default: WideTruth) -> None:
    sites = list(default.sites.values())
    assert len(sites) == 3000 == default.web["sites"]
    kinds = collections.Counter(s["kind"] for s in sites)
    assert kinds["target"] == 1 and 2 <= kinds["competitor"] <= 3 and 3 <= kinds["directory"] <= 5
    assert 0.10 <= kinds["generalist"] / len(sites) <= 0.15
    topics = collections.Counter(s["topic"] for s in sites if s["kind"] in ("ordinary", "hub"))
    assert len(topics) >= 8 and min(topics.values()) > 100
    assert {s["topic"] for s in sites if s["kind"] in ("target", "competitor")} == {
        default.web["target_topic"]}
    assert all(3 <= s["pages"] <= 12 for s in sites if s["kind"] != "directory")
    suffixes = collections.Counter(s["domain"].split(".", 1)[1] for s in sites)
    assert len(suffixes) >= 15 and suffixes["com"] < 0.6 * len(sites)
    robots = collections.Counter(s["robots"] for s in sites)
    assert robots["allow"] > 0.6 * len(sites) and robots["none"] > 0 and robots["503"] > 0
    assert {s["crawl_delay"] for s in sites} == {None, 1.0}


def test_no_directory_links_to_the_target_and_each_lists_a_different_part(default: WideTruth) -> None:
    listed = [{e["dst"] for e in default.edges[d]} for d in default.web["directories"]]
    assert all(default.target not in each for each in listed)
    assert all(len(each) < 0.15 * len(default.sites) for each in listed)
    assert len({frozenset(each) for each in listed}) == len(listed)
    # the seeds are the directories' home pages
    assert [urlsplit(u).hostname for u in default.web["seeds"]] == [
        default.sites[d]["host"] for d in default.web["directories"]]


def test_links_beyond_the_web_lead_nowhere(default: WideTruth) -> None:
    """Social profiles, Wikipedia and dead domains are linked to, as on the real web, and the
    proxy answers for none of them."""
    unserved = collections.Counter(e["dst"] for rows in default.edges.values() for e in rows
                                   if not e["served"])
    assert {"facebook.com", "wikipedia.org", "github.com"} <= unserved.keys()
    assert not unserved.keys() & default.sites.keys()
    dead = [d for d in unserved if d not in {p[0] for p in PLATFORMS} | {"wikipedia.org"}]
    assert len(dead) > 20
    web = WideWeb(150, 0)
    for url in ("https://www.facebook.com/x", f"http://www.{dead[0]}/"):
        assert web.respond("GET", url, {}).status == 502


def test_links_stay_mostly_within_their_topic(default: WideTruth) -> None:
    same = total = 0
    for src, rows in default.edges.items():
        site = default.sites[src]
        if site["kind"] not in ("ordinary", "hub"):
            continue
        for e in rows:
            if e["crawlable"] and e["served"]:
                total += 1
                same += default.sites[e["dst"]]["topic"] == site["topic"]
    assert 0.70 <= same / total <= 0.85


def test_popularity_follows_a_heavy_tail(default: WideTruth) -> None:
    indegree = collections.Counter(e["dst"] for rows in default.edges.values() for e in rows
                                   if e["crawlable"] and e["served"])
    counts = sorted(indegree.values(), reverse=True)
    top = sum(counts[:len(counts) // 100])  # the top 1% of sites
    assert top > 0.08 * sum(counts) and counts[0] > 20 * counts[len(counts) // 2]


def test_the_targets_referring_domains(default: WideTruth) -> None:
    target = default.referring_domains()
    assert 40 <= len(target) <= 120
    topic = default.web["target_topic"]
    kinds = collections.Counter(
        "in" if default.sites[d]["topic"] == topic else default.sites[d]["kind"] for d in target)
    assert kinds["in"] > 0.6 * len(target) and kinds["generalist"] > 0
    assert kinds["directory"] == 0
    for competitor in default.web["competitors"]:
        theirs = default.referring_domains(competitor)
        assert 0.2 * len(theirs) < len(theirs & target) < 0.7 * len(theirs)
    # spread over pages: some on the home page, most deeper, and a per-domain budget matters
    hops = collections.Counter(r["hops"] for r in default.referrers[default.target].values()
                               if r["crawlable"])
    assert hops[0] > 0 and hops[1] + hops[2] > hops[0]
    assert len(default.referring_domains(max_pages=3)) < len(target)


def test_breadth_first_baseline_finds_about_a_third(default: WideTruth) -> None:
    """Plain discovery order at a budget of a quarter of the domains, 10 pages a domain."""
    budget = len(default.sites) // 4
    crawled = default.breadth_first(budget, max_pages=10)
    assert len(crawled) == budget and not set(crawled) & set(default.web["directories"])
    assert 0.2 <= default.recall(crawled, max_pages=10) <= 0.45


def test_an_order_that_knows_the_topics_can_find_most(default: WideTruth) -> None:
    """The web leaves room for a focused crawl: best first by the summed topical weight of the
    crawled sites linking to a domain (the truth's topics standing in for a classifier)
    finds at least 0.6 of the target's referring domains at the same budget."""
    topic, budget = default.web["target_topic"], len(default.sites) // 4

    def weight(domain: str) -> float:
        site = default.sites[domain]
        return 0.01 if site["kind"] == "directory" else 1.0 if site["topic"] == topic else \
            0.4 if site["topic"] is None else 0.1

    done = set(default.web["directories"]) | set(default.targets)
    score: dict[str, float] = collections.defaultdict(float)
    for d in default.web["directories"]:
        for dst in default.seen_from(d, 10):
            score[dst] += weight(d)
    crawled: list[str] = []
    while score and len(crawled) < budget:
        best = max(score, key=score.__getitem__)
        del score[best]
        done.add(best)
        crawled.append(best)
        for dst in default.seen_from(best, 10):
            if dst not in done:
                score[dst] += weight(best)
    assert default.recall(crawled, max_pages=10) >= 0.6


def test_breadth_first_on_a_small_graph() -> None:
    rows = [{"table": "web", "target": "t.com", "competitors": [], "directories": ["d.org"],
             "seeds": ["http://d.org/"], "sites": 6, "seed": 0, "target_topic": "x"}]
    rows += [{"table": "site", "domain": d, "topic": "x", "kind": "ordinary"}
             for d in ("t.com", "d.org", "a.com", "b.com", "c.com", "e.com")]

    def edge(src: str, dst: str, first: int, rank: int = 1, crawlable: bool = True) -> dict:
        return {"table": "edge", "src": src, "dst": dst, "first": first if crawlable else None,
                "page_rank": rank if crawlable else None, "crawlable": crawlable}

    rows += [edge("d.org", "b.com", 1), edge("d.org", "a.com", 0), edge("a.com", "c.com", 0),
             edge("a.com", "e.com", 1, rank=4), edge("b.com", "t.com", 0),
             edge("b.com", "e.com", 1, crawlable=False)]
    rows += [{"table": "referrer", "target": "t.com", "domain": "b.com", "crawlable": True,
              "page_rank": 1}]
    truth = WideTruth.from_rows(rows)
    assert truth.breadth_first(10) == ["a.com", "b.com", "c.com", "e.com"]
    assert truth.breadth_first(10, max_pages=3) == ["a.com", "b.com", "c.com"]
    assert truth.breadth_first(1) == ["a.com"] and truth.recall(["a.com"]) == 0.0
    assert truth.recall(truth.breadth_first(2)) == 1.0


# -- served and crawled ---------------------------------------------------------------------------
def fetch(port: int, url: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.mark.slow
def test_a_crawl_through_the_server_finds_the_planted_referrers(tmp_path) -> None:
    with running_localweb(tmp_path, wide=True, sites=200, seed=1) as web:
        truth = web.wide_truth()
        status, _, body = fetch(web.port, truth.web["seeds"][0])
        assert status == 200 and b"directory of the small web" in body
        alias = truth.sites[truth.target]["alias"]
        status, headers, _ = fetch(web.port, f"http://{alias}/")
        assert status == 301 and headers["Location"] == f"http://{truth.sites[truth.target]['host']}/"
        referrers = sorted(d for d in truth.referring_domains()
                           if truth.sites[d]["robots"] in ("allow", "404"))[:4]
        closed = [next(d for d, s in sorted(truth.sites.items()) if s["robots"] == kind)
                  for kind in ("none", "503", "private")]  # robots.txt keeps out all or some
        seeds = [f"http://{truth.sites[d]['host']}/" for d in [truth.target, *referrers, *closed]]
        # the sites' own crawls, against the truth of what each lets crawl: without the checks of
        # URLs other sites link to (crawler/linkcheck.py), which fetch pages no own link reaches
        crawl(seeds, tmp_path / "data", web.proxy_url, "--crawl-id", "wide",
              "--max-pages-per-domain", "20", "-s", "BACKLINKS_CHECK_LINKED_URLS=False")
        links = web.truth()["links"]
    con = duckdb.connect()
    parquet = f"read_parquet('{tmp_path}/data/%s/**/*.parquet')"
    found = {d for (d,) in con.execute(
        f"SELECT DISTINCT src_domain FROM {parquet % 'links'} WHERE dst_domain = $1 "
        "AND src_domain <> $1", [truth.target]).fetchall()}
    assert found == set(referrers)
    fetched = {u for (u,) in con.execute(f"SELECT url FROM {parquet % 'pages'}").fetchall()}
    assert [truth.sites[d]["crawlable_pages"] for d in closed[:2]] == [0, 0]
    for domain in [truth.target, *referrers, *closed]:
        assert truth.sites[domain]["crawlable_pages"] == sum(
            registered_domain(urlsplit(u).hostname) == domain for u in fetched)
    key = ("src_url", "dst_url", "anchor_text", "nofollow", "ugc", "placement")
    expected = collections.Counter(tuple(r[k] for k in key) for r in links
                                   if registered_domain(urlsplit(r["src_url"]).hostname) in referrers
                                   and registered_domain(urlsplit(r["dst_url"]).hostname) == truth.target)
    got = collections.Counter(con.execute(
        f"SELECT {', '.join(key)} FROM {parquet % 'links'} WHERE dst_domain = $1 "
        "AND src_domain <> $1", [truth.target]).fetchall())
    assert got == expected and expected
