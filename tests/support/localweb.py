"""Run the local web as a subprocess for a test: ``running_localweb(tmp_path, **kwargs)``.

The server binds port 0 and prints ``localweb listening on http://127.0.0.1:PORT`` as its first
stdout line; we wait for that line (no sleeps), and stop the process at exit. Use it directly
or through the session fixture ``localweb`` (import it in a conftest)::

    with running_localweb(tmp_path, hosts=20) as web:
        crawl(seeds, proxy=web.proxy_url)
        truth = web.truth()
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.localweb.truth import read_truth

ROOT = Path(__file__).resolve().parents[2]
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
def running_localweb(tmp_path: Path, *, hosts: int = 50, seed: int = 0, epoch: int = 1,
                     page_kb: int = 0, name: str = "localweb") -> Iterator[LocalWebProcess]:
    """Start ``python -m crawler.localweb`` on a free port; stop it at exit."""
    truth = tmp_path / f"{name}-truth.jsonl"
    log = tmp_path / f"{name}-access.jsonl"
    stderr_path = tmp_path / f"{name}.stderr"
    cmd = [sys.executable, "-m", "crawler.localweb", "--port", "0", "--hosts", str(hosts),
           "--seed", str(seed), "--epoch", str(epoch), "--page-kb", str(page_kb),
           "--truth", str(truth), "--access-log", str(log)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    with open(stderr_path, "w") as stderr:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                cwd=ROOT, env=env)
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


@pytest.fixture(scope="session")
def localweb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWebProcess]:
    """One default local web for the whole test run (import this fixture in a conftest)."""
    with running_localweb(tmp_path_factory.mktemp("localweb")) as web:
        yield web
