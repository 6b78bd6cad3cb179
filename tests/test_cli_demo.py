"""`backlinks demo`: two crawls of the local web, the graph, a short report and the commands
to try next, each of which has something to show; and it never deletes what it did not make."""

from __future__ import annotations

import json
import urllib.request

import pytest

from crawler.demo import CRAWLS, DEMO_MARK, prepare
from crawler.errors import BacklinksError
from crawler.localweb.generator import LocalWeb
from tests.support.crawl import backlinks
from tests.support.explorer import running_explorer


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo") / "demo-data"
    proc = backlinks("demo", "--data", str(data), timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return data, proc


def test_the_demo_crawls_the_local_web_twice_and_reports(demo):
    data, proc = demo
    crawls = json.loads(backlinks("crawls", "--data", str(data), "-f", "json", check=True).stdout)
    assert [c["crawl_id"] for c in crawls] == list(CRAWLS)
    for title in ("Strongest sites", "Backlinks gained and lost between demo-1 and demo-2",
                  "Broken backlinks of", "the spam's target"):
        assert title in proc.stdout
    target = LocalWeb().spam.target.spec.host.removeprefix("www.")
    assert f"Audit of {target}, the spam's target" in proc.stdout


def test_the_commands_to_try_next_have_something_to_show(demo, tmp_path):
    data, proc = demo
    commands = proc.stdout.split("Try next:\n", 1)[1].split("\n\n", 1)[0].split("\n")
    commands = [c.split() for c in commands if c.strip()]
    assert len(commands) >= 6
    for words in commands:
        assert words[0] == "backlinks"
        args = [str(tmp_path / "report.html") if w.endswith("report.html") else w for w in words[1:]]
        shown = backlinks(*args, check=True)
        if args[0] == "report":
            assert (tmp_path / "report.html").stat().st_size > 10_000
            continue
        assert "(no rows)" not in shown.stdout, words
    history = json.loads(backlinks(*next(w for w in commands if w[1] == "history")[1:], "-f", "json").stdout)
    assert history and {r["change"] for r in history} <= {"new", "lost"}
    # the report's history: epoch 2's three kinds of change (crawler/localweb/generator.py)
    section = proc.stdout.split("Backlinks gained and lost", 1)[1].split("\n\n", 1)[0]
    reasons = {line.split()[1] for line in section.splitlines()[3:] if line.split()[0] in ("new", "lost")}
    assert reasons == {"link_added", "link_removed", "page_gone"}
    audit = json.loads(backlinks(*next(w for w in commands if w[1] == "audit")[1:], "-f", "json").stdout)
    spiked = [d for d in audit["domains"] if any(s["signal"] == "spike" for s in d["signals"])]
    assert len(spiked) >= 5  # the spam sites opened at epoch 2 (crawler/localweb/spam.py: 8)


def test_the_demo_refuses_a_directory_of_the_users_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    proc = backlinks("demo", "--data", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"error: {tmp_path} holds files the demo did not make: "
                                   "give --data a new or empty directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_running_the_demo_again_replaces_only_what_it_made(tmp_path):
    data = tmp_path / "demo-data"
    prepare(data)
    made = [data / "links" / f"crawl={CRAWLS[0]}" / "part-w0-1-1.parquet", data / "crawls" / f"{CRAWLS[1]}.json",
            data / "warc" / f"crawl={CRAWLS[1]}" / "w0-1-1.warc.gz", data / "logs" / f"{CRAWLS[0]}.log",
            data / "graph.duckdb"]
    mine = [data / "notes.txt", data / "links" / "crawl=mine" / "part-w0-1-1.parquet", data / "crawls" / "mine.json"]
    for path in made + mine:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    prepare(data)
    assert [p for p in made if p.exists()] == []
    assert all(p.read_text() == "x" for p in mine)
    assert (data / DEMO_MARK).exists()


def test_the_demo_directory_may_not_be_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(BacklinksError, match="is a file"):
        prepare(tmp_path / "f")


def test_the_demo_ends_with_the_command_that_opens_the_explorer_on_its_data(demo):
    data, proc = demo
    explore = proc.stdout.rstrip().split("Explore it in your browser:\n", 1)[1].splitlines()
    assert explore[0].split() == ["backlinks", "serve", "--data", str(data)]
    assert explore[1].startswith("then open http://127.0.0.1:8080/overview?d=")
    target = LocalWeb().spam.target.spec.host.removeprefix("www.")
    assert explore[1].endswith(f"?d={target}")
    with running_explorer(data) as url:  # the printed command, on a free port instead of 8080
        page = urllib.request.urlopen(f"{url.rstrip('/')}/overview?d={target}", timeout=60)
        assert page.status == 200
        assert target in page.read().decode()
