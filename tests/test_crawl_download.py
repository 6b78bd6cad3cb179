"""The download handler (crawler/download.py): through the operator's proxy, connections are
kept alive and reused, not opened anew for nearly every request. Counted at the proxy: the
local web's access log numbers each request's client connection."""

from __future__ import annotations

from crawler.localweb.generator import LocalWeb
from tests.support.crawl import crawl
from tests.support.localweb import running_localweb

SITES = 30


def test_requests_through_the_proxy_reuse_their_connections(tmp_path) -> None:
    with running_localweb(tmp_path, hosts=SITES) as web:
        crawl(LocalWeb(hosts=SITES).seeds[:SITES], tmp_path / "data", web.proxy_url,
              "--max-pages-per-domain", "20")
        log = web.access_log()
    connections = {row["conn"] for row in log}
    # Scrapy alone keeps CONCURRENT_REQUESTS_PER_DOMAIN (4 here) connections to the proxy,
    # all hosts together, and opens one for most of the others
    assert len(log) > 300 and len(connections) < len(log) / 4
