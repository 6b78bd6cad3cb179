"""The link-graph commands through the real entry point, on hand-made datasets
(tests/support/datasets.py) and `backlinks build`: every figure below is worked out by hand
from the dataset's docstring, not by re-running the library."""

from __future__ import annotations

import gzip
import json
import math

import pyarrow.parquet as pq
import pytest

from crawler.cli.app import command_group
from tests.support.crawl import backlinks
from tests.support.datasets import HISTORY_CHANGES, Dataset, at, history_web, link, target_web

NEW_COMMANDS = ["outlinks", "broken", "history", "intersect", "top", "explain", "crawls", "export"]

# PageRank (d = 0.85) of target_web's domain graph, by hand. Dofollow domain edges:
# example.org -> target.com (news/a, news/b, www/c), shop.co.uk -> target.com (the image
# link; the other is sponsored), uni.edu -> target.com, target.com -> example.org; spam.net
# has none (page nofollow), so its score is the dangling mass spread over all 5 domains.
# spam.net, shop.co.uk and uni.edu have no in-links: x = 0.15/5 + 0.85 x/5, x = 0.03/0.83.
# target:  T = 0.03 + 0.17 x + 0.85 (E + 2x) = 2.7x + 0.85 E;  example.org: E = x + 0.85 T.
D = 0.85
X = 0.03 / 0.83
T = 3.55 * X / (1 - D * D)
E = X + D * T
# Trust: the same with the teleport on the one seed, uni.edu (.edu), nothing dangling reaches:
# U = 0.15, T' = 0.85 (E' + U), E' = 0.85 T'.
TRUST_U = 0.15
TRUST_T = D * TRUST_U / (1 - D * D)
TRUST_E = D * TRUST_T


def scaled(value: float, low: float, high: float) -> object:
    """The 0-100 log scale of domain rank and trust (stored with three decimals)."""
    return pytest.approx(100 * math.log(value / low) / math.log(high / low), abs=5e-4)


def rows(proc) -> list[dict]:
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def one_line_error(proc, message: str, code: int = 1) -> None:
    """A known error exits 1, a mistake in the command line (click's) 2."""
    assert proc.returncode == code, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], proc.stderr


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    """target_web, built; the build's output kept for the build test."""
    data = tmp_path_factory.mktemp("target")
    target_web(data)
    proc = backlinks("build", "--data", str(data), check=True)
    return data, proc


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """history_web (two crawls a week apart), built."""
    data = tmp_path_factory.mktemp("shop")
    history_web(data)
    backlinks("build", "--data", str(data), "--quiet", check=True)
    return data


@pytest.fixture(scope="module")
def rivals(tmp_path_factory):
    """Four referring sites of three competitors and my site (not built: the live index).

      a.org -> r1, r2, r3     b.org -> r1, r2, me     c.org -> r1
      d.org -> r2, r3 (nofollow)                      e.org -> r3
    """
    data = tmp_path_factory.mktemp("rivals")
    ds = Dataset(data)
    linking = {"a.org": ["r1", "r2", "r3"], "b.org": ["r1", "r2", "me"], "c.org": ["r1"],
               "d.org": ["r2", "r3"], "e.org": ["r3"]}
    for minute, (site, sites) in enumerate(linking.items()):
        rel = "nofollow" if site == "d.org" else ""
        ds.fetch("c1", f"https://{site}/", at(0, minute),
                 links=[link(f"https://www.{s}.com/", anchor=s, rel=rel) for s in sites])
    ds.write()
    return data


def graph(data, *args: str):
    return backlinks(*args, "--data", str(data), "--format", "jsonl")


def test_every_command_ends_its_help_with_an_example():
    group = command_group()
    for name in NEW_COMMANDS + ["build", "profile", "links", "refdomains", "anchors", "pages", "sql"]:
        last = (group.commands[name].help or "").strip().split("\n\n")[-1]
        assert last.startswith(f"Example: backlinks {name}"), name


