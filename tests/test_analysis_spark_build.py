"""analysis/spark/build.py: the graph built on Spark (local mode) equals the DuckDB build's
table by table (ranks within 1e-6), and the query commands read it the same way."""

from __future__ import annotations

import math
import shutil

import duckdb
import numpy as np
import pytest

from analysis import Index
from analysis.graph import harmonic as one_machine
from analysis.graph.build import build
from tests.support.datasets import target_web

#: Every table of graph.duckdb and the columns it is ordered by (meta and inputs differ).
TABLES = {"crawl_fetches": "crawl_id", "pages": "crawl_id, url", "links": "ALL",
          "domains": "domain_id", "hosts": "host_id", "domain_edges": "src_id, dst_id",
          "host_edges": "src_id, dst_id", "domain_ranks": "domain_id", "host_ranks": "host_id",
          "page_ranks": "url_hash", "audit_domain_facts": "ALL", "audit_referrers": "ALL",
          "audit_interlinks": "ALL", "audit_shared_keys": "ALL", "audit_key_groups": "ALL",
          "audit_link_texts": "ALL", "audit_anchor_shares": "ALL"}


def rows(path, table, order):
    con = duckdb.connect(str(path / "graph.duckdb"), read_only=True)
    try:
        columns = con.execute(f"DESCRIBE {table}").fetchall()
        return [(c[0], c[1]) for c in columns], con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
    finally:
        con.close()


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-6
    return a == b


@pytest.fixture(scope="module")
def built(spark, tmp_path_factory):
    from analysis.spark.build import build as build_on_spark

    root = tmp_path_factory.mktemp("graphs")
    target_web(root / "duckdb")
    shutil.copytree(root / "duckdb", root / "spark")
    build_on_spark(root / "spark", trusted=["example.org"])
    build(root / "duckdb", trusted=["example.org"])
    return root / "duckdb", root / "spark"


@pytest.mark.parametrize("table", TABLES)
def test_tables_equal_the_duckdb_build(built, table):
    expected_columns, expected = rows(built[0], table, TABLES[table])
    columns, found = rows(built[1], table, TABLES[table])
    assert columns == expected_columns
    assert len(found) == len(expected)
    for got, want in zip(found, expected, strict=True):
        assert all(same(a, b) for a, b in zip(got, want, strict=True)), (got, want)


def test_queries_read_the_spark_graph_as_the_duckdb_one(built):
    with Index(built[0]) as a, Index(built[1]) as b:
        assert b.graph == a.graph == "fresh"
        assert b.profile("target.com").totals == a.profile("target.com").totals
        assert b.top().fetchall() == a.top().fetchall()


def test_spark_hyperball_equals_the_one_machine_hyperball(spark):
    from analysis.spark import harmonic

    rng = np.random.default_rng(7)
    n = 40
    src, dst = rng.integers(0, n, 120), rng.integers(0, n, 120)
    edges = spark.createDataFrame([(int(s), int(d)) for s, d in zip(src, dst, strict=True)], "src_id INT, dst_id INT")
    found = dict(harmonic.hyperball(spark, edges, n, log2m=6).collect())
    s, d = one_machine.dedupe(src, dst, n)
    keep = s != d
    expected = one_machine.hyperball(s[keep], d[keep], n, log2m=6)
    assert np.allclose([found[i] for i in range(n)], expected, atol=1e-9)
    assert (harmonic.registers_of(np.arange(n), 6, 0) == one_machine._registers(n, 6, 0)).all()


def test_an_unknown_engine_is_one_line(tmp_path):
    from tests.support.crawl import backlinks

    result = backlinks("build", "--engine", "hadoop", "--data", str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip() == "error: --engine hadoop: choose duckdb or spark"
