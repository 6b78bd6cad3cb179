"""The crawl against a hostile web (../shared/HARDENING.md rows 2, 4, 11-16, 20, 26): one real crawl.

Rows 1, 9 and 10 (robots.txt disallow, traps, session ids) are checked by
test_crawl_localweb.py; row 3 (one host, several workers) needs the distributed mode.

A single `backlinks crawl` subprocess (module fixture) goes through the local web's proxy to
its hostile host (endless and dripping bodies, a 10 GiB Content-Length, gzip/deflate/br/zstd
bombs of 1 GiB, a redirect loop, a 25-hop chain, a cookie, redirects to loopback, metadata and
file:, binary and pathological HTML), to a host whose robots.txt answers 503, one whose
robots.txt is missing, and one with a Crawl-delay; plus two private IP literals as seeds.
Small caps keep it short: DOWNLOAD_MAXSIZE 2 MiB (the gzip and deflate bombs are ~1 MiB on
the wire, so 1 MiB would stop them before decompression) and DOWNLOAD_TIMEOUT 2 s. While it
runs, /proc tells which sockets it listens on; when it ends, `os.wait4` its peak RSS.

Expected values come from the local web (its hostile host's docstring and constants, its
robots.txt kinds) and from the crawl settings, never from the code under test.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.localweb.catalogue import FEATURED, HOSTILE_HOST, SINK_HOST
from crawler.localweb.hostile import CHAIN, GIB, HOSTILE, REDIRECTS, SINK
from crawler.localweb.robots import crawl_delay
from crawler.run import crawl_settings
from tests.support.crawl import FAST_LOCAL
from tests.support.localweb import LocalWebProcess, running_localweb
from tests.support.procwatch import Watched, watch

MIB = 1 << 20
MAXSIZE = 2 * MIB
TIMEOUT = 2.0  # DOWNLOAD_TIMEOUT, seconds
CRAWL_ID = "hardening"
ROBOTS = {spec.robots: spec.host for spec in reversed(FEATURED)}  # kind -> first host of it
ROBOTS_404_HOST = "www.novosti-dnya.ru"  # the only host of its registered domain
ROBOTS_503_HOST = ROBOTS["503"]
DELAY_HOST = ROBOTS["delay"]
PRIVATE_SEEDS = ["http://127.0.0.1:6379/", "http://169.254.169.254/latest/meta-data/"]
SEEDS = [f"{HOSTILE}/", f"{SINK}/landing", f"http://{ROBOTS_503_HOST}/",
         f"http://{ROBOTS_404_HOST}/", f"http://{DELAY_HOST}/", *PRIVATE_SEEDS]
BOMBS = {"gzip": "/bomb.gz", "deflate": "/bomb.deflate", "br": "/bomb.br", "zstd": "/bomb.zst"}
CREDENTIAL_HEADERS = ("cookie", "authorization", "proxy-authorization")


@dataclass
class Crawl:
    data: Path
    web: LocalWebProcess = field(repr=False)
    run: Watched = field(repr=False)
    access: list[dict] = field(repr=False)

    @property
    def stats(self) -> dict:
        return self.manifest["stats"]

    @property
    def log(self) -> str:
        """Scrapy's log of the crawl (the screen shows only what the user must act on)."""
        return (self.data / "logs" / f"{CRAWL_ID}.log").read_text()

    @property
    def manifest(self) -> dict:
        return json.loads((self.data / "crawls" / f"{CRAWL_ID}.json").read_text())

    def rows(self, table: str, columns: str, where: str = "true", params: list | None = None) -> list[tuple]:
        return duckdb.connect().execute(
            f"SELECT {columns} FROM read_parquet('{self.data}/{table}/**/*.parquet') WHERE {where}",
            params or []).fetchall()

    def page(self, url: str) -> dict:
        cols = ("status", "error", "content_type", "redirect_to", "fetched_at", "warc_file")
        found = self.rows("pages", ", ".join(cols), "url = ?", [url])
        assert len(found) == 1, f"{url}: {len(found)} page rows"
        return dict(zip(cols, found[0], strict=True))

    def requests(self, host: str, path: str | None = None) -> list[dict]:
        return [r for r in self.access if r["host"] == host and r["method"] == "GET"
                and (path is None or r["path"] == path)]

    def warc_responses(self) -> list[tuple[str, int]]:
        """(target URI, payload length) of every response record."""
        out = []
        for path in sorted(self.data.glob("warc/**/*.warc.gz")):
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        uri = record.rec_headers.get_header("WARC-Target-URI")
                        out.append((uri, len(record.content_stream().read())))
        return out


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Iterator[Crawl]:
    tmp = tmp_path_factory.mktemp("hardening")
    with running_localweb(tmp, hosts=15) as web:
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", *SEEDS, "--data", str(tmp / "data"),
               "--proxy", web.proxy_url, "--quiet", "--crawl-id", CRAWL_ID, "--max-depth", "1",
               "--max-pages-per-domain", "40", *FAST_LOCAL,
               "-s", f"DOWNLOAD_MAXSIZE={MAXSIZE}", "-s", f"DOWNLOAD_WARNSIZE={MAXSIZE // 2}",
               "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}"]
        run = watch(cmd, tmp, timeout=120)
        assert run.returncode == 0, run.stderr[-3000:]
        yield Crawl(tmp / "data", web, run, web.access_log())


