"""Run a command as a subprocess and watch it from /proc: its listening TCP sockets while it
runs, and its own peak RSS when it ends (``os.wait4``: this child only, unlike
``RUSAGE_CHILDREN``, which mixes in every child the test run has reaped before).

    watched = watch([sys.executable, "-m", "crawler.cli", "crawl", ...], tmp_path)
    assert watched.returncode == 0 and watched.listening == set()

Linux only (/proc). Polling, not sleeping: the watcher looks every ``interval`` seconds until
the process ends.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_LISTEN = "0A"  # TCP_LISTEN in /proc/net/tcp's st column


@dataclass
class Watched:
    returncode: int
    stdout: str
    stderr: str
    elapsed: float  # seconds
    peak_rss: int  # bytes: the largest VmHWM sampled while it ran
    listening: set[str] = field(default_factory=set)  # "addr:port" of its LISTEN sockets
    samples: int = 0  # looks at /proc while the process was alive
    samples_with_sockets: int = 0  # ... of which it had at least one socket open


def socket_inodes(pid: int) -> set[str]:
    """Inodes of the sockets the process holds (from its fd symlinks)."""
    inodes: set[str] = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def listening_sockets(pid: int, inodes: set[str]) -> set[str]:
    """The LISTEN TCP sockets (IPv4 and IPv6) among ``inodes``, as hex "addr:port"."""
    found = set()
    for table in ("tcp", "tcp6"):
        try:
            with open(f"/proc/{pid}/net/{table}") as fh:
                next(fh)
                for line in fh:
                    cols = line.split()
                    if cols[3] == _LISTEN and cols[9] in inodes:
                        found.add(f"{table} {cols[1]}")
        except OSError:
            continue
    return found


def high_water_mark(pid: int) -> int:
    """Peak resident set size (bytes) of `pid`'s address space since its exec, or 0."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def watch(cmd: list[str], out_dir: Path, *, timeout: float = 300, interval: float = 0.05) -> Watched:
    """Run ``cmd`` to the end, watching its sockets; stdout/stderr go to files in ``out_dir``."""
    out_path, err_path = out_dir / "watched.stdout", out_dir / "watched.stderr"
    started = time.monotonic()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
    result = Watched(returncode=-1, stdout="", stderr="", elapsed=0.0, peak_rss=0)
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            result.peak_rss = max(result.peak_rss, high_water_mark(proc.pid))
            inodes = socket_inodes(proc.pid)
            result.samples += 1
            if inodes:
                result.samples_with_sockets += 1
                result.listening |= listening_sockets(proc.pid, inodes)
            done.wait(interval)

    watcher = threading.Thread(target=poll, name="procwatch", daemon=True)
    watcher.start()
    timer = threading.Timer(timeout, proc.kill)  # a hung crawl fails the test, not the run
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
        done.set()
        watcher.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    result.returncode = proc.returncode
    result.elapsed = time.monotonic() - started
    # ru_maxrss would also count the parent's pages copied at fork (pytest's memory): the
    # sampled VmHWM is the peak of the crawl's own address space since exec.
    del usage
    result.stdout = out_path.read_text(errors="replace")
    result.stderr = err_path.read_text(errors="replace")
    return result
