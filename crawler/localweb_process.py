"""Start the local web server as a child process and learn its address from its first line.

Used by `backlinks demo`, the test fixtures and the benchmarks, so all of them start it the
same way (Scrapy's tests/mockserver does the same): port 0, then read
"localweb listening on http://127.0.0.1:PORT" from the child's stdout.
"""

from __future__ import annotations

import re
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

_LISTENING = re.compile(r"listening on (http://\S+)")


@dataclass
class LocalWebProcess:
    proxy_url: str
    truth_path: Path | None
    access_log_path: Path | None
    process: subprocess.Popen


@contextmanager
def running_localweb(truth: Path | None = None, access_log: Path | None = None,
                     hosts: int = 50, page_kb: int = 0, epoch: int = 1, seed: int = 0,
                     ) -> Iterator[LocalWebProcess]:
    """Run `python -m crawler.localweb` for the duration of the block."""
    cmd = [sys.executable, "-m", "crawler.localweb", "--port", "0", "--hosts", str(hosts),
           "--page-kb", str(page_kb), "--epoch", str(epoch), "--seed", str(seed)]
    if truth is not None:
        cmd += ["--truth", str(truth)]
    if access_log is not None:
        cmd += ["--access-log", str(access_log)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = _LISTENING.search(line)
        if not match:
            raise RuntimeError(f"local web did not start: {line!r} (exit {proc.poll()})")
        yield LocalWebProcess(match.group(1), truth, access_log, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
