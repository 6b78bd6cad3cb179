"""Every command that prints rows, in each format, parsed as its format says: `json` one
document, `jsonl` one object a line, `csv` a header then rows, `table` within the terminal's
width, `parquet` where it writes a file; and `links`' columns. Expected rows come from the
hand-made datasets' docstrings (tests/support/datasets.py)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pyarrow.parquet as pq
import pytest

from crawler.cli.app import command_group
from tests.support.crawl import backlinks
from tests.support.datasets import history_web, target_web
from tests.support.redis import running_redis

FORMATS = ("table", "csv", "json", "jsonl")
WIDTH = 100
#: Each command that prints rows, and its arguments on history_web (shop.com, two crawls, built).
ARGS = {
    "profile": ["shop.com"], "links": ["shop.com"], "refdomains": ["shop.com"], "anchors": ["shop.com"],
    "pages": ["shop.com"], "outlinks": ["shop.com"], "broken": ["shop.com"], "history": ["shop.com"],
    "intersect": ["shop.com", "a.org"], "top": [], "explain": ["shop.com"], "crawls": [],
    "sql": ["SELECT domain, domain_rank FROM domain_ranks ORDER BY domain"],
    "audit": ["shop.com"], "anchor-profile": ["shop.com"], "status": [], "extract": [],
    "coverage": ["shop.com", "--show", "summary", "--gsc", "GSC"], "candidates": ["shop.com"],
    "opportunities": ["shop.com", "--competitors", "a.org,b.net"], "contacts": ["shop.com"], "value": ["shop.com"],
}
#: Commands whose result is one document (json: an object), not a table of rows.
DOCUMENTS = {"profile", "audit", "anchor-profile", "status", "extract"}
#: What `links` shows in a table unless told otherwise.
LINKS_COLUMNS = ["src_url", "page_rank", "anchor_text", "dst_url", "follow", "first_seen"]


def printing_commands() -> list[str]:
    """Every registered command with a --format of the four (export's is a file format)."""
    group = command_group()
    return [name for name, command in group.commands.items()
            if any("--format" in p.opts for p in command.params) and name != "export"]


def test_every_command_that_prints_rows_is_covered_here():
    assert sorted(printing_commands()) == sorted(ARGS), "give the new command its arguments in ARGS"


def run(*args: str, width: int = WIDTH) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": str(width)})


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Every command in every format (and parquet where it writes files), four at a time."""
    root = tmp_path_factory.mktemp("formats")
    data = root / "data"
    history_web(data)
    backlinks("build", "--data", str(data), "--quiet", check=True)
    page = root / "page.html"
    page.write_text("<title>T</title><a href='/a' rel='nofollow'>A</a><a href='https://x.org/'>X</a>")
    gsc = root / "Top linking sites.csv"  # Search Console's export, for coverage
    gsc.write_text("Site,Linking pages,Target pages\na.org,3,1\nnowhere.net,1,1\n")
    with running_redis(root) as redis:
        def args(command: str, fmt: str) -> list[str]:
            extra = {"status": ["--redis", redis.url, "--crawl-id", "nothing"],
                     "extract": [str(page), "--url", "https://example.com/"]}.get(command, ["--data", str(data)])
            return [command, *(str(gsc) if a == "GSC" else a for a in ARGS[command]), *extra, "--format", fmt]

        jobs = [(c, f, args(c, f)) for c in ARGS for f in FORMATS]
        jobs += [(c, "parquet", args(c, "parquet") + ["-o", str(root / f"{c}.parquet")])
                 for c in ARGS if c not in DOCUMENTS]
        with ThreadPoolExecutor(4) as pool:
            done = pool.map(lambda job: ((job[0], job[1]), run(*job[2])), jobs)
            return root, dict(done)


@pytest.mark.parametrize("command", sorted(ARGS))
def test_each_format_parses_as_it_says(printed, command):
    root, outputs = printed
    for fmt in FORMATS:
        proc = outputs[(command, fmt)]
        assert proc.returncode == 0 and proc.stderr == "", (command, fmt, proc.stderr)
    document = json.loads(outputs[(command, "json")].stdout)
    lines = [json.loads(line) for line in outputs[(command, "jsonl")].stdout.splitlines()]
    table = list(csv.reader(io.StringIO(outputs[(command, "csv")].stdout)))
    assert all(isinstance(line, dict) for line in lines)
    assert table and all(len(row) == len(table[0]) for row in table)  # a header, then rows as long
    text = outputs[(command, "table")].stdout
    assert text.strip() and all(len(line) <= WIDTH for line in text.splitlines()), text
    if command in DOCUMENTS:
        assert isinstance(document, dict)
    else:
        assert isinstance(document, list) and document == lines  # the same rows, two framings
        assert len(table) - 1 == len(lines) and (not lines or table[0] == list(lines[0]))
        assert pq.read_table(root / f"{command}.parquet").num_rows == len(lines)


def test_json_times_have_their_zone_csv_times_read_in_spreadsheets(printed):
    _, outputs = printed
    crawls = json.loads(outputs[("crawls", "json")].stdout)
    assert [c["started_at"] for c in crawls] == ["2025-01-06T12:00:00Z", "2025-01-13T12:00:00Z"]
    rows = list(csv.DictReader(io.StringIO(outputs[("crawls", "csv")].stdout)))
    assert [r["started_at"] for r in rows] == ["2025-01-06 12:00:00", "2025-01-13 12:00:00"]


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    data = tmp_path_factory.mktemp("target")
    target_web(data)
    backlinks("build", "--data", str(data), "--quiet", check=True)
    return data


def test_links_table_shows_the_compact_columns_and_follow(target):
    out = run("links", "target.com", "--data", str(target), width=160).stdout.splitlines()
    assert out[0] == "Backlinks of target.com" and out[1].split() == LINKS_COLUMNS
    # by the dataset's docstring: news/a's /pricing link is nofollow, news/b's / is ugc,
    # shop.co.uk's text link sponsored, spam.net's page nofollow, the rest dofollow
    follow = {(line.split()[0], line.split()[-3]) for line in out[3:] if line.strip()}
    assert {f for _, f in follow} == {"dofollow", "nofollow", "ugc", "sponsored", "page_nofollow"}
    assert ("https://spam.net/", "page_nofollow") in follow
    assert len([line for line in out[3:] if line.strip()]) == 10


def test_links_columns_all_and_chosen(target):
    every = json.loads(run("links", "target.com", "--data", str(target), "-f", "json").stdout)
    assert set(LINKS_COLUMNS) < set(every[0]) and {"context_before", "placement", "crawl_id"} < set(every[0])
    header = run("links", "target.com", "--data", str(target), "--columns", "all", width=400).stdout.splitlines()[1]
    assert header.split() == list(every[0])
    chosen = run("links", "target.com", "--data", str(target), "-f", "csv", "--columns", "follow,src_url").stdout
    assert chosen.splitlines()[0] == "follow,src_url" and len(chosen.splitlines()) == 11


def test_a_table_fits_80_columns_and_says_what_it_left_out(target):
    out = run("refdomains", "target.com", "--data", str(target), width=80).stdout
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert "need a wider terminal" in out and "--columns" in out
