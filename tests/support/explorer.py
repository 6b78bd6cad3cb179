"""`backlinks serve` for tests: the real command as a subprocess on a free port of 127.0.0.1,
its URL read from its first stdout line, stopped (SIGTERM) at exit."""

from __future__ import annotations

import select
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 60


@contextmanager
def running_explorer(data: Path, *args: str) -> Iterator[str]:
    """Serve `data` (`args`: more options of `backlinks serve`); yield the URL it printed."""
    stderr_path = data.parent / f"{data.name}-serve.stderr"
    with open(stderr_path, "w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "serve", "--data", str(data), "--port", "0",
                                 *args], stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], START_TIMEOUT)
        line = proc.stdout.readline().strip() if ready else ""
        if not line.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"backlinks serve did not start ({line!r}): {stderr_path.read_text()[-2000:]}")
        yield line
    finally:
        proc.terminate()
        try:
            assert proc.wait(timeout=20) == 0, stderr_path.read_text()[-2000:]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
