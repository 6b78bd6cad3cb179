"""`backlinks crawl`'s screen and log: Scrapy's log goes to DATA/logs/, the screen keeps the
progress line, the summary (which names the log) and what the user must act on."""

from __future__ import annotations

import re

import pytest

from tests.support.crawl import FAST_LOCAL, backlinks
from tests.support.localweb import running_localweb

#: www.flaky-robots.net answers 503 for robots.txt: Scrapy retries it and logs an error per
#: request, which the summary counts and the screen does not show.
SEEDS = ["http://www.alpha-news.com/", "http://www.flaky-robots.net/", "http://www.closed-garden.org/",
         "http://www.bright-tech.io/"]
SCREEN = re.compile(r"pages \d+ .*errors \d+|crawl \S+ finished .*|  (pages|fetch errors|data in) .*")


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    with running_localweb(tmp_path_factory.mktemp("web"), hosts=15) as web:
        yield web


def crawl(web, data, crawl_id, *extra):
    return backlinks("crawl", *SEEDS, "--data", str(data), "--proxy", web.proxy_url, "--crawl-id", crawl_id,
                     "--max-pages-per-domain", "10", *FAST_LOCAL, *extra, check=True)


def test_scrapy_logs_to_the_data_directory_and_the_screen_keeps_the_progress_and_summary(web, tmp_path):
    proc = crawl(web, tmp_path, "c1")
    log = tmp_path / "logs" / "c1.log"
    text = log.read_text()
    assert "Spider opened" in text and "Gave up retrying" in text  # Scrapy's INFO, and a request's error
    assert [line for line in proc.stderr.splitlines() if not SCREEN.fullmatch(line)] == []
    assert proc.stderr.rstrip().endswith(f"log in {log}")


def test_the_log_level_is_the_files(web, tmp_path):
    crawl(web, tmp_path, "c2", "--log-level", "WARNING")
    assert "Spider opened" not in (tmp_path / "logs" / "c2.log").read_text()


def test_each_process_of_a_crawl_logs_to_its_own_file(web, tmp_path):
    proc = crawl(web, tmp_path, "c3", "--processes", "2")
    logs = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert logs == ["c3.w0-0.log", "c3.w0-1.log"]
    assert all("Spider opened" in (tmp_path / "logs" / name).read_text() for name in logs)
    assert [line for line in proc.stderr.splitlines() if not SCREEN.fullmatch(line)] == []
    assert proc.stderr.rstrip().endswith(f"log in {tmp_path / 'logs' / 'c3.*.log'}")
