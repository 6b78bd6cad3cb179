"""Per-host politeness at the server, under the crawl's default settings and scheduler
(crawler/slotqueue.py hands out requests only of free hosts): the gaps between two requests to
one host, robots.txt included, as the local web's access log timestamps them on arrival.

Lower bounds only: a slow or busy machine makes gaps longer, never shorter.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from crawler.run import crawl_settings
from tests.support.crawl import backlinks
from tests.support.localweb import running_localweb

SLOW = "www.slow-and-steady.io"  # robots.txt says Crawl-delay: 1
SEEDS = ["http://www.alpha-news.com/", "http://www.bright-tech.io/", "http://www.sakura-times.jp/",
         f"http://{SLOW}/"]
BUDGET = 12
SLACK = 0.05  # seconds: a request may reach the server a little sooner than the one before it


def test_no_host_gets_two_requests_closer_than_its_delay(tmp_path) -> None:
    delay = crawl_settings().getfloat("DOWNLOAD_DELAY")
    with running_localweb(tmp_path, latency_ms=50) as web:
        backlinks("crawl", *SEEDS, "--data", str(tmp_path / "data"), "--proxy", web.proxy_url,
                  "--quiet", "--max-pages-per-domain", str(BUDGET), check=True, timeout=300)
        arrivals: dict[str, list[float]] = defaultdict(list)
        for row in web.access_log():
            arrivals[row["host"]].append(row["t"])
    assert set(arrivals) >= {s.split("/")[2] for s in SEEDS}
    for host, times in arrivals.items():
        times.sort()
        gaps = [b - a for a, b in pairwise(times)]
        floor = 1.0 if host == SLOW else delay
        assert len(times) > 3 and min(gaps) >= floor - SLACK, (host, min(gaps))
