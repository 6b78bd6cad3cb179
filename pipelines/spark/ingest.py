"""`ingest-warc --engine spark`: the single-machine ingest with its tasks run by Spark.

Everything but the running of tasks is pipelines/ingest/run.py's: the driver expands the
inputs, skips the files the ingest manifest says are done (so a second run resumes), cuts
large files into byte ranges, and alone writes the manifest; it resolves the revisits no
task could and writes the crawl manifest at the end. A Spark task is one file or byte range,
read by the same Worker (the same extractor) as a local process reads it.

No duplicate rows, whatever Spark retries. A task writes its part files into a directory of
its own attempt (`DATA/ingest/crawl=<id>/spark/<attempt>/`), named by the input's checksum,
the range and the offset it starts at, split by row counts only (never by time): two
attempts of one task write the same names with the same rows. Once the range is read, they
are renamed into the dataset (os.replace: a second attempt's rename replaces the first's
identical file) and the task returns its checkpoint; the driver records it in the manifest
as each task's job ends. Parts that no manifest entry names (a driver that died before
recording them) are deleted by the next run, which reads those ranges again.

The data directory must be one path every executor sees (local mode, or a shared mount on
a cluster); the inputs may be anything pipelines/ingest/sources.py opens (paths, s3://,
gs://, https://). Run it from the command line, or with spark-submit as cc-pyspark's jobs:

    spark-submit --master yarn -m pipelines.spark.ingest ...   # see main() and deploy/README.md
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import shutil
import sys
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.ingest import run as ingest_run
from pipelines.ingest import worker
from pipelines.ingest.events import Checkpoint, Progress, TaskFailed
from pipelines.ingest.manifest import ingest_dir
from pipelines.spark import defaults
from pipelines.spark.session import reason, spark_session

if TYPE_CHECKING:
    from collections.abc import Callable

    from pyspark import SparkContext

    from pipelines.ingest import IngestSummary
    from pipelines.ingest.events import Event

logger = logging.getLogger(__name__)


def ingest(paths: list[str], data_dir: str | Path = "data", crawl_id: str | None = None, *,
           master: str | None = None, verify_digests: bool = False, reader: str = "auto",
           private_suffixes: bool = False, progress: Callable[[Any], None] | None = None) -> IngestSummary:
    """pipelines.ingest.ingest with its tasks run on Spark (`master`: default local[*], or
    the session spark-submit started). Same arguments, same result, same errors."""
    sc = spark_session(master, app="backlinks ingest-warc").sparkContext
    summary = ingest_run.ingest(paths, data_dir, crawl_id, processes=sc.defaultParallelism,
                                verify_digests=verify_digests, progress=progress, reader=reader,
                                private_suffixes=private_suffixes, execute=SparkTasks(sc))
    summary.reader = f"{summary.reader} on Spark {sc.master}"
    return summary


class SparkTasks:
    """An ingest executor (pipelines/ingest/run.py): one Spark job per task, a few in flight
    per core, each job's events handed to the driver's manifest as soon as it ends."""

    def __init__(self, sc: SparkContext) -> None:
        self.sc = sc

    def __call__(self, tasks: list[worker.Task], handle: Callable[[Any], None]) -> None:
        if not tasks:
            return
        # attempts of an earlier run that died: their parts were never renamed into the dataset
        shutil.rmtree(_staging(tasks[0]), ignore_errors=True)
        in_flight = max(1, self.sc.defaultParallelism * defaults.TASKS_PER_CORE)
        with ThreadPoolExecutor(max_workers=in_flight) as pool:
            pending = {pool.submit(self._job, task): task for task in tasks}
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = pending.pop(future)
                    try:
                        events = future.result()
                    except Exception as exc:  # noqa: BLE001 - Spark gave up on this task (py4j errors have no common type)
                        first = reason(exc)
                        logger.error("Ingest of %s (range %d) failed on Spark: %s; it resumes on the next run",
                                     task.source.uri, task.index, first)
                        handle(TaskFailed(task.key, first))
                        continue
                    for event in events:
                        handle(event)

    def _job(self, task: worker.Task) -> list[Event]:
        self.sc.setJobDescription(f"ingest {task.source.name} range {task.index}")
        return self.sc.parallelize([task], 1).flatMap(run_task).collect()


def run_task(task: worker.Task) -> list[Event]:
    """One task on an executor: the range read into a directory of this attempt, then its
    parts renamed into the dataset; the events to hand to the driver (progress, checkpoints)."""
    begin = task.resume if task.resume is not None else task.start
    staged = replace(task, data_dir=str(_attempt_dir(task)), stamp=f"at{begin}",
                     checkpoint=(task.checkpoint[0], task.checkpoint[1], math.inf))
    events: list[Event] = []
    try:
        worker.run_task(staged, events.append)
        _commit(Path(staged.data_dir), Path(task.data_dir))
    finally:
        shutil.rmtree(staged.data_dir, ignore_errors=True)
    # a checkpoint names its parts relative to the data directory: the same names once renamed
    return [e for e in events if isinstance(e, (Checkpoint, Progress))]


def _attempt_dir(task: worker.Task) -> Path:
    from pyspark import TaskContext

    context = TaskContext.get()
    attempt = context.taskAttemptId() if context is not None else os.getpid()
    return _staging(task) / f"{task.key[:16]}-{task.index}-{attempt}"


def _staging(task: worker.Task) -> Path:
    return ingest_dir(task.data_dir, task.crawl_id) / "spark"


def _commit(attempt: Path, data_dir: Path) -> None:
    """Move the parts this attempt wrote to the same relative paths in the dataset."""
    for path in sorted(attempt.rglob("part-*.parquet")):
        target = data_dir / path.relative_to(attempt)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


def main(argv: list[str] | None = None) -> int:
    """spark-submit entry point: `spark-submit [options] pipelines/spark/ingest.py PATHS...
    --data DIR --crawl-id ID` (the same as `backlinks ingest-warc --engine spark`)."""
    parser = argparse.ArgumentParser(prog="pipelines.spark.ingest", description=main.__doc__)
    parser.add_argument("paths", nargs="+", help="WARC/WAT files, directories, globs, URIs, or a listing")
    parser.add_argument("--data", default="data", help="the data directory every executor sees")
    parser.add_argument("--crawl-id", default=None)
    parser.add_argument("--master", default=None, help="unless spark-submit already set one")
    parser.add_argument("--verify-digests", action="store_true")
    parser.add_argument("--reader", default="auto")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from crawler.cli.ingest import summary_text
    from crawler.errors import BacklinksError

    try:
        summary = ingest(args.paths, args.data, args.crawl_id, master=args.master,
                         verify_digests=args.verify_digests, reader=args.reader)
    except BacklinksError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(summary_text(summary, Path(args.data)), file=sys.stderr)
    return 1 if summary.files_failed else 0


if __name__ == "__main__":
    sys.exit(main())
