"""analysis/formats.py: the four output formats of a table, and a profile."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import Index, formats
from analysis.errors import BadFormat
from tests.support.datasets import target_web

TABLE = pa.table({
    "domain": ["a.com", "b.org"],
    "rank": [12.5, float("nan")],
    "seen": pa.array([datetime(2025, 1, 6, tzinfo=timezone.utc)] * 2, pa.timestamp("ms", tz="UTC")),
    "tags": [["x", "y"], None],
})


def render(fmt, **kw):
    out = io.BytesIO()
    formats.write(TABLE, fmt, out, **kw)
    return out.getvalue()


def test_jsonl():
    lines = [json.loads(line) for line in render("jsonl").splitlines()]
    assert lines == [
        {"domain": "a.com", "rank": 12.5, "seen": "2025-01-06T00:00:00+00:00", "tags": ["x", "y"]},
        {"domain": "b.org", "rank": None, "seen": "2025-01-06T00:00:00+00:00", "tags": None},
    ]


def test_csv_flattens_lists():
    text = render("csv").decode()
    assert text.splitlines()[0] == '"domain","rank","seen","tags"'
    assert '"[\\"x\\", \\"y\\"]"' in text or '"[""x"", ""y""]"' in text


def test_parquet_roundtrip(tmp_path):
    formats.write(TABLE, "parquet", tmp_path / "out.parquet")
    assert pq.read_table(tmp_path / "out.parquet").column("domain").to_pylist() == ["a.com", "b.org"]
    assert pq.read_table(io.BytesIO(render("parquet"))).num_rows == 2


def test_table_and_limit():
    text = render("table", limit=1, title="Top").decode()
    assert "a.com" in text and "b.org" not in text and "Top" in text


def test_unknown_format():
    with pytest.raises(BadFormat, match="unknown format 'xml'"):
        render("xml")


def test_profile(tmp_path):
    target_web(tmp_path)
    with Index(tmp_path) as ix:
        profile = ix.profile("target.com")
    out = io.BytesIO()
    formats.write_profile(profile, "jsonl", out)
    doc = json.loads(out.getvalue())
    assert doc["totals"]["backlinks"] == 10 and doc["top_anchors"][0]["anchor"] == "Target"
    out = io.BytesIO()
    formats.write_profile(profile, "table", out, width=200)
    assert "Backlink profile of target.com" in out.getvalue().decode()
    with pytest.raises(BadFormat):
        formats.write_profile(profile, "csv", io.BytesIO())