def _cancel_seconds(c: Crawl, path: str) -> float:
    """From the server seeing the request to the crawl recording the failed page."""
    (request,) = c.requests(HOSTILE_HOST, path)
    return c.page(HOSTILE + path)["fetched_at"].timestamp() - request["t"]


# -- row 11: huge or endless responses ------------------------------------------------------

def test_endless_chunked_stream_is_cancelled_at_download_maxsize(crawled):
    page = crawled.page(f"{HOSTILE}/endless")
    assert page["status"] == 0
    assert page["error"].startswith("DownloadCancelledError")
    assert f"larger than download max size ({MAXSIZE}) in request <GET {HOSTILE}/endless>" in crawled.log
    assert _cancel_seconds(crawled, "/endless") < TIMEOUT, "cut by the size cap, not the timeout"
    # the rest of the crawl went on
    assert crawled.manifest["finish_reason"] == "finished"
    assert len(crawled.rows("pages", "url", "host = ? AND status = 200", [ROBOTS_404_HOST])) >= 2
    assert crawled.page(f"{SINK}/landing")["status"] == 200


def test_huge_content_length_is_cancelled_before_the_body_is_read(crawled):
    page = crawled.page(f"{HOSTILE}/huge-length")
    assert page["status"] == 0
    assert page["error"].startswith("DownloadCancelledError")
    assert f"Expected to receive {10 * GIB} bytes which is larger than download max size" in page["error"]
    assert _cancel_seconds(crawled, "/huge-length") < 1.0


def test_drip_is_aborted_at_download_timeout_on_every_attempt(crawled):
    page = crawled.page(f"{HOSTILE}/drip")
    assert page["status"] == 0
    assert page["error"].startswith("DownloadTimeoutError")
    starts = [r["t"] for r in crawled.requests(HOSTILE_HOST, "/drip")]
    assert len(starts) == crawl_settings().getint("RETRY_TIMES") + 1
    ends = [*starts[1:], page["fetched_at"].timestamp()]
    for start, end in zip(starts, ends, strict=True):  # each attempt lasted the timeout, not the 3600 s drip
        assert TIMEOUT - 0.1 <= end - start < TIMEOUT + 1.5


# -- row 12: decompression bombs -------------------------------------------------------------

_REFUSED = re.compile(r"Ignored response <200 (\S+)> because its body \((\d+) B compressed, "
                      r"(\d+) B decompressed so far\) exceeded DOWNLOAD_MAXSIZE \((\d+) B\)")