def test_build_shows_progress_and_reports_counts(target, tmp_path):
    _, proc = target
    lines = proc.stderr.strip().splitlines()
    assert lines[0].startswith("[1/") and lines[-2].startswith(f"[{len(lines) - 1}/")
    # pages: news/a, news/b (latest fetch), www.example.org/c, shop.co.uk/ (written twice),
    # uni.edu/, spam.net/, www.target.com/, blog.target.com/post, www.target.com/gone = 9;
    # links 3 + 2 + 1 + 2 + 1 + 1 + 2 + 1 = 13; domains example.org, target.com, shop.co.uk,
    # uni.edu, spam.net; hosts those 5 + www.example.org, www.target.com, blog.target.com - the
    # registered domain example.org and target.com as a host (uni.edu's link) = 8; domain edges
    # 4 into target.com + 1 out; host edges 6 into target.com's hosts + www -> news + blog -> www.
    assert lines[-1].startswith("built ") and lines[-1].endswith(
        ": 9 pages, 13 links, 5 domains, 8 hosts, 5 domain edges, 8 host edges")
    target_web(tmp_path)
    quiet = backlinks("build", "--data", str(tmp_path), "--quiet", check=True)
    assert len(quiet.stderr.strip().splitlines()) == 1 and quiet.stdout == ""


def test_outlinks(target):
    data, _ = target
    assert rows(graph(data, "outlinks", "www.target.com")) == [
        {"domain": "example.org", "domain_rank": scaled(E, X, T), "links": 1,
         "dofollow_links": 1, "linking_pages": 1, "linked_pages": 1}]
    # news/a: /, /pricing (nofollow), blog/post; news/b's latest fetch: / (ugc), /new; c: /pricing
    assert rows(graph(data, "outlinks", "example.org")) == [
        {"domain": "target.com", "domain_rank": 100.0, "links": 6, "dofollow_links": 4,
         "linking_pages": 3, "linked_pages": 4}]


def test_broken(target, shop):
    assert graph(target[0], "broken", "target.com").stdout == ""  # nothing links to /gone
    found = rows(graph(shop, "broken", "shop.com"))
    assert [(r["src_url"], r["dst_url"], r["status"], r["anchor_text"]) for r in found] == [
        ("https://f.com/1", "https://shop.com/w", 404, "w")]


def test_history_links_between_the_last_two_crawls(shop):
    found = rows(graph(shop, "history", "shop.com"))
    assert sorted((r["change"], r["reason"], r["src_url"], r["dst_url"]) for r in found) == sorted(HISTORY_CHANGES)
    for r in found:
        assert r["new_record"].startswith("warc/crawl=c2/")
        if r["reason"] != "page_new":
            assert r["old_record"].startswith("warc/crawl=c1/")
    assert rows(graph(shop, "history", "shop.com", "--old", "c1", "--new", "c2")) == found
    assert len(rows(graph(shop, "history", "shop.com", "--limit", "3"))) == 3


def test_history_by_refdomains_and_weekly(shop):
    # a.org keeps /x, g.com keeps /, f.com was not fetched again: all three kept
    found = rows(graph(shop, "history", "shop.com", "--by", "refdomains"))
    assert [(r["change"], r["domain"], r["new_backlinks"], r["lost_backlinks"]) for r in found] == [
        ("new", "h.com", 1, 0), ("lost", "b.net", 0, 1), ("lost", "c.io", 0, 1),
        ("lost", "d.de", 0, 1), ("lost", "e.fr", 0, 1)]
    assert found[1]["lost_reasons"] == ["page_redirected"]
    # c2 started on Monday 2025-01-13
    assert rows(graph(shop, "history", "shop.com", "--by", "weekly")) == [
        {"week": "2025-01-13T00:00:00Z", "crawls": 1, "new_backlinks": 2, "lost_backlinks": 6,
         "new_referring_domains": 1, "lost_referring_domains": 4}]


def test_intersect(rivals):
    def intersect(*args: str) -> list[tuple[str, int, list[str]]]:
        found = rows(graph(rivals, "intersect", *args))
        return [(r["domain"], r["targets_linked"], r["targets"]) for r in found]

    assert intersect("r1.com", "r2.com", "r3.com", "--exclude", "me.com", "--min", "2") == [
        ("a.org", 3, ["r1.com", "r2.com", "r3.com"]), ("d.org", 2, ["r2.com", "r3.com"])]
    assert intersect("r1.com", "https://www.r2.com/", "r3.com", "--min", "2") == [
        ("a.org", 3, ["r1.com", "r2.com", "r3.com"]), ("b.org", 2, ["r1.com", "r2.com"]),
        ("d.org", 2, ["r2.com", "r3.com"])]
    assert intersect("r1.com", "r3.com", "--exclude", "me.com", "--min", "1") == [
        ("a.org", 2, ["r1.com", "r3.com"]), ("c.org", 1, ["r1.com"]), ("d.org", 1, ["r3.com"]),
        ("e.org", 1, ["r3.com"])]
    assert intersect("r1.com", "r3.com", "--exclude", "me.com") == [("a.org", 2, ["r1.com", "r3.com"])]
    d_org = rows(graph(rivals, "intersect", "r2.com", "r3.com", "--min", "2", "--exclude", "me.com"))
    assert [(r["domain"], r["backlinks"], r["dofollow_backlinks"]) for r in d_org] == [
        ("a.org", 2, 2), ("d.org", 2, 0)]


