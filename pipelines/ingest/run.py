"""`ingest()`: WARC and WAT files -> the `pages` and `links` tables of one crawl id.

Plan: expand the inputs, identify each file (size, checksum), skip those the manifest
says are done, find each new file's layout, and cut large gzip-records files into byte
ranges when the files alone would leave processes idle. Run: a pool of `processes` over
the tasks (or this process for one), each streaming its range with bounded
memory; the parent alone writes the manifest, from the checkpoints the workers send
through a queue with their progress and log records. Then resolve the revisits no worker
could, and write the crawl manifest `DATA/crawls/<id>.json`.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING, Any

from pipelines.dataset.layout import check_crawl_id, is_uri
from pipelines.ingest import defaults, framing, readers, sources, worker
from pipelines.ingest.deferred import resolve_deferred
from pipelines.ingest.errors import IngestError
from pipelines.ingest.events import Checkpoint, Progress, TaskFailed
from pipelines.ingest.manifest import check_not_a_crawl, open_manifest, write_crawl_manifest

if TYPE_CHECKING:
    from collections.abc import Callable

    from pipelines.ingest.events import Event
    from pipelines.ingest.manifest import Manifest
    from pipelines.ingest.sources import Source

    #: runs the tasks of an ingest, handing each event to the handler (in the calling process)
    Executor = Callable[[list[worker.Task], Callable[[Any], None]], None]

logger = logging.getLogger(__name__)


@dataclass
class IngestProgress:
    """A snapshot for a progress bar (bytes of the files read so far, and counts)."""

    bytes_done: int
    bytes_total: int
    records: int
    pages: int
    links: int
    errors: int
    files_done: int
    files_total: int
    elapsed: float


@dataclass
class IngestSummary:
    """What one `ingest()` call did; `stats` holds this run's counters (see worker.py)."""

    crawl_id: str
    files: int = 0
    files_ingested: int = 0
    files_skipped: int = 0
    files_failed: int = 0
    bytes: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    reader: str = ""
    processes: int = 1
    stats: Counter[str] = field(default_factory=Counter)

    @property
    def records(self) -> dict[str, int]:
        return {k.split("/", 1)[1]: v for k, v in sorted(self.stats.items()) if k.startswith("records/")}

    @property
    def pages(self) -> int:
        return self.stats["pages"]

    @property
    def links(self) -> int:
        return self.stats["links"]

    @property
    def errors(self) -> dict[str, int]:
        return {k.split("/", 1)[1]: v for k, v in sorted(self.stats.items()) if k.startswith("errors/")}

    def group(self, prefix: str) -> dict[str, int]:
        return {k.split("/", 1)[1]: v for k, v in sorted(self.stats.items()) if k.startswith(prefix + "/")}


def ingest(paths: list[str], data_dir: str | Path = "data", crawl_id: str | None = None, *,
           processes: int | None = None, verify_digests: bool = False,
           progress: Callable[[IngestProgress], None] | None = None, reader: str = "auto",
           private_suffixes: bool = False, execute: Executor | None = None) -> IngestSummary:
    """Ingest the WARC/WAT files named by `paths` (files, directories, globs, URIs) into
    `data_dir` under `crawl_id` (default: `warc`); files the crawl already holds (same
    checksum) are skipped, and interrupted ones finished. `execute` runs the tasks (default: a
    pool of `processes` here; pipelines/spark/ingest.py: on Spark), handing their events to
    its second argument in this process. Raises an IngestError (one line for the user) for bad input;
    damage inside files is counted in the summary, never raised."""
    started = time.monotonic()
    if is_uri(data_dir):
        raise IngestError(f"--data {data_dir}: ingest writes to a local (or mounted) directory; "
                          "copy the parts to the object store after")
    reader = readers.check_reader(reader)
    crawl_id = check_crawl_id(crawl_id or defaults.CRAWL_ID)
    check_not_a_crawl(data_dir, crawl_id)
    processes = max(1, processes or multiprocessing.cpu_count())
    found = sources.expand(paths)
    summary = IngestSummary(crawl_id, files=len(found), reader=reader, processes=processes)
    with open_manifest(data_dir, crawl_id) as manifest:
        tasks = _plan(found, manifest, processes, summary, reader=reader, verify=verify_digests,
                      private=private_suffixes)
        run = _Run(manifest, tasks, summary, progress, started)
        try:
            if execute is None:
                _execute(tasks, processes, run.handle)
            else:
                execute(tasks, run.handle)
            summary.stats.update(resolve_deferred(manifest, reader=reader, private_suffixes=private_suffixes))
        except KeyboardInterrupt:
            summary.interrupted = True
            logger.warning("Interrupted: run the same command again to finish")
        run.finish()
        settings = {"reader": reader, "verify_digests": verify_digests, "private_suffixes": private_suffixes}
        if manifest.files:  # no crawl manifest for a crawl no file was read into (all failed)
            write_crawl_manifest(manifest, inputs=[s.uri for s in found], settings=settings,
                                 reason="interrupted" if summary.interrupted else "finished")
    summary.seconds = time.monotonic() - started
    return summary


