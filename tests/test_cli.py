"""The command line through its real entry point: help, one-line errors, exit codes."""

from __future__ import annotations

import pytest

from tests.support.crawl import backlinks

COMMANDS = ["crawl", "build", "profile", "links", "refdomains", "anchors", "pages", "sql",
            "outlinks", "broken", "history", "intersect", "top", "explain", "crawls", "export",
            "localweb", "demo", "extract", "audit", "anchor-profile", "disavow", "report"]


def test_help_lists_every_command():
    proc = backlinks("--help", check=True)
    for command in COMMANDS:
        assert command in proc.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    proc = backlinks(command, "--help", check=True)
    assert "Example:" in proc.stdout
    assert "--data" in proc.stdout or command in ("extract", "localweb")


@pytest.mark.parametrize(("args", "message"), [
    (["crawl", "--seeds-file", "/nonexistent/seeds.txt"], "cannot read seeds file"),
    (["crawl", "ftp://example.com/"], "not an http(s) URL"),
    (["crawl", "exa mple"], "neither a domain nor an http(s) URL"),
    (["crawl"], "no seeds"),
    (["crawl", "example.com", "-s", "NOEQUALS"], "-s expects NAME=VALUE"),
    (["extract", "/nonexistent.html", "--url", "http://x.com/"], "cannot read"),
])
def test_bad_input_gets_one_line_and_a_non_zero_exit(args, message, tmp_path):
    proc = backlinks(*args, "--data", str(tmp_path)) if args[0] == "crawl" else backlinks(*args)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], proc.stderr


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
    import json

    page = tmp_path / "page.html"
    page.write_bytes("<html><body><main><p>Read <a href='/about' rel='NoFollow'>about us</a>.</p>"
                     "<a href='mailto:x@y.z'>mail</a></main></body></html>".encode())
    proc = backlinks("extract", str(page), "--url", "https://Example.com/dir/page",
                     "-H", "Content-Type: text/html; charset=utf-8", check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows[0]["table"] == "pages" and rows[0]["non_http_links"] == 1
    links = [r for r in rows if r["table"] == "links"]
    assert [(r["dst_url"], r["anchor_text"], r["nofollow"], r["placement"]) for r in links] == [
        ("https://example.com/about", "about us", True, "content")]
