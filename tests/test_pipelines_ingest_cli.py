"""`backlinks ingest-warc` through the real entry point: summary, errors in one line,
resume by running the same command, and several processes."""

from __future__ import annotations

import json

import pytest

from tests.support.crawl import backlinks
from tests.support.warcs import corpus_pages, need_corpus, responses, table, write_warc


@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    pages = corpus_pages(16, sets=("article-extraction-benchmark",))
    write_warc(tmp / "one.warc.gz", responses(pages[:8]))
    write_warc(tmp / "two.warc.gz", responses(pages[8:]))
    return tmp


def test_help_names_every_option():
    out = backlinks("ingest-warc", "--help", check=True).stdout
    for option in ("--data", "--crawl-id", "--processes", "--verify-digests", "--reader", "--quiet"):
        assert option in out
    assert "Example: backlinks ingest-warc" in " ".join(out.split())


def test_two_processes_ingest_and_the_same_command_resumes(tmp_path, warcs):
    args = ["ingest-warc", str(warcs / "*.warc.gz"), "--data", str(tmp_path / "data"), "--processes", "2"]
    first = backlinks(*args, check=True)
    crawl_id = "warc"
    assert f"ingest-warc into crawl {crawl_id}: done" in first.stderr
    assert "files 2: ingested 2, already done 0, failed 0" in first.stderr
    assert "pages 16" in first.stderr
    pages = table(tmp_path / "data", "pages", crawl_id)
    assert len(pages) == 16
    doc = json.loads((tmp_path / "data" / "crawls" / f"{crawl_id}.json").read_text())
    assert doc["stats"]["pages"] == 16 and doc["started_at"].startswith("2024-05-18")
    again = backlinks(*args, check=True)
    assert "files 2: ingested 0, already done 2, failed 0" in again.stderr
    assert len(table(tmp_path / "data", "pages", crawl_id)) == 16


def test_damage_is_counted_in_the_summary_not_raised(tmp_path):
    path = need_corpus("warc", "edge-cases", "resiliparse-clipped.warc.gz")
    proc = backlinks("ingest-warc", str(path), "--data", str(tmp_path), "--crawl-id", "c", check=True)
    assert "errors: truncated 1" in proc.stderr
    assert "resiliparse-clipped.warc.gz@0" in proc.stderr  # the warning names file and offset


@pytest.mark.parametrize("args, message", [
    (["nowhere.warc.gz"], "error: nowhere.warc.gz: no such file or directory"),
    (["{warcs}/one.warc.gz", "--crawl-id", "../up"], "error: crawl id '../up'"),
    (["{warcs}/one.warc.gz", "--reader", "fast"], "error: unknown WARC reader 'fast'"),
])
def test_bad_input_is_one_line_on_stderr(tmp_path, warcs, args, message):
    proc = backlinks("ingest-warc", *[a.format(warcs=warcs) for a in args], "--data", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.startswith(message) and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_any_later_run_into_the_default_crawl_skips_what_it_holds(tmp_path, warcs):
    data = str(tmp_path / "data")
    backlinks("ingest-warc", str(warcs / "one.warc.gz"), "--data", data, "--processes", "1", check=True)
    later = backlinks("ingest-warc", str(warcs), "--data", data, "--processes", "1", check=True)
    assert "files 2: ingested 1, already done 1, failed 0" in later.stderr
    assert len(table(tmp_path / "data", "pages", "warc")) == 16


def test_a_file_that_fails_beside_good_ones_exits_non_zero_and_keeps_the_good(tmp_path):
    pages = [(f"https://site.example/{i}", b"<html><body><a href='/x'>x</a></body></html>") for i in range(3)]
    write_warc(tmp_path / "good.warc.gz", responses(pages))
    (tmp_path / "bad.warc.gz").write_bytes(b"this is no WARC file\n")
    data = tmp_path / "data"
    proc = backlinks("ingest-warc", str(tmp_path / "good.warc.gz"), str(tmp_path / "bad.warc.gz"),
                     "--data", str(data), "--crawl-id", "c", "--processes", "1")
    assert proc.returncode == 1
    assert "error: 1 of 2 files could not be read (see above); the others are in the crawl" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(table(data, "pages", "c")) == 3
