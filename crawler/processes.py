"""`backlinks crawl --processes N`: one crawl run by N processes of this machine.

A Scrapy crawl runs on one core: extraction and the engine are Python, and one process
cannot use a second core. The crawl stays inside each seed's registered domain
(crawler/frontier.py), so the seeds can be dealt out by registered domain and each process
crawl its share on its own: no host, robots.txt, Crawl-delay or page budget is ever shared
between two processes, and nothing has to be exchanged while they run. Each process writes
its own part files and manifest (`crawls/<crawl_id>.<worker>.json`) into the same data dir,
under the same crawl id, with its share of CONCURRENT_REQUESTS (the total stays what the
operator set).

The parent starts the processes in their own process group, so a Ctrl-C in the terminal
reaches the parent alone, which forwards it once to each process (a first Ctrl-C stops the
crawl cleanly, a second one at once, as with one process; SIGTERM likewise). It prints the
sum of the processes' progress lines, and after the last one ends, the sum of their counters.
A process that fails (killed, crashed) is reported with the domains it had; the others go on.

With --redis the processes are workers of the distributed crawl instead: the shared
frontier deals the work out, and the seeds go to Redis once, from the parent.
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.errors import BacklinksError
from crawler.progress import print_progress
from crawler.run import crawl_settings, run_crawl
from crawler.seeds import parse_seeds
from crawler.spiders.backlinks import new_crawl_id

#: Counters that are not added up over the processes but taken at their largest.
MAX_STATS = ("elapsed_time_seconds", "progress/elapsed_seconds", "memusage/max", "memusage/startup")
#: What a child process is told: its seeds, its settings, where to write its counters.
Job = dict[str, Any]


def deal_seeds(seeds: list[str], processes: int, *, private_suffixes: bool = False) -> list[list[str]]:
    """The seeds of each process: every registered domain goes to exactly one process, the
    domains dealt in turn (first seen, first dealt), so the shares differ by one domain at
    most. Fewer shares than `processes` when there are fewer domains."""
    by_domain: dict[str, list[str]] = {}
    for seed in parse_seeds(seeds, private_suffixes=private_suffixes):
        by_domain.setdefault(seed.domain, []).append(seed.text)
    shares: list[list[str]] = [[] for _ in range(min(processes, len(by_domain)))]
    for turn, texts in enumerate(by_domain.values()):
        shares[turn % len(shares)].extend(texts)
    return shares


@dataclass
class Child:
    """One crawl process and the files it reports through."""

    worker: str
    seeds: list[str]
    progress_file: Path
    stats_file: Path
    process: subprocess.Popen[bytes] | None = None
    stats: dict[str, Any] = field(default_factory=dict)

    def start(self, overrides: dict[str, Any]) -> None:
        job: Job = {"seeds": self.seeds, "overrides": overrides, "stats_file": str(self.stats_file)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crawler.processes"], stdin=subprocess.PIPE, process_group=0
        )
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(job).encode())
        self.process.stdin.close()

    def progress(self) -> dict[str, Any]:
        try:
            return json.loads(self.progress_file.read_text())
        except (OSError, ValueError):
            return {}

    def finish(self) -> str | None:
        """Read the counters of the ended process; what went wrong, or None."""
        assert self.process is not None
        code = self.process.wait()
        try:
            self.stats = json.loads(self.stats_file.read_text())
        except (OSError, ValueError):
            self.stats = {}
        if code == 0 and self.stats:
            return None
        how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        return f"crawl process {self.worker} ({len(self.seeds)} seeds) failed: {how}"


def child_overrides(overrides: dict[str, Any], worker: str, share: int, progress_file: Path) -> dict[str, Any]:
    """The settings of one process: the crawl's, with its worker id, its share of the
    concurrency, a log prefix naming it, and its progress written to a file, not printed."""
    child = dict(overrides)
    child.update(
        BACKLINKS_WORKER_ID=worker, CONCURRENT_REQUESTS=share, BACKLINKS_MANIFEST_PER_WORKER=True,
        BACKLINKS_PROGRESS=False, BACKLINKS_PROGRESS_FILE=str(progress_file),
    )
    child.setdefault("LOG_FORMAT", f"%(asctime)s [{worker}] [%(name)s] %(levelname)s: %(message)s")
    return child


def run_processes(seeds: list[str], overrides: dict[str, Any], processes: int) -> dict[str, Any]:
    """Crawl `seeds` with `processes` processes of this machine (see the module's doc); return
    the crawl's counters summed over them, `processes/*` saying how many ran and failed."""
    settings = crawl_settings(overrides)
    overrides = dict(overrides)
    overrides.setdefault("BACKLINKS_CRAWL_ID", settings.get("BACKLINKS_CRAWL_ID") or new_crawl_id())
    if settings.get("REDIS_URL"):
        shares: list[list[str]] = [[] for _ in range(processes)]  # seeds are in Redis already
    else:
        shares = deal_seeds(seeds, processes, private_suffixes=settings.getbool("BACKLINKS_PRIVATE_SUFFIXES"))
    if len(shares) <= 1:
        return run_crawl(seeds, overrides)
    share = max(1, math.ceil(settings.getint("CONCURRENT_REQUESTS") / len(shares)))
    show = settings.getbool("BACKLINKS_PROGRESS")
    interval = settings.getfloat("BACKLINKS_PROGRESS_INTERVAL", 1.0)
    worker = settings.get("BACKLINKS_WORKER_ID")
    with tempfile.TemporaryDirectory(prefix="backlinks-processes-") as tmp:
        children = [
            Child(f"{worker}-{i}", texts, Path(tmp, f"progress.{i}.json"), Path(tmp, f"stats.{i}.json"))
            for i, texts in enumerate(shares)
        ]
        started = time.monotonic()
        with _forwarded_signals(children):
            for child in children:
                child.start(child_overrides(overrides, child.worker, share, child.progress_file))
            while any(child.process.poll() is None for child in children):  # type: ignore[union-attr]
                time.sleep(interval)
                if show:
                    print_progress(_summed_progress(children, time.monotonic() - started), sys.stderr.isatty())
            if show and sys.stderr.isatty():
                sys.stderr.write("\n")
            failures = [problem for problem in (child.finish() for child in children) if problem]
    stats = sum_stats([child.stats for child in children], time.monotonic() - started)
    stats.update({"crawl_id": overrides["BACKLINKS_CRAWL_ID"], "processes/count": len(children),
                  "processes/failed": len(failures), "processes/failures": failures})
    return stats


@contextmanager
def _forwarded_signals(children: list[Child]) -> Iterator[None]:
    """While the processes run, SIGINT and SIGTERM sent to this one go to each of them."""

    def forward(signum: int, frame: Any) -> None:
        for child in children:
            if child.process is not None and child.process.poll() is None:
                child.process.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _summed_progress(children: list[Child], elapsed: float) -> dict[str, Any]:
    total: dict[str, float] = {"pages": 0, "links": 0, "domains": 0, "domains_done": 0, "errors": 0}
    for child in children:
        progress = child.progress()
        for key in total:
            total[key] += progress.get(key, 0)
    total["pages_per_second"] = round(total["pages"] / max(elapsed, 1e-9), 1)
    return total


def sum_stats(all_stats: list[dict[str, Any]], elapsed: float) -> dict[str, Any]:
    """The counters of several processes of one crawl as one crawl's: numbers added up (the
    times and memory peaks: the largest), the finish reason of each if they differ."""
    total: dict[str, Any] = {}
    for stats in all_stats:
        for key, value in stats.items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            total[key] = max(total.get(key, value), value) if key in MAX_STATS else total.get(key, 0) + value
    reasons = sorted({str(stats.get("finish_reason")) for stats in all_stats if stats.get("finish_reason")})
    total["finish_reason"] = ", ".join(reasons) or "failed"
    total["progress/elapsed_seconds"] = round(elapsed, 1)
    total["progress/pages_per_second"] = round(total.get("progress/pages", 0) / max(elapsed, 1e-9), 1)
    return total


def child_main() -> int:
    """A crawl process: read its job from stdin, crawl, write its counters."""
    job: Job = json.load(sys.stdin)
    try:
        stats = run_crawl(job["seeds"], job["overrides"])
    except BacklinksError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counters = {k: v for k, v in stats.items() if isinstance(v, (int, float, str))}
    Path(job["stats_file"]).write_text(json.dumps(counters))
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