# -- planning ---------------------------------------------------------------------------


def _plan(found: list[Source], manifest: Manifest, processes: int, summary: IngestSummary, *,
          reader: str, verify: bool, private: bool) -> list[worker.Task]:
    todo: list[tuple[Source, str]] = []
    known = {e["uri"]: e for e in manifest.files.values()}
    for source in found:
        try:
            checksum = _checksum(source, known.get(source.uri))
        except (OSError, ValueError) as exc:
            logger.error("Cannot read %s: %s", source.uri, exc)
            summary.files_failed += 1
            summary.stats["errors/file"] += 1
            continue
        if manifest.done(checksum):
            summary.files_skipped += 1
            logger.info("Already ingested: %s", source.uri)
        else:
            todo.append((source, checksum))
    fresh = [(s, c) for s, c in todo if c not in manifest.files]
    chunk = _range_size(fresh, processes)
    tasks = []
    for source, checksum in todo:
        entry = manifest.files.get(checksum) or _new_entry(source, checksum, manifest, chunk)
        if entry is None:
            summary.files_failed += 1
            summary.stats["errors/file"] += 1
            continue
        entry.update(uri=source.uri, name=source.name, mtime_ns=source.mtime_ns)
        for index, r in enumerate(entry["ranges"]):
            if not r["done"]:
                tasks.append(worker.Task(
                    manifest.crawl_id, str(manifest.data_dir), checksum, index, source,
                    sources.warc_file_column(source, manifest.data_dir), entry["layout"],
                    r["start"], r["end"], r["next"], list(r["parts"]), dict(r["stats"]),
                    reader=reader, verify=verify, private_suffixes=private,
                    checkpoint=(defaults.CHECKPOINT_LINKS, defaults.CHECKPOINT_PAGES, defaults.CHECKPOINT_SECONDS)))
    manifest.save()
    return tasks


def _checksum(source: Source, old: dict[str, Any] | None) -> str:
    """The file's checksum; the stored one while its path, size and mtime are unchanged."""
    if (old and not source.remote and old["size"] == source.size
            and old.get("mtime_ns") == source.mtime_ns):
        return old["checksum"]
    return source.checksum()


