"""Start the local web server as a child process and learn its address from its first line.

Used by `backlinks demo`, the test fixtures and the benchmarks, so all of them start it the
same way (Scrapy's tests/mockserver does the same): port 0, then wait (no sleeps) for
``localweb listening on http://127.0.0.1:PORT`` on the child's stdout.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from crawler.localweb.truth import read_truth
from crawler.localweb.wide import wide_truth_path
from crawler.localweb.widetruth import WideTruth, read_wide_truth

ROOT = Path(__file__).resolve().parents[1]  # where the crawler package lives
START_TIMEOUT = 60.0
_LISTENING = re.compile(r"localweb listening on (http://127\.0\.0\.1:(\d+))")


@dataclass
class LocalWebProcess:
    proxy_url: str  # http://127.0.0.1:PORT, to use as the crawl's HTTP proxy
    truth_path: Path
    access_log_path: Path
    process: subprocess.Popen[str]

    @property
    def port(self) -> int:
        return int(self.proxy_url.rsplit(":", 1)[1])

    def truth(self) -> dict[str, list[dict]]:
        """``{"links": [...], "pages": [...], "changes": [...]}``."""
        return read_truth(self.truth_path)

    def wide_truth(self) -> WideTruth:
        """The truth of a wide web (``running_localweb(wide=True)``): sites, link graph,
        the targets' referring domains."""
        return read_wide_truth(wide_truth_path(self.truth_path))

    def access_log(self) -> list[dict]:
        """The requests the server has answered so far, oldest first."""
        if not self.access_log_path.exists():
            return []
        with open(self.access_log_path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.endswith("\n")]


def _first_line(proc: subprocess.Popen[str], timeout: float, stderr_path: Path) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline() if ready else ""
    if not _LISTENING.match(line):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"localweb did not start (first line {line!r}): "
                           f"{stderr_path.read_text(errors='replace')[-2000:]}")
    return line


@contextmanager
def running_localweb(directory: Path | None = None, *, hosts: int = 50, seed: int = 0, epoch: int = 1,
                     page_kb: int = 0, name: str = "localweb",
                     latency_ms: float = 0, fanout: int = 0, wide: bool = False,
                     sites: int = 3000, web: str = "",
                     web_args: dict[str, int] | None = None) -> Iterator[LocalWebProcess]:
    """Start ``python -m crawler.localweb`` on a free port, with its truth file, access log
    and stderr in `directory` (a temporary one if None), every reply `latency_ms` late, and
    `fanout` sites larger than any budget (crawler/localweb/traps.py); stop it at exit.
    ``wide=True`` serves the wide web of ``sites`` sites instead (leave ``hosts``, ``epoch``,
    ``page_kb`` at their defaults); `web` ("module:callable", called with `web_args`) serves
    another web."""
    if directory is None:
        with tempfile.TemporaryDirectory(prefix="localweb-") as tmp, \
                running_localweb(Path(tmp), hosts=hosts, seed=seed, epoch=epoch, page_kb=page_kb, name=name,
                                 latency_ms=latency_ms, fanout=fanout, wide=wide, sites=sites, web=web,
                                 web_args=web_args) as served:
            yield served
        return
    tmp_path = directory
    truth = tmp_path / f"{name}-truth.jsonl"
    log = tmp_path / f"{name}-access.jsonl"
    stderr_path = tmp_path / f"{name}.stderr"
    cmd = [sys.executable, "-m", "crawler.localweb", "--port", "0", "--hosts", str(hosts),
           "--seed", str(seed), "--epoch", str(epoch), "--page-kb", str(page_kb),
           "--truth", str(truth), "--access-log", str(log), "--latency-ms", str(latency_ms),
           "--fanout", str(fanout)]
    if wide:
        cmd += ["--wide", "--sites", str(sites)]
    if web:
        cmd += ["--web", web, *(f"--web-arg={k}={v}" for k, v in (web_args or {}).items())]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    with open(stderr_path, "w") as stderr:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                env=env)
    try:
        line = _first_line(proc, START_TIMEOUT, stderr_path)
        match = _LISTENING.match(line)
        assert match is not None
        yield LocalWebProcess(match[1], truth, log, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
