"""The command line through its real entry point: help, what it imports, one-line errors and
exit codes, for every registered command and every class of bad input that applies to it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from crawler.cli.app import command_group
from tests.support.crawl import backlinks
from tests.support.datasets import history_web

COMMANDS = ["crawl", "build", "profile", "links", "refdomains", "anchors", "pages", "sql",
            "outlinks", "broken", "history", "intersect", "top", "explain", "crawls", "export",
            "localweb", "demo", "extract", "audit", "anchor-profile", "disavow", "report", "value", "toplist",
            "opportunities", "contacts", "recheck"]
#: What `backlinks --help` must not import: each costs tens of milliseconds at every start.
HEAVY = ("analysis", "duckdb", "pyarrow", "scipy", "scrapy", "twisted", "extruct", "numpy", "pipelines")
#: Every command the app registers, with its click parameters by name.
REGISTERED = {name: {p.name: p for p in command.params}
              for name, command in command_group().commands.items()}
#: Commands that write a data directory rather than read the index in it.
WRITERS = {"crawl", "ingest-warc", "demo", "import-webgraph", "import-gsc", "discover", "toplist"}
#: A crawl that would start anyway goes nowhere: its proxy is a closed port of this machine.
NOWHERE = ["--proxy", "http://127.0.0.1:9", "--max-pages-per-domain", "1"]


def test_help_lists_every_command():
    proc = backlinks("--help", check=True)
    for command in COMMANDS:
        assert command in proc.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    proc = backlinks(command, "--help", check=True)
    assert "Example:" in proc.stdout
    assert "--data" in proc.stdout or command in ("extract", "localweb")


def test_help_imports_only_what_it_needs():
    """The entry point imports typer and the command modules, whose tops import nothing
    heavy: what a command needs, it imports when it runs."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "crawler.cli", "--help"],
                          capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []


def test_help_reads_as_paragraphs_at_the_terminal_width():
    """A docstring's line breaks are not the help's: each paragraph is rewrapped to the
    terminal, the example kept whole on its line."""
    docstring = command_group().commands["links"].callback.__doc__
    first = " ".join(textwrap.dedent(docstring).strip().split("\n\n")[0].split())
    for width in (80, 160):
        out = subprocess.run([sys.executable, "-m", "crawler.cli", "links", "--help"], capture_output=True,
                             text=True, check=True, env={**os.environ, "COLUMNS": str(width)}).stdout
        assert all(len(line) <= width for line in out.splitlines()), out
        paragraphs = [" ".join(p.split()) for p in out.split("\n\n")]
        assert first in paragraphs
        example = next(line for line in out.splitlines() if "Example:" in line)
        assert example.strip() == "Example: backlinks links example.com --dofollow --placement content -f csv"


@pytest.mark.parametrize(("args", "message"), [
    (["crawl", "--seeds-file", "/nonexistent/seeds.txt"], "cannot read seeds file"),
    (["crawl", "ftp://example.com/"], "not an http(s) URL"),
    (["crawl", "exa mple"], "neither a domain nor an http(s) URL"),
    (["crawl"], "no seeds"),
    (["crawl", "example.com", "-s", "NOEQUALS"], "-s expects NAME=VALUE"),
    (["crawl", "example.com", "-s", "BACKLINKS_ALLOW_PRIVATE=nonsense", *NOWHERE],
     "-s BACKLINKS_ALLOW_PRIVATE=nonsense: BACKLINKS_ALLOW_PRIVATE takes true or false"),
    (["crawl", "example.com", "-s", "DOWNLOAD_TIMEOUT=soon", *NOWHERE], "DOWNLOAD_TIMEOUT takes a number"),
    (["crawl", "example.com", "-s", "BACKLINKS_ALOW_PRIVATE=1", *NOWHERE], "unknown setting BACKLINKS_ALOW_PRIVATE"),
    (["extract", "/nonexistent.html", "--url", "http://x.com/"], "cannot read"),
])
def test_bad_input_gets_one_line_and_a_non_zero_exit(args, message, tmp_path):
    proc = backlinks(*args, "--data", str(tmp_path)) if args[0] == "crawl" else backlinks(*args)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], proc.stderr
    assert not (tmp_path / "crawls").exists()  # refused before the crawl started