def _range_size(fresh: list[tuple[Source, str]], processes: int) -> int | None:
    """The byte range size to split large files by, or None when splitting does not pay
    (one process, or enough files to keep every process busy)."""
    if processes <= 1 or len(fresh) >= 2 * processes:
        return None
    total = sum(s.size or 0 for s, _ in fresh)
    return max(defaults.MIN_RANGE, total // (processes * defaults.RANGES_PER_PROCESS))


def _new_entry(source: Source, checksum: str, manifest: Manifest, chunk: int | None) -> dict[str, Any] | None:
    try:
        with source.open() as f:
            layout = framing.detect(f)
    except (OSError, ValueError, EOFError) as exc:
        logger.error("Cannot read %s: %s", source.uri, exc)
        return None
    size = source.size or 0
    starts = [0]
    if chunk and layout == framing.GZIP_RECORDS and size >= 2 * chunk:
        pieces = size // chunk
        starts = [i * size // pieces for i in range(pieces)]
    ends: list[int | None] = [*starts[1:], None]
    entry: dict[str, Any] = {"uri": source.uri, "name": source.name, "size": source.size, "checksum": checksum,
                             "mtime_ns": source.mtime_ns, "layout": layout,
                             "ranges": [{"start": s, "end": e, "next": None, "done": False, "parts": [], "stats": {}}
                                        for s, e in zip(starts, ends, strict=True)]}
    manifest.files[checksum] = entry
    return entry


# -- running ----------------------------------------------------------------------------


class _Run:
    """The parent's side of a run: applies checkpoints, sums progress, reports."""

    def __init__(self, manifest: Manifest, tasks: list[worker.Task], summary: IngestSummary,
                 progress: Callable[[IngestProgress], None] | None, started: float) -> None:
        self.manifest, self.summary, self.progress, self.started = manifest, summary, progress, started
        self.initial = {(t.key, t.index): Counter({k: v for k, v in t.stats.items() if isinstance(v, int)})
                        for t in tasks}
        self.latest = dict(self.initial)
        self.totals: Counter[str] = Counter()
        self.bytes_total = sum(((t.end if t.end is not None else t.source.size or 0)
                                - (t.resume if t.resume is not None else t.start)) for t in tasks)
        self.keys = {t.key for t in tasks}
        self.finished_keys: set[str] = set()
        self.failed_keys: set[str] = set()
        self.last_report = 0.0

    def handle(self, event: Event | logging.LogRecord) -> None:
        if isinstance(event, logging.LogRecord):  # a pool process's log line
            logging.getLogger(event.name).handle(event)
        elif isinstance(event, Progress):
            self.totals.update(event.delta)
            self._report()
        elif isinstance(event, Checkpoint):
            self._checkpoint(event)
        elif isinstance(event, TaskFailed):
            self.failed_keys.add(event.key)
            self.summary.stats["errors/task"] += 1

    def _checkpoint(self, c: Checkpoint) -> None:
        if c.failed is not None:
            self.failed_keys.add(c.key)
            self.summary.stats["errors/file"] += 1
            return
        self.manifest.checkpoint(c.key, c.index, next_offset=c.next_offset, done=c.done, parts=c.parts,
                                 stats=c.stats)
        self.latest[(c.key, c.index)] = Counter({k: v for k, v in c.stats.items() if isinstance(v, int)})
        if c.done and self.manifest.done(c.key):
            self.finished_keys.add(c.key)
            self._report(force=True)

    def _report(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress is None or (not force and now - self.last_report < defaults.REPORT_SECONDS):
            return
        self.last_report = now
        t = self.totals
        self.progress(IngestProgress(
            bytes_done=min(t["bytes"], self.bytes_total), bytes_total=self.bytes_total, records=t["records"],
            pages=t["pages"], links=t["links"], errors=t["errors"], files_done=len(self.finished_keys),
            files_total=len(self.keys), elapsed=now - self.started))

    def finish(self) -> None:
        for key, stats in self.latest.items():
            self.summary.stats.update(stats - self.initial[key])
        self.summary.files_ingested = len(self.finished_keys)
        self.summary.files_failed += len(self.failed_keys - self.finished_keys)
        self.summary.bytes = min(self.totals["bytes"], self.bytes_total)
        self._report(force=True)


def _execute(tasks: list[worker.Task], processes: int, handle: Callable[[Any], None]) -> None:
    """Run the tasks: here for one process (or one task), else in a pool of processes."""
    if processes <= 1 or len(tasks) <= 1:
        for task in tasks:
            try:
                worker.run_task(task, handle)
            except Exception as exc:  # isolation boundary: one file
                logger.exception("Ingest of %s (range %d) failed", task.source.uri, task.index)
                handle(TaskFailed(task.key, f"{type(exc).__name__}: {exc}"))
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    with context.Manager() as manager:
        queue = manager.Queue()  # put() returns once the event is delivered: ordered, complete
        pool = context.Pool(min(processes, len(tasks)), _init_worker,
                            (queue, logging.getLogger().getEffectiveLevel()))
        try:
            results = [(task, pool.apply_async(_run_in_worker, (task,))) for task in tasks]
            while results:
                _drain(queue, handle, timeout=0.1)
                for task, result in [r for r in results if r[1].ready()]:
                    results.remove((task, result))
                    _check(task, result, handle)
            _drain(queue, handle, timeout=0)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()


def _check(task: worker.Task, result: Any, handle: Callable[[Any], None]) -> None:
    try:
        result.get()
    except Exception as exc:  # noqa: BLE001 - a worker failed on this task: the file stays unfinished
        logger.error("Ingest of %s (range %d) failed: %s: %s; it resumes on the next run",
                     task.source.uri, task.index, type(exc).__name__, exc)
        handle(TaskFailed(task.key, f"{type(exc).__name__}: {exc}"))


def _drain(queue: Any, handle: Callable[[Any], None], timeout: float) -> None:
    try:
        event = queue.get(timeout=timeout) if timeout else queue.get_nowait()
        while True:
            handle(event)
            event = queue.get_nowait()
    except Empty:
        return


_QUEUE: Any = None


def _init_worker(queue: Any, level: int) -> None:
    """A pool process: Ctrl-C is the parent's to handle; logs and events go to the parent."""
    global _QUEUE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _QUEUE = queue
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(queue)]
    root.setLevel(level)


def _run_in_worker(task: worker.Task) -> None:
    worker.run_task(task, _QUEUE.put)
