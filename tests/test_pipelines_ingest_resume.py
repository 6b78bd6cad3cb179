"""Resuming: a second run adds nothing; an interrupted run (Ctrl-C, kill -9) is finished by
running it again, and the rows are then exactly those of one clean run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.ingest import defaults, ingest
from pipelines.ingest.errors import IngestLocked
from pipelines.ingest.manifest import open_manifest
from tests.support.warcs import ROOT, corpus_pages, responses, table, without, write_warc


@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    """Two WARC files of real pages, and the rows of one clean ingest of both."""
    tmp = tmp_path_factory.mktemp("resume")
    pages = corpus_pages(60, sets=("mozilla-readability", "article-extraction-benchmark"))
    write_warc(tmp / "a.warc.gz", responses(pages[:30]))
    write_warc(tmp / "b.warc.gz", responses(pages[30:]))
    summary = ingest([str(tmp / "a.warc.gz"), str(tmp / "b.warc.gz")], tmp / "clean", "r", processes=1)
    assert summary.pages == 60
    return tmp, {t: without(table(tmp / "clean", t, "r"), "crawl_id") for t in ("pages", "links")}


def parts(data: Path) -> set[str]:
    return {str(p.relative_to(data)) for p in data.rglob("*.parquet")}


def assert_like_clean(data: Path, clean: dict) -> None:
    for name in ("pages", "links"):
        assert without(table(data, name, "r"), "crawl_id") == clean[name], name


def test_a_second_run_adds_nothing(tmp_path, warcs):
    src, clean = warcs
    data = tmp_path / "data"
    inputs = [str(src / "a.warc.gz"), str(src / "b.warc.gz")]
    ingest(inputs, data, "r", processes=1)
    before = parts(data)
    again = ingest(inputs, data, "r", processes=1)
    assert (again.files_skipped, again.files_ingested, again.pages, again.links) == (2, 0, 0, 0)
    assert parts(data) == before
    assert_like_clean(data, clean)


def test_the_same_file_under_another_name_is_not_ingested_twice(tmp_path, warcs):
    src, clean = warcs
    data = tmp_path / "data"
    ingest([str(src / "a.warc.gz"), str(src / "b.warc.gz")], data, "r", processes=1)
    shutil.copy(src / "a.warc.gz", tmp_path / "copy-of-a.warc.gz")
    again = ingest([str(tmp_path / "copy-of-a.warc.gz")], data, "r", processes=1)
    assert (again.files_skipped, again.pages) == (1, 0)
    assert_like_clean(data, clean)


def test_an_interrupted_run_is_finished_by_running_it_again(tmp_path, warcs, monkeypatch):
    src, clean = warcs
    data = tmp_path / "data"
    inputs = [str(src / "a.warc.gz"), str(src / "b.warc.gz")]
    monkeypatch.setattr(defaults, "CHECKPOINT_PAGES", 4)
    monkeypatch.setattr(defaults, "PROGRESS_SECONDS", 0)
    monkeypatch.setattr(defaults, "REPORT_SECONDS", 0)

    stopped = []

    def stop_midway(progress):  # Ctrl-C, once
        if progress.pages >= 40 and not stopped:
            stopped.append(progress.pages)
            raise KeyboardInterrupt

    first = ingest(inputs, data, "r", processes=1, progress=stop_midway)
    assert first.interrupted and 0 < first.pages < 60
    doc = json.loads((data / "ingest" / "crawl=r" / "manifest.json").read_text())
    ranges = [r for e in doc["files"].values() for r in e["ranges"]]
    assert [r["done"] for r in ranges] == [True, False]
    assert ranges[1]["next"] is not None and ranges[1]["parts"]
    crawl = json.loads((data / "crawls" / "r.json").read_text())
    assert crawl["finish_reason"] == "interrupted"

    # what a crash leaves after the last checkpoint: a written part no checkpoint names, a temp file
    stray = data / "links" / "crawl=r" / "part-ingest-000000000000-001-20250101T000000000-00001.parquet"
    shutil.copy(data / ranges[1]["parts"][0], stray)
    (data / "links" / "crawl=r" / ".part-ingest-x.parquet.tmp").write_bytes(b"PAR1")

    second = ingest(inputs, data, "r", processes=1)
    assert (second.files_skipped, second.files_ingested) == (1, 1)
    assert first.pages + second.pages == 60
    assert not stray.exists() and not list(data.rglob("*.tmp"))
    assert_like_clean(data, clean)
    assert json.loads((data / "crawls" / "r.json").read_text())["finish_reason"] == "finished"


def test_kill_9_of_a_parallel_run_then_resume(tmp_path, warcs):
    """kill -9 of the command and its workers at any moment after they have started
    writing; the next run finishes and no row is missing or twice."""
    src, clean = warcs
    data = tmp_path / "data"
    script = tmp_path / "run.py"
    script.write_text(
        "import sys\n"
        "from pipelines.ingest import defaults, ingest\n"
        "defaults.CHECKPOINT_PAGES = 2\n"
        "if __name__ == '__main__':\n"
        "    ingest(sys.argv[2:], sys.argv[1], 'r', processes=2)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(script), str(data), str(src / "a.warc.gz"), str(src / "b.warc.gz")],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = data / "ingest" / "crawl=r" / "manifest.json"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                doc = json.loads(manifest.read_text())
            except (OSError, ValueError):
                doc = {"files": {}}
            if any(r["parts"] for e in doc["files"].values() for r in e["ranges"]):
                break
            time.sleep(0.01)
        killed = proc.poll() is None
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    resumed = ingest([str(src / "a.warc.gz"), str(src / "b.warc.gz")], data, "r", processes=1)
    assert killed, "the run ended before it could be killed: make the input larger"
    assert resumed.files_ingested + resumed.files_skipped == 2
    assert_like_clean(data, clean)


def test_one_ingest_per_crawl_id_at_a_time(tmp_path, warcs):
    src, _ = warcs
    with open_manifest(tmp_path / "data", "r"), pytest.raises(IngestLocked):
        ingest([str(src / "a.warc.gz")], tmp_path / "data", "r", processes=1)