@pytest.mark.parametrize("command", ["profile", "links", "refdomains", "anchors", "build"])
def test_a_data_directory_without_a_crawl_is_one_line(command, tmp_path):
    args = [command] if command == "build" else [command, "example.com"]
    proc = backlinks(*args, "--data", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "no crawl data" in proc.stderr


def test_unknown_domain_and_bad_sql_are_one_line(tmp_path):
    from tests.support.datasets import target_web

    target_web(tmp_path).write()
    proc = backlinks("profile", "never-seen-anywhere.org", "--data", str(tmp_path))
    assert proc.returncode == 1 and "unknown domain" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = backlinks("sql", "SELEC nonsense", "--data", str(tmp_path))
    assert proc.returncode == 1 and proc.stderr.startswith("error: ")
    assert "Traceback" not in proc.stderr


def test_extract_prints_page_facts_and_links_as_json_lines(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><main><p>Read <a href='/about' rel='NoFollow'>about us</a>.</p>"
                     b"<a href='mailto:x@y.z'>mail</a></main></body></html>")
    proc = backlinks("extract", str(page), "--url", "https://Example.com/dir/page",
                     "-H", "Content-Type: text/html; charset=utf-8", check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows[0]["table"] == "pages" and rows[0]["non_http_links"] == 1
    links = [r for r in rows if r["table"] == "links"]
    assert [(r["dst_url"], r["anchor_text"], r["nofollow"], r["placement"]) for r in links] == [
        ("https://example.com/about", "about us", True, "content")]
    assert "url" not in links[0]  # each row has its own table's columns only


# --- every command, every class of bad input ----------------------------------------------


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    """A built index (history_web: shop.com, two crawls), the same with a truncated part
    file, a regular file, an HTML page, and an empty directory."""
    root = tmp_path_factory.mktemp("bad-input")
    good = root / "good"
    history_web(good)
    backlinks("build", "--data", str(good), "--quiet", check=True)
    damaged = root / "damaged"
    shutil.copytree(good, damaged)
    part = next((damaged / "links").rglob("*.parquet"))
    part.rename(part.with_name("part-bad-0-0.parquet"))
    bad = part.with_name("part-bad-0-0.parquet")
    bad.write_bytes(bad.read_bytes()[:300])
    (root / "a-file").write_text("not a directory\n")
    (root / "page.html").write_text("<a href='/x'>x</a>")
    (root / "empty").mkdir()
    return root


def required(command: str, root: Path) -> tuple[list[str], list[str]]:
    """Valid values for the required arguments and options of `command`, so that the bad
    input is the only mistake. A new command's required parameter needs its value here."""
    values = {"domain": ["shop.com"], "competitors": ["shop.com", "a.org"], "query": ["SELECT 1 AS one"],
              "file": [str(root / "page.html")], "paths": [str(root / "a-file")],
              "url": ["--url", "https://example.com/"], "output": ["-o", str(root / "empty" / "out")],
              "directory": [str(root / "empty")], "export": [str(root / "empty")], "target": ["shop.com"],
              "targets": ["shop.com"], "action": ["import"], "site": ["shop.com"]}
    arguments: list[str] = []
    options: list[str] = ["example.com", *NOWHERE] if command == "crawl" else []
    for name, param in REGISTERED[command].items():
        if param.required:
            assert name in values, f"tests/test_cli.py: give a value for {command}'s required {name}"
            (arguments if param.param_type_name == "argument" else options).extend(values[name])
    return arguments, options


def has(option: str):
    return lambda command, params: any(option in p.opts for p in params.values())


#: Commands whose --output is a directory they create.
DIRECTORY_OUTPUT = {"export"}
#: class of bad input -> (does it apply to a command, given its parameters; the options it
#: adds; what the error line says)
CASES = {
    "negative limit": (has("--limit"), ["--limit", "-1"], "-1 is negative"),
    "unknown format": (has("--format"), ["--format", "nosuch"], "'nosuch' is not one of"),
    "unknown option": (lambda c, ps: True, ["--no-such-option"], "No such option"),
    "output in a missing directory": (lambda c, ps: has("--output")(c, ps) and c not in DIRECTORY_OUTPUT,
                                      ["--output", "{root}/missing/out.txt"], "no directory"),
    "output onto a directory": (lambda c, ps: has("--output")(c, ps) and c not in DIRECTORY_OUTPUT,
                                ["--output", "{root}/empty"], "is a directory"),
    "data is a file": (has("--data"), ["--data", "{root}/a-file"], "is a file"),
    "a truncated part file": (lambda c, ps: has("--data")(c, ps) and c not in WRITERS,
                              ["--data", "{root}/damaged"], "part-bad-0-0.parquet"),
    "a missing argument": (lambda c, ps: any(p.required and p.param_type_name == "argument" for p in ps.values()),
                           [], "Missing argument"),
    "an unknown column": (has("--columns"), ["--columns", "nosuch"], "unknown column 'nosuch'"),
    "not a domain": (lambda c, ps: "domain" in ps, [], "not a domain"),
    "a setting's wrong value": (has("--set"), ["--set", "{setting}=nonsense"], "nonsense"),
}


def case_args(command: str, case: str, root: Path) -> list[str]:
    arguments, options = required(command, root)
    setting = "BACKLINKS_ALLOW_PRIVATE" if command in ("crawl", "discover", "recheck") else "toxic_score"
    extra = [a.format(root=root, setting=setting) for a in CASES[case][1]]
    if case == "a missing argument":
        arguments = []
    if case == "not a domain":
        arguments = ["exa mple" if a == "shop.com" else a for a in arguments]
    if "--output" in extra:
        options = [a for i, a in enumerate(options) if a != "-o" and (i == 0 or options[i - 1] != "-o")]
    if "--data" not in extra and "data" in REGISTERED[command]:
        extra += ["--data", str(root / ("empty" if command in WRITERS else "good"))]
    return arguments + options + extra


def applicable() -> list[tuple[str, str]]:
    return [(command, case) for command, params in REGISTERED.items()
            for case, (applies, _, _) in CASES.items() if applies(command, params)]


@pytest.fixture(scope="module")
def outcomes(places):
    """Every (command, case) run once, four at a time."""
    def run(pair):
        return pair, backlinks(pair[0], *case_args(*pair, places), timeout=120)
    with ThreadPoolExecutor(4) as pool:
        return dict(pool.map(run, applicable()))


@pytest.mark.parametrize(("command", "case"), applicable())
def test_every_command_refuses_bad_input_in_one_line(outcomes, command, case):
    proc = outcomes[(command, case)]
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0, (proc.args, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), (proc.args, proc.stderr)
    assert "unexpected" not in lines[0] and CASES[case][2] in lines[0], (proc.args, lines[0])
