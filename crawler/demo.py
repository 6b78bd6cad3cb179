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

from crawler.localweb_process import running_localweb

if TYPE_CHECKING:
    from pathlib import Path

#: Settings for crawling our own loopback server: no politeness delay needed there.
LOCAL_WEB_SETTINGS = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=4")


def run_demo(data: Path, hosts: int = 50, fresh: bool = True) -> int:
    """Crawl the local web into `data`, build the graph; return the crawl's exit status."""
    if fresh and data.exists():
        shutil.rmtree(data)
    with running_localweb(truth=data.parent / f".{data.name}-truth.jsonl", hosts=hosts) as web:
        from crawler.localweb.generator import LocalWeb

        seeds = LocalWeb(hosts=hosts).seeds
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", *seeds, "--data", str(data),
               "--proxy", web.proxy_url, "--crawl-id", "demo"]
        for pair in LOCAL_WEB_SETTINGS:
            cmd += ["-s", pair]
        print(f"Crawling {len(seeds)} sites of the local web through {web.proxy_url} ...", file=sys.stderr)
        return subprocess.call(cmd)
