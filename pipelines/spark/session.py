"""The one SparkSession factory of the project: what `ingest-warc --engine spark` and
`build --engine spark` run on, locally or on a cluster (`--master`, or spark-submit's).

Under spark-submit (or in a notebook with a session) the submitter's master, memory and
shuffle partitions are kept; only the time zone and timestamp type the graph's Parquet
needs are set. A session started here gets the driver memory of defaults.py, no web UI, UTC, few shuffle
partitions, and Python workers that import this very checkout (the extractor's compiled
modules included): the executors of a cluster import it from the installed wheel instead
(deploy/README.md, "Spark").
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.errors import BacklinksError
from pipelines.spark import defaults

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


class SparkUnavailable(BacklinksError):
    """pyspark (or Java) is missing: `--engine spark` cannot run."""


#: The directory holding crawler/, pipelines/ and analysis/: what Python workers import.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def spark_session(master: str | None = None, *, app: str = "backlinks",
                  shuffle_partitions: int | None = None) -> SparkSession:
    """The active SparkSession, or a new one on `master` (default: defaults.MASTER)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("--engine spark needs pyspark: pip install 'backlinks[spark]'") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # started by spark-submit: its JVM, its conf
    builder = SparkSession.builder.appName(app)
    if not submitted:
        _python_path()
        master = master or os.environ.get("SPARK_MASTER") or defaults.MASTER
        if master.startswith("local"):  # nothing to reach but this machine: loopback only
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.master(master).config("spark.driver.memory", defaults.DRIVER_MEMORY)
                   .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions",
                           str(shuffle_partitions or defaults.SHUFFLE_PARTITIONS)))
    elif master is not None:
        builder = builder.master(master)
    # what the build's Parquet must be, whoever started Spark
    builder = (builder.config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS"))
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - py4j/JVM start-up failures have no common type
        raise SparkUnavailable(f"cannot start Spark on {master or 'the submitted master'}: {reason(exc)} "
                               "(is Java 17+ installed?)") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def _python_path() -> None:
    """Python workers inherit PYTHONPATH from the JVM this process starts: put the project
    first, so a local session's workers import this checkout, not another install."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # this venv's packages (pyarrow...)
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(PROJECT_ROOT) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), *paths])


def reason(exc: BaseException) -> str:
    """One line saying why a Spark job failed: the Python exception a worker raised (the
    last `SomeError: ...` line of the traceback Spark wraps), else the message's first line."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    raised = [line for line in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit): ", line)]
    return (raised or lines or [type(exc).__name__])[-1 if raised else 0]
