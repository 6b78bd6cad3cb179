"""analysis/formats.py: the output formats, each with one meaning, on tables whose values
are written out here (a share, a midnight, a time of day, a long URL, a list, a null)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import duckdb
import pyarrow.parquet as pq
import pytest

from analysis import Index, formats
from analysis.errors import BadFormat
from tests.support.datasets import target_web

LONG_URL = "https://www.example.com/" + "a" * 60 + "/page.html?id=7"
ROWS = [
    {"src_url": LONG_URL, "share": 0.4204, "backlinks": 12345, "first_seen": datetime(2026, 11, 30, tzinfo=UTC),
     "fetched_at": datetime(2026, 11, 30, 14, 3, 5, tzinfo=UTC), "day": date(2026, 12, 1),
     "dofollow": True, "tags": ["x", "y"], "rank": 42.25},
    {"src_url": "https://b.org/", "share": None, "backlinks": 7, "first_seen": datetime(2026, 12, 7, tzinfo=UTC),
     "fetched_at": datetime(2026, 12, 7, 9, 0, 0, 500000, tzinfo=UTC), "day": None,
     "dofollow": False, "tags": None, "rank": float("nan")},
]


def render(fmt, result=None, **kw):
    out = io.BytesIO()
    formats.write(ROWS if result is None else result, fmt, out, **kw)
    return out.getvalue().decode()


def test_json_is_one_document_with_iso_times_and_nulls():
    doc = json.loads(render("json"))
    assert isinstance(doc, list) and len(doc) == 2
    assert doc[0] == {"src_url": LONG_URL, "share": 0.4204, "backlinks": 12345,
                      "first_seen": "2026-11-30T00:00:00Z", "fetched_at": "2026-11-30T14:03:05Z",
                      "day": "2026-12-01", "dofollow": True, "tags": ["x", "y"], "rank": 42.25}
    assert doc[1]["fetched_at"] == "2026-12-07T09:00:00.500Z" and doc[1]["rank"] is None
    assert datetime.fromisoformat(doc[1]["fetched_at"]) == ROWS[1]["fetched_at"]


def test_jsonl_is_one_row_per_line():
    lines = render("jsonl").splitlines()
    assert [json.loads(line)["backlinks"] for line in lines] == [12345, 7]


def test_csv_has_a_header_and_whole_values_spreadsheets_read():
    rows = list(csv.reader(io.StringIO(render("csv"))))
    assert rows[0] == ["src_url", "share", "backlinks", "first_seen", "fetched_at", "day", "dofollow", "tags", "rank"]
    # a column of midnights is a column of dates; other times ISO 8601 with a space, UTC
    assert rows[1] == [LONG_URL, "0.4204", "12345", "2026-11-30", "2026-11-30 14:03:05", "2026-12-01", "true",
                       '["x", "y"]', "42.25"]
    assert rows[2] == ["https://b.org/", "", "7", "2026-12-07", "2026-12-07 09:00:00", "", "false", "", ""]


def test_table_is_for_people_and_fits_the_width():
    text = render("table", width=80, title="Some rows")
    lines = text.splitlines()
    assert lines[0] == "Some rows"
    assert lines[1].split() == ["src_url", "share", "backlinks", "first_seen", "fetched_at", "day"]
    assert all(len(line) <= 80 for line in lines), text
    # a share, a count, a column of midnights as dates, a time of day in UTC without its offset
    assert lines[3].split()[1:] == ["42.0%", "12,345", "2026-11-30", "2026-11-30", "14:03:05", "2026-12-01"]
    head, tail = lines[3].split()[0].split("…")  # a long URL loses its scheme, then its middle
    assert "www.example.com/".startswith(head) and len(head) > 5 and LONG_URL.endswith(tail) and tail
    assert "3 more columns need a wider terminal: dofollow, tags, rank" in " ".join(lines[5:])
    wide = render("table", width=200).splitlines()
    assert wide[2].split() == [LONG_URL, "42.0%", "12,345", "2026-11-30", "2026-11-30", "14:03:05",
                               "2026-12-01", "yes", "x,", "y", "42.2"]
    assert "+00:00" not in "".join(wide)


def test_limit_and_columns():
    assert json.loads(render("json", limit=1, columns=["backlinks", "src_url"])) == [
        {"backlinks": 12345, "src_url": LONG_URL}]
    with pytest.raises(BadFormat, match="unknown column 'nope': choose from src_url, share"):
        render("csv", columns=["nope"])


def test_a_duckdb_relation_keeps_its_types():
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    rel = con.sql("SELECT 'a.com' AS domain, 0.5::DOUBLE AS dofollow_share, "
                  "TIMESTAMPTZ '2026-11-30 00:00:00+00' AS week, NULL::BIGINT AS n")
    assert render("table", rel).splitlines()[-1].split() == ["a.com", "50.0%", "2026-11-30"]
    assert json.loads(render("json", con.sql(rel.sql_query()))) == [
        {"domain": "a.com", "dofollow_share": 0.5, "week": "2026-11-30T00:00:00Z", "n": None}]


def test_parquet_roundtrip(tmp_path):
    with open(tmp_path / "out.parquet", "wb") as out:
        formats.write(ROWS, "parquet", out, columns=["src_url", "backlinks"])
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == [
        {"src_url": LONG_URL, "backlinks": 12345}, {"src_url": "https://b.org/", "backlinks": 7}]


def test_unknown_format():
    with pytest.raises(BadFormat, match="unknown format 'xml'"):
        render("xml")


def test_an_empty_result_says_so():
    assert "(no rows)" in render("table", [])
    assert json.loads(render("json", [])) == []


def test_a_profile_is_one_object_in_json_and_its_rows_in_csv_and_jsonl(tmp_path):
    target_web(tmp_path)
    with Index(tmp_path) as ix:
        doc = formats.profile_document(ix.profile("target.com"))
    whole = json.loads(render("json", doc))
    assert whole["totals"]["backlinks"] == 10 and whole["top_anchors"][0]["anchor"] == "Target"
    lines = [json.loads(line) for line in render("jsonl", doc).splitlines()]
    assert lines[0]["section"] == "totals" and lines[0]["backlinks"] == 10
    assert {"section": "top_anchors", **whole["top_anchors"][0]} in lines
    table = list(csv.DictReader(io.StringIO(render("csv", doc))))
    assert len(table) == len(lines) and table[0]["section"] == "totals" and table[0]["backlinks"] == "10"
    text = render("table", doc, width=120)
    assert "Backlink profile of target.com" in text and "Top anchors" in text
    with pytest.raises(BadFormat, match="one document"):
        render("parquet", doc)
