"""One rule for crawl ids and worker ids (pipelines/dataset/layout.py), checked by every command
that takes one: a bad id is one line on stderr, a non-zero exit, and nothing written."""

from __future__ import annotations

import pytest

from crawler.errors import BadCrawlId, BadWorkerId
from pipelines.dataset.layout import check_crawl_id, check_worker_id, manifest_name, table_dir, warc_dir
from tests.support.crawl import backlinks
from tests.support.datasets import Dataset, at, link

BAD = ["../x", "../../x", "a/b", "", ".hidden", "-flag", "a b", "x" * 101, "crawl\n", "é"]


@pytest.mark.parametrize("crawl_id", BAD)
def test_bad_ids_are_refused_by_every_path_builder(crawl_id, tmp_path):
    with pytest.raises(BadCrawlId, match="crawl id"):
        check_crawl_id(crawl_id)
    with pytest.raises(BadWorkerId, match="worker id"):
        check_worker_id(crawl_id)
    for build_path in (lambda: table_dir(tmp_path, "links", crawl_id), lambda: manifest_name(crawl_id),
                       lambda: warc_dir(crawl_id)):
        with pytest.raises(BadCrawlId):
            build_path()
    with pytest.raises(BadWorkerId):
        manifest_name("c1", crawl_id)


@pytest.mark.parametrize("crawl_id", ["20250106T120000Z", "cc-2026-11", "warc", "a.b_c-1", "x" * 100])
def test_good_ids_pass(crawl_id):
    assert check_crawl_id(crawl_id) == check_worker_id(crawl_id) == crawl_id


def _refused(proc, what: str) -> None:
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and what in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def _nothing_written(root) -> None:
    assert sorted(p.name for p in root.iterdir()) == ["data"] and not any((root / "data").iterdir())


@pytest.mark.parametrize("crawl_id", ["../x", "../../x", "a/b"])
def test_crawl_refuses_a_bad_crawl_id_and_writes_nothing(crawl_id, tmp_path):
    (tmp_path / "data").mkdir()
    proc = backlinks("crawl", "example.com", "--data", str(tmp_path / "data"), "--crawl-id", crawl_id)
    _refused(proc, "crawl id")
    _nothing_written(tmp_path)


def test_crawl_refuses_a_bad_worker_id(tmp_path):
    (tmp_path / "data").mkdir()
    _refused(backlinks("crawl", "example.com", "--data", str(tmp_path / "data"), "--worker-id", "../w"), "worker id")
    _nothing_written(tmp_path)


def test_ingest_refuses_a_bad_crawl_id(tmp_path):
    (tmp_path / "data").mkdir()
    warc = tmp_path / "data" / "in.warc"
    warc.write_bytes(b"")
    _refused(backlinks("ingest-warc", str(warc), "--data", str(tmp_path / "data"), "--crawl-id", "../x"), "crawl id")
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["in.warc"]


@pytest.mark.parametrize("command", ["seed", "status"])
def test_cluster_commands_check_the_crawl_id_before_anything(command):
    # port 1 has no Redis: the crawl id is refused before any connection is tried
    args = [command, "--redis", "redis://127.0.0.1:1/0", "--crawl-id", "../x"]
    _refused(backlinks(*args, *(["example.com"] if command == "seed" else [])), "crawl id")


@pytest.mark.parametrize("option", ["--crawl", "--old", "--new"])
def test_questions_refuse_a_bad_crawl_id(option, tmp_path):
    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.org/", at(0), links=[link("https://b.com/")])
    ds.fetch("c2", "https://a.org/", at(1), links=[link("https://b.com/")])
    ds.write()
    command = "history" if option != "--crawl" else "refdomains"
    _refused(backlinks(command, "b.com", "--data", str(tmp_path), option, "../x"), "crawl id")
