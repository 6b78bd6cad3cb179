"""Run the real `backlinks` command as a subprocess, as a user would (tests never import the
reactor: one Twisted reactor per process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

#: Our own loopback server needs no politeness delay; robots.txt and Crawl-delay still hold.
FAST_LOCAL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
              "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"]


def backlinks(*args: str, timeout: float = 600, check: bool = False) -> subprocess.CompletedProcess:
    """Run `backlinks ARGS...` and capture its output."""
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"backlinks {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc


def crawl(seeds: list[str], data: Path, proxy: str, *extra: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return backlinks("crawl", *seeds, "--data", str(data), "--proxy", proxy, "--quiet",
                     *FAST_LOCAL, *extra, timeout=timeout, check=True)


def crawl_epochs(tmp: Path, seeds: list[str], *, hosts: int = 50, max_depth: int, budget: int,
                 web: str = "", web_args: dict[str, int] | None = None) -> tuple[Path, dict]:
    """Crawl epoch 1, then epoch 2 (crawl ids `epoch1`, `epoch2`) into `tmp/data`; return the
    data dir and the last epoch's truth. By default the local web of `hosts` hosts; with `web`
    ("module:callable", as `python -m crawler.localweb --web`) another web, called with
    `web_args` and `epoch`, whose truth is its own JSON document (`seeds` empty: its
    ``truth["seeds"]``)."""
    from crawler.localweb_process import running_localweb

    data = tmp / "data"
    truth: dict[str, Any] = {}
    for epoch in (1, 2):
        served_args = {**(web_args or {}), "epoch": epoch} if web else None
        with running_localweb(tmp, hosts=hosts, epoch=epoch, name=f"epoch{epoch}", web=web,
                              web_args=served_args) as served:
            truth = json.loads(served.truth_path.read_text()) if web else dict(served.truth())
            crawl(seeds or [str(s) for s in truth["seeds"]], data, served.proxy_url, "--crawl-id", f"epoch{epoch}",
                  "--max-depth", str(max_depth), "--max-pages-per-domain", str(budget))
    return data, truth
