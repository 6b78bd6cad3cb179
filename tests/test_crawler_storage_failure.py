"""A write to the data directory that fails stops the crawl: it fetches no more than what is
in flight, every part file already written stays readable, and the command says in one line
what failed and how many pages are durable, with a non-zero exit.

The failures are real and need no mount (CI runs as root in a container): a file-size limit
on the crawl process (RLIMIT_FSIZE: a write past it fails with EFBIG, as on a full disk; root
is not exempt), a file standing where a directory must be created (root cannot write through
it either), and, through pyarrow's filesystem layer (the object-store path, `file://`), a
directory replaced by a file in the middle of the crawl.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.localweb.generator import LocalWeb
from tests.support.crawl import FAST_LOCAL
from tests.support.localweb import running_localweb

HOSTS = 15
CONCURRENCY = 8
#: Small part files, written often: the failure comes after several of them.
OPTIONS = [*FAST_LOCAL, "-s", f"CONCURRENT_REQUESTS={CONCURRENCY}", "-s", "BACKLINKS_STORE_ROWS_PER_FILE=20",
           "--max-pages-per-domain", "40", "--quiet", "--crawl-id", "c1"]


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    with running_localweb(tmp_path_factory.mktemp("web"), hosts=HOSTS) as running:
        yield running


def _command(data: str, proxy: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", *LocalWeb(hosts=HOSTS).seeds[:HOSTS],
            "--data", data, "--proxy", proxy, *OPTIONS]


#: Scrapy's own log lines (the local web's 503 robots.txt and 500 page are logged by its
#: retry middleware): not ours to judge here.
SCRAPY_LOG = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[scrapy\.downloadermiddlewares\.retry\] ")


def _error_line(proc) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip() and not SCRAPY_LOG.match(line)]
    assert proc.returncode != 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr[-3000:]
    return lines[0]


def _durable(line: str) -> int:
    return int(re.search(r"the crawl stopped: (\d+) pages are durable", line).group(1))


def _part_rows(directory, *, temporary_allowed: bool = False) -> int:
    """Rows of every part file under `directory`, each opened whole (a half file would fail);
    no temporary file left behind, unless the test moved the directory away while a part was
    being written into it (the writer can no longer find it to remove)."""
    if not temporary_allowed:
        assert not [p for p in directory.rglob(".*") if p.is_file()], "a temporary file was left"
    return sum(pq.read_table(p).num_rows for p in directory.rglob("part-*.parquet"))


def test_a_file_size_limit_stops_the_crawl_at_the_first_failed_write(web, tmp_path):
    data = tmp_path / "data"
    requests_before = len(web.access_log())

    def limit() -> None:  # in the crawl process only; Python ignores SIGXFSZ: writes get EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))

    proc = subprocess.run(_command(str(data), web.proxy_url), capture_output=True, text=True,
                          timeout=300, preexec_fn=limit)
    line = _error_line(proc)
    assert "cannot write the WARC file warc/crawl=c1/" in line and "File too large" in line
    durable = _durable(line)
    assert durable > 0 and _part_rows(data / "pages") == durable
    _part_rows(data / "links")
    # the WARC file is cut back to its last complete record: every record reads
    [warc] = (data / "warc" / "crawl=c1").glob("*.warc.gz")
    with warc.open("rb") as f:
        records = [r.rec_type for r in ArchiveIterator(f)]
    assert records.count("response") >= durable
    # it stopped fetching: past the durable pages, what was in flight and in the buffers at
    # most (robots.txt included); a whole crawl would have asked for every page of the truth
    fetched = len(web.access_log()) - requests_before
    hosts = {seed.split("/")[2] for seed in LocalWeb(hosts=HOSTS).seeds[:HOSTS]}
    whole = sum(1 for page in web.truth()["pages"] if page["host"] in hosts)
    assert fetched <= durable + 2 * CONCURRENCY + 20 + HOSTS < whole / 2


def test_a_file_where_a_directory_must_be_made_stops_the_crawl(web, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "links").write_text("not a directory")
    proc = subprocess.run(_command(str(data), web.proxy_url), capture_output=True, text=True, timeout=300)
    line = _error_line(proc)
    assert "cannot write the part files of crawl c1" in line and "Not a directory" in line
    assert _durable(line) == 0 and _part_rows(data / "pages") == 0


def test_a_data_path_that_is_a_file_stops_the_crawl_before_it_fetches(web, tmp_path):
    data = tmp_path / "data"
    data.write_text("a file, not a directory")
    before = len(web.access_log())
    proc = subprocess.run(_command(str(data), web.proxy_url), capture_output=True, text=True, timeout=300)
    line = _error_line(proc)
    assert f"{data} is a file" in line
    assert data.read_text() == "a file, not a directory"
    assert len(web.access_log()) == before  # refused before the crawl started


def test_a_uri_location_whose_directory_disappears_stops_the_crawl(web, tmp_path):
    """Through pyarrow's filesystem layer, as for s3:// or gs://: once the first links part is
    written, its directory is moved away and a file put in its place."""
    data = tmp_path / "data"
    links = data / "links" / "crawl=c1"
    proc = subprocess.Popen(_command(f"file://{data}", web.proxy_url), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(links.glob("part-*.parquet")):
        assert proc.poll() is None and time.monotonic() < deadline, "no part file was written"
        time.sleep(0.01)
    links.rename(data / "links" / "moved")
    links.write_text("in the way")
    _, stderr = proc.communicate(timeout=300)
    line = _error_line(subprocess.CompletedProcess(proc.args, proc.returncode, "", stderr))
    assert "cannot write the part files of crawl c1" in line
    assert _part_rows(data / "pages") == _durable(line)
    # the parts written before stay whole (one being written when the directory went may
    # stay there as a dot-file: no reader's glob matches it)
    assert _part_rows(data / "links" / "moved", temporary_allowed=True) > 0