@pytest.mark.parametrize("encoding", BOMBS)
def test_decompression_bomb_is_refused_at_the_decompressed_size_cap(crawled, encoding):
    url = HOSTILE + BOMBS[encoding]
    served = crawled.requests(HOSTILE_HOST, BOMBS[encoding])
    assert [r["status"] for r in served] == [200], "the local web serves this bomb once"
    refused = {m[1]: (int(m[2]), int(m[3]), int(m[4])) for m in _REFUSED.finditer(crawled.log)}
    compressed, decompressed, cap = refused[url]
    assert cap == MAXSIZE and compressed < MAXSIZE
    assert MAXSIZE < decompressed <= 2 * MAXSIZE, "decompression stopped just past the cap"
    assert not [n for uri, n in crawled.warc_responses() if uri == url]
    # a fetched response is a page, as a body cut at MAXSIZE on the wire is (/endless)
    page = crawled.page(url)
    assert page["status"] == 0
    assert "DOWNLOAD_MAXSIZE" in page["error"]


def test_bombs_keep_the_crawl_process_memory_far_below_the_bomb_size(crawled):
    startup = crawled.stats["memusage/startup"]  # Scrapy's ru_maxrss as the engine started
    peak = crawled.run.peak_rss
    assert peak < GIB // 2, f"peak RSS {peak / MIB:.0f} MiB"
    assert peak - startup < 64 * MAXSIZE, f"RSS grew by {(peak - startup) / MIB:.0f} MiB"


def test_no_warc_record_is_larger_than_download_maxsize(crawled):
    records = crawled.warc_responses()
    assert records
    assert max(n for _, n in records) <= MAXSIZE
    assert not list(crawled.data.glob("warc/**/*.open"))


def test_brotli_backend_has_the_chunk_limit_fix():
    import brotli

    assert importlib.util.find_spec("brotlicffi") is None  # Scrapy would prefer it
    assert tuple(int(x) for x in brotli.__version__.split(".")[:2]) >= (1, 2)  # CVE-2025-6176


# -- row 14: redirect loops and chains -------------------------------------------------------

def test_redirect_loop_is_fetched_once_each_way_and_recorded(crawled):
    for path, other in (("/loop-a", "/loop-b"), ("/loop-b", "/loop-a")):
        assert len(crawled.requests(HOSTILE_HOST, path)) == 1, path
        page = crawled.page(HOSTILE + path)
        assert (page["status"], page["redirect_to"]) == (302, HOSTILE + other)


def test_redirect_chain_gives_up_after_max_redirects_and_records_each_hop(crawled):
    hops = crawl_settings().getint("BACKLINKS_MAX_REDIRECTS")
    assert 0 < hops < CHAIN
    fetched = [r["path"] for r in crawled.requests(HOSTILE_HOST) if r["path"].startswith("/chain/")]
    assert fetched == [f"/chain/{i}" for i in range(hops + 1)]  # the first URL + `hops` hops
    for i in range(hops + 1):
        page = crawled.page(f"{HOSTILE}/chain/{i}")
        assert (page["status"], page["redirect_to"]) == (302, f"{HOSTILE}/chain/{i + 1}")
    assert crawled.stats["frontier/redirect_limit"] >= 1


# -- row 13: SSRF through redirects --------------------------------------------------------------

def test_redirects_to_loopback_metadata_and_file_are_not_fetched(crawled):
    for path in ("/to-loopback", "/to-metadata", "/to-file"):
        assert crawled.page(HOSTILE + path)["status"] == 302
    local_web = {HOSTILE_HOST, SINK_HOST, ROBOTS_503_HOST, ROBOTS_404_HOST, DELAY_HOST}
    assert {r["host"] for r in crawled.access} <= local_web
    targets = {urlsplit(REDIRECTS[p]).hostname or "" for p in ("/to-loopback", "/to-metadata")}
    assert not crawled.rows("pages", "url", "host IN (SELECT unnest(?)) OR url LIKE 'file:%'",
                            [sorted(targets)])
    # the same addresses as seeds: refused by the address guard before any request
    assert crawled.stats["ssrf/blocked"] >= len(PRIVATE_SEEDS)