def test_top(target):
    data, _ = target
    found = rows(graph(data, "top"))
    assert [(r["rank_pos"], r["domain"], r["referring_domains"], r["backlinks"]) for r in found[:2]] == [
        (1, "target.com", 4, 10), (2, "example.org", 1, 1)]
    assert found[0]["domain_rank"] == 100.0 and found[0]["trust"] == 100.0
    assert found[1]["domain_rank"] == scaled(E, X, T)
    assert found[1]["trust"] == scaled(TRUST_E, TRUST_U, TRUST_T)
    assert found[1]["trust_ratio"] == pytest.approx(found[1]["trust"] / found[1]["domain_rank"])
    assert sorted(r["domain"] for r in found[2:]) == ["shop.co.uk", "spam.net", "uni.edu"]
    assert all(r["domain_rank"] == 0 and r["referring_domains"] == 0 for r in found[2:])
    assert [r["domain"] for r in rows(graph(data, "top", "--min-refdomains", "1"))] == [
        "target.com", "example.org"]
    assert len(rows(graph(data, "top", "--limit", "3"))) == 3


def test_explain(target):
    data, _ = target
    found = rows(graph(data, "explain", "target.com"))
    received = D * E + 2 * D * X
    assert found == [
        {"referring_domain": "example.org", "domain_rank": scaled(E, X, T),
         "dofollow_links": 4, "out_domains": 1, "contribution": pytest.approx(D * E),
         "share": pytest.approx(D * E / received), "of_score": pytest.approx(D * E / T)},
        *({"referring_domain": name, "domain_rank": 0.0, "dofollow_links": 1, "out_domains": 1,
           "contribution": pytest.approx(D * X), "share": pytest.approx(D * X / received),
           "of_score": pytest.approx(D * X / T)} for name in ("shop.co.uk", "uni.edu")),
    ]


def test_crawls(shop):
    found = rows(graph(shop, "crawls"))
    assert [(r["seq"], r["crawl_id"], r["started_at"], r["urls"]) for r in found] == [
        (1, "c1", "2025-01-06T12:00:00Z", 11), (2, "c2", "2025-01-13T12:00:00Z", 9)]
    csv = backlinks("crawls", "--data", str(shop), "--format", "csv", check=True).stdout.splitlines()
    assert len(csv) == 3 and csv[0].startswith("seq,crawl_id,started_at")
    assert csv[1].split(",")[2] == "2025-01-06 12:00:00"  # ISO 8601 as spreadsheets read it, UTC


def test_a_query_writes_parquet_to_output(target, tmp_path):
    out = tmp_path / "top.parquet"
    proc = backlinks("top", "--data", str(target[0]), "--format", "parquet", "--output", str(out),
                     "--limit", "2", check=True)
    assert proc.stdout == ""
    assert pq.read_table(out).column("domain").to_pylist() == ["target.com", "example.org"]


