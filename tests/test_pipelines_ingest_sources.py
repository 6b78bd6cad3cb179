"""Inputs: files, directories, quoted globs, unfinished files, and remote URIs (an HTTP
server on loopback that answers range requests, as object stores and CDNs do)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from pipelines.ingest import ingest
from pipelines.ingest.errors import NoInput
from pipelines.ingest.sources import expand
from tests.support.warcs import corpus_pages, responses, table, without, write_warc


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("inputs")
    pages = corpus_pages(6, sets=("mozilla-readability",))
    (tmp / "2024" / "05").mkdir(parents=True)
    write_warc(tmp / "2024" / "05" / "a.warc.gz", responses(pages[:2]))
    write_warc(tmp / "2024" / "b.warc", responses(pages[2:4]), gz=False)
    write_warc(tmp / "c.warc.gz", responses(pages[4:]))
    write_warc(tmp / "d.warc.gz.open", responses(pages[:1]))  # a writer is still on it
    (tmp / "notes.txt").write_text("not an archive")
    return tmp


def names(sources) -> list[str]:
    return [s.name for s in sources]


def test_directories_globs_and_files(folder):
    assert names(expand([str(folder)])) == ["a.warc.gz", "b.warc", "c.warc.gz"]
    assert names(expand([str(folder / "**" / "*.warc*")])) == ["a.warc.gz", "b.warc", "c.warc.gz"]
    assert names(expand([str(folder / "c.warc.gz"), str(folder)])) == ["c.warc.gz", "a.warc.gz", "b.warc"]
    assert names(expand([str(folder / "d.warc.gz.open")])) == ["d.warc.gz.open"]  # named: read it


@pytest.mark.parametrize("arg", ["missing.warc.gz", "nothing-*.warc.gz"])
def test_a_name_that_names_nothing_is_an_error(folder, arg):
    with pytest.raises(NoInput, match=arg.split("*")[0]):
        expand([str(folder / arg)])


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that answers `Range: bytes=a-b`, as S3 and CDNs do."""

    def log_message(self, *args):  # keep the test output clean
        pass

    def send_head(self):
        spec = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if not spec or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, _, last = spec.removeprefix("bytes=").partition("-")
        start, end = int(first or 0), min(int(last) if last else size - 1, size - 1)
        f = open(path, "rb")  # noqa: SIM115 - closed by the base class
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return _Limited(f, end - start + 1)


class _Limited:
    def __init__(self, f, n):
        self.f, self.n = f, n

    def read(self, size=-1):
        data = self.f.read(self.n if size < 0 else min(size, self.n))
        self.n -= len(data)
        return data

    def close(self):
        self.f.close()


@pytest.fixture
def server(folder):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_RangeHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_a_remote_file_gives_the_rows_of_the_local_one(tmp_path, folder, server):
    pytest.importorskip("fsspec")
    pytest.importorskip("aiohttp")
    local = ingest([str(folder / "c.warc.gz")], tmp_path / "data", "local", processes=1)
    remote = ingest([f"{server}/c.warc.gz"], tmp_path / "data", "remote", processes=1)
    assert remote.errors == {} and remote.pages == local.pages == 2
    rows = table(tmp_path / "data", "pages", "remote")
    assert all(r["warc_file"] == f"{server}/c.warc.gz" for r in rows)
    for name in ("pages", "links"):
        assert without(table(tmp_path / "data", name, "remote"), "crawl_id", "warc_file") == \
            without(table(tmp_path / "data", name, "local"), "crawl_id", "warc_file")
    again = ingest([f"{server}/c.warc.gz"], tmp_path / "data", "remote", processes=1)
    assert again.files_skipped == 1


def test_a_file_inside_the_data_directory_is_named_as_the_crawl_names_it(tmp_path, folder):
    data = tmp_path / "data"
    (data / "warc" / "crawl=old").mkdir(parents=True)
    os.link(folder / "c.warc.gz", data / "warc" / "crawl=old" / "c.warc.gz")
    ingest([str(data / "warc" / "crawl=old")], data, "again", processes=1)
    assert {r["warc_file"] for r in table(data, "pages", "again")} == {"warc/crawl=old/c.warc.gz"}
