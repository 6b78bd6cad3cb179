"""The local web's latency option: every reply waits, robots.txt included, and the waits of
different connections overlap (a far server, not a slow one)."""

from __future__ import annotations

import http.client
import time
from concurrent.futures import ThreadPoolExecutor

from tests.support.localweb import LocalWebProcess, running_localweb

ALPHA = "http://www.alpha-news.com"
LATENCY = 1.0  # seconds: far above the time the server needs to answer on loopback


def timed_get(server: LocalWebProcess, url: str) -> tuple[int, float]:
    """GET `url` through the proxy on a connection of its own; (status, seconds taken)."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    finally:
        conn.close()


def test_every_reply_waits_and_the_waits_overlap(tmp_path) -> None:
    urls = [ALPHA + "/robots.txt", ALPHA + "/", ALPHA + "/no-such-page.html"] * 2
    with running_localweb(tmp_path, hosts=15, latency_ms=LATENCY * 1000) as web:
        with ThreadPoolExecutor(len(urls)) as pool:
            results = list(pool.map(lambda url: timed_get(web, url), urls))
        arrivals = sorted(row["t"] for row in web.access_log())
    assert [status for status, _ in results] == [200, 200, 404] * 2
    assert min(seconds for _, seconds in results) >= LATENCY
    # The server read every request while the first one was still waiting: had one wait
    # blocked the others, the six would have arrived at least 5 x LATENCY apart.
    assert len(arrivals) == len(urls) and arrivals[-1] - arrivals[0] < LATENCY


def test_no_latency_by_default(localweb: LocalWebProcess) -> None:
    status, seconds = timed_get(localweb, ALPHA + "/robots.txt")
    assert status == 200 and seconds < LATENCY
