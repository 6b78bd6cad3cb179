"""Writing to an object-store URI goes through pyarrow's filesystems with the same atomic
publish as a local path; tested through a file:// URI (the same code path as s3://, gs://)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.dataset import schema
from pipelines.dataset.location import Location
from pipelines.dataset.parts import PartWriter, remove_stale_temp, write_atomically
from tests.support.crawl import crawl
from tests.support.localweb import running_localweb


def test_part_files_reach_a_uri_location_whole(tmp_path):
    uri = f"file://{tmp_path}/data/links/crawl=c1"
    writer = PartWriter(uri, schema.LINKS, "w0", rows_per_file=2)
    for i in range(5):
        writer.add({"crawl_id": "c1", "fetched_at": datetime(2026, 1, 1, tzinfo=UTC),
                    "src_url": f"http://a.com/{i}", "dst_url": "http://b.com/"})
    writer.close()
    files = sorted((tmp_path / "data/links/crawl=c1").iterdir())
    assert [f.name.startswith("part-") for f in files] == [True, True, True]
    glob = f"{tmp_path}/data/links/**/*.parquet"
    count = duckdb.connect().execute("SELECT count(*) FROM read_parquet($glob)", {"glob": glob}).fetchone()[0]
    assert count == 5
    (tmp_path / "data/links/crawl=c1/.part-w0-x.parquet.tmp").write_bytes(b"half")
    assert remove_stale_temp(uri, "w0") == 1


def test_location_publishes_small_files_atomically(tmp_path):
    location = Location(f"file://{tmp_path}")
    location.write_bytes(b'{"a": 1}', location.path("crawls", "x.json"))
    assert json.loads(location.read_bytes(location.path("crawls", "x.json"))) == {"a": 1}
    assert [p.name for p in (tmp_path / "crawls").iterdir()] == ["x.json"]


def test_a_crawl_writes_its_dataset_to_a_uri(tmp_path):
    with running_localweb(tmp_path, hosts=15) as web:
        crawl(["http://www.bright-tech.io/"], f"file://{tmp_path}/out", web.proxy_url, "--crawl-id", "u1",
              "--max-pages-per-domain", "5")
    out = tmp_path / "out"
    assert (out / "crawls/u1.json").exists()
    assert list(out.glob("warc/crawl=u1/*.warc.gz")) and not list(out.glob("warc/**/*.open"))
    pages = duckdb.connect().execute(
        f"SELECT count(*), count(warc_file) FROM read_parquet('{out}/pages/**/*.parquet')").fetchone()
    assert pages[0] == 5 and pages[1] == 5


def test_relative_local_paths_write_in_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_atomically(pa.table({"x": [1, 2]}), Path("data/links/crawl=c/part-a.parquet"))
    assert [p.name for p in (tmp_path / "data/links/crawl=c").iterdir()] == ["part-a.parquet"]
