"""One SparkSession for the whole test run (starting a JVM costs seconds): local[2], two
shuffle partitions, no UI, loopback only (pipelines/spark/session.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    from pipelines.spark.session import spark_session

    session = spark_session("local[2]", app="backlinks tests", shuffle_partitions=2)
    yield session
    session.stop()
