"""`backlinks demo`: the whole job on the embedded default, with nothing to set up.

Starts the local web (crawler/localweb) on a free loopback port, crawls all its sites through
it as a proxy (politeness delays off: it is our own server; robots.txt and Crawl-delay still
obeyed), builds the graph and prints the backlink profile of the site with the most
referring domains. Each step is the same library call the commands make.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

from crawler.errors import BacklinksError
from crawler.localweb_process import running_localweb

if TYPE_CHECKING:
    from pathlib import Path

#: Settings for crawling our own loopback server: no politeness delay needed there.
LOCAL_WEB_SETTINGS = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=4")


def crawl_local_web(data: Path, hosts: int = 50, fresh: bool = True) -> None:
    """Crawl every site of the local web into `data` (a subprocess: one reactor each)."""
    from crawler.localweb.generator import LocalWeb

    if fresh and data.exists():
        shutil.rmtree(data)
    with running_localweb(hosts=hosts) as web:
        seeds = LocalWeb(hosts=hosts).seeds
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", *seeds, "--data", str(data),
               "--proxy", web.proxy_url, "--crawl-id", "demo"]
        for pair in LOCAL_WEB_SETTINGS:
            cmd += ["-s", pair]
        print(f"1/3 crawling the {len(seeds)} sites of the local web through {web.proxy_url}",
              file=sys.stderr)
        if subprocess.call(cmd) != 0:
            raise BacklinksError("the demo crawl failed: see the lines above")


def most_linked_domain(data: Path) -> str:
    """The domain with the most referring domains: the demo's report is about it."""
    from analysis.index import Index

    with Index(data) as index:
        rows = index.sql(
            "SELECT dst_domain FROM links WHERE src_domain <> dst_domain "
            "GROUP BY dst_domain ORDER BY count(DISTINCT src_domain) DESC, dst_domain LIMIT 1"
        ).fetchall()
    if not rows:
        raise BacklinksError("the demo crawl found no links between sites")
    return rows[0][0]