# -- row 15: credentials across sites ----------------------------------------------------------

def test_cookie_set_by_one_site_is_never_sent_and_no_credentials_or_referer_leak(crawled):
    (cookie,) = crawled.requests(HOSTILE_HOST, "/cookie")
    later = [r for r in crawled.requests(HOSTILE_HOST) if r["t"] > cookie["t"] + 0.5]
    assert later, "requests to the cookie's own host after it was set"
    assert crawled.requests(SINK_HOST, "/landing")
    for r in crawled.access:
        sent = set(r["headers"]) & {*CREDENTIAL_HEADERS, "referer"}
        assert not sent, (r["url"], sent)


# -- row 16: malformed pages ---------------------------------------------------------------------

@pytest.mark.parametrize(("path", "links"), [
    ("/png-as-html", []),
    ("/deep", [f"{SINK}/deep-target"]),  # 10,000 nested <div>
    ("/bad-jsonld", [f"{SINK}/jsonld-target"]),
])
def test_malformed_page_is_recorded_with_its_links(crawled, path, links):
    page = crawled.page(HOSTILE + path)
    assert (page["status"], page["error"]) == (200, None)
    assert page["warc_file"]
    found = [u for (u,) in crawled.rows("links", "dst_url", "src_url = ?", [HOSTILE + path])]
    assert found == links
    assert "extract/errors" not in crawled.stats
    assert "Traceback" not in crawled.run.stderr + crawled.log


# -- rows 1, 2, 4: robots.txt ------------------------------------------------------------------

def test_robots_txt_503_means_nothing_but_robots_txt_is_fetched(crawled):
    paths = {r["path"] for r in crawled.requests(ROBOTS_503_HOST)}
    assert paths == {"/robots.txt"}
    assert not crawled.rows("pages", "url", "host = ? AND status > 0", [ROBOTS_503_HOST])
    assert crawled.stats["robotstxt/disallow_all/5xx"] >= 1


def test_robots_txt_404_means_allow_all(crawled):
    requests = crawled.requests(ROBOTS_404_HOST)
    assert requests[0]["path"] == "/robots.txt" and requests[0]["status"] == 404
    assert len(requests) > 2
    assert crawled.page(f"http://{ROBOTS_404_HOST}/")["status"] == 200


def test_crawl_delay_spaces_the_server_side_requests_to_that_host(crawled):
    delay = crawl_delay("delay")
    assert delay is not None and delay <= crawl_settings().getfloat("BACKLINKS_CRAWL_DELAY_MAX")
    times = [r["t"] for r in crawled.requests(DELAY_HOST) if r["path"] != "/robots.txt"]
    assert len(times) >= 5
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= delay - 0.1, gaps
    assert crawled.stats["crawldelay/hosts"] == 1


# -- rows 20, 26: no local code-execution surface, memory limit ---------------------------------

def test_no_telnet_console_or_remote_control_and_no_listening_socket(crawled):
    settings = crawl_settings()
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    run = crawled.run
    assert run.samples_with_sockets >= 10, "the watcher saw the crawl while it was fetching"
    assert run.listening == set()


def test_memory_usage_extension_is_on_and_its_limit_can_be_set():
    assert crawl_settings().getbool("MEMUSAGE_ENABLED") is True
    assert crawl_settings({"MEMUSAGE_LIMIT_MB": "900"}).getint("MEMUSAGE_LIMIT_MB") == 900


def test_the_crawl_ran_the_memory_usage_extension(crawled):
    assert crawled.stats["memusage/startup"] > 0