def test_export_text_and_parquet(target, tmp_path):
    data, _ = target
    proc = backlinks("export", "--data", str(data), "-o", str(tmp_path / "text"), check=True)
    vertices, edges = (tmp_path / "text" / f"backlinks-domain-{n}.txt.gz" for n in ("vertices", "edges"))
    assert proc.stdout.splitlines() == [str(vertices), str(edges)]
    # ids in reversed-name order; the third column: a domain's hosts
    assert gzip.decompress(vertices.read_bytes()).decode().splitlines() == [
        "0\tcom.target\t3", "1\tedu.uni\t1", "2\tnet.spam\t1", "3\torg.example\t2", "4\tuk.co.shop\t1"]
    assert gzip.decompress(edges.read_bytes()).decode().splitlines() == [
        "0\t3", "1\t0", "2\t0", "3\t0", "4\t0"]
    backlinks("export", "--data", str(data), "-o", str(tmp_path / "pq"), "--format", "parquet",
              "--level", "host", "--dofollow", check=True)
    hosts = pq.read_table(tmp_path / "pq" / "backlinks-host-vertices.parquet").to_pylist()
    ids = {row["name"]: row["id"] for row in hosts}
    assert list(ids) == ["com.target", "com.target.blog", "com.target.www", "edu.uni", "net.spam",
                         "org.example.news", "org.example.www", "uk.co.shop"]
    edges = pq.read_table(tmp_path / "pq" / "backlinks-host-edges.parquet").to_pylist()
    # every host edge but spam.net's (page nofollow); news -> www: /, /pricing (nofollow),
    # / (ugc), /new; shop -> www: sponsored and image
    expected = [("com.target.blog", "com.target.www", 1, 1), ("com.target.www", "org.example.news", 1, 1),
                ("edu.uni", "com.target", 1, 1), ("org.example.news", "com.target.blog", 1, 1),
                ("org.example.news", "com.target.www", 4, 2), ("org.example.www", "com.target.www", 1, 1),
                ("uk.co.shop", "com.target.www", 2, 1)]
    assert [(e["src_id"], e["dst_id"], e["links"], e["dofollow_links"]) for e in edges] == [
        (ids[a], ids[b], n, df) for a, b, n, df in expected]
    # harmonic centrality (any link, rel ignored), by hand: www.target.com is one hop from 5
    # hosts; news one hop from www.target.com and two from 4 more (1 + 4/2); blog one from news,
    # two from www.target.com, three from 3 more (1 + 1/2 + 3/3); target.com one from uni.edu
    ranks = pq.read_table(tmp_path / "pq" / "backlinks-host-ranks.parquet").to_pylist()
    assert [(r["host_rev"], r["harmonicc_val"]) for r in ranks[:4]] == [
        ("com.target.www", 5.0), ("org.example.news", 3.0), ("com.target.blog", 2.5), ("com.target", 1.0)]
    assert [r["harmonicc_pos"] for r in ranks] == list(range(1, 9))


@pytest.mark.parametrize(("args", "message"), [
    (["outlinks", "nowhere.org"], "unknown domain 'nowhere.org'"),
    (["broken", "nowhere.org"], "unknown domain 'nowhere.org'"),
    (["explain", "nowhere.org"], "unknown domain 'nowhere.org'"),
    (["intersect", "target.com", "nowhere.org"], "unknown domain 'nowhere.org'"),
    (["history", "target.com"], "history compares two crawls, the index holds 1"),
    (["intersect", "target.com"], "intersect compares two competitors or more"),
    (["intersect", "target.com", "example.org", "--min", "3"], "--min must be between 1 and the 2"),
    (["outlinks", "target.com", "--crawl", "c9"], "unknown crawl 'c9'"),
    (["top", "--format", "xml"], "'xml' is not one of table, csv, json, jsonl, parquet"),
    (["export", "-o", "out", "--format", "xml"], "'xml' is not one of text, parquet"),
])
def test_bad_input_on_one_crawl_is_one_line(target, args, message):
    code = 2 if "--format" in args else 1
    one_line_error(backlinks(*args, "--data", str(target[0])), message, code)


@pytest.mark.parametrize(("args", "message"), [
    (["history", "shop.com", "--old", "c2", "--new", "c1"], "old must be one of"),
    (["history", "shop.com", "--old", "c9"], "unknown crawl 'c9'"),
    (["history", "shop.com", "--by", "month"], "by must be one of links, refdomains, weekly"),
    (["history", "shop.com", "--by", "weekly", "--old", "c1"], "--by weekly covers every crawl"),
])
def test_bad_history_is_one_line(shop, args, message):
    one_line_error(backlinks(*args, "--data", str(shop)), message)


@pytest.mark.parametrize("args", [["top"], ["explain", "r1.com"], ["export", "-o", "out"]])
def test_ranks_before_build_are_one_line(rivals, args):
    one_line_error(backlinks(*args, "--data", str(rivals)), f"run `backlinks build --data {rivals}` first")


@pytest.mark.parametrize("command", ["outlinks", "broken", "history", "explain", "crawls", "top"])
def test_no_crawl_data_is_one_line(command, tmp_path):
    args = [command] if command in ("crawls", "top") else [command, "example.com"]
    one_line_error(backlinks(*args, "--data", str(tmp_path)), "no crawl data")
