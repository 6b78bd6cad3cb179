"""Golden cases for the extractor, web-poet style: one folder per case under
`tests/golden/extract/<case>/` holding the recorded response (`input.html`, `meta.json`
with url, headers, status and optionally ip_address / private_suffixes) and the expected
rows (`expected.jsonl`), written by hand from what the HTML says.

`expected.jsonl`: one line `{"table": "pages", ...}` with the page facts to check, then
one `{"table": "links", ...}` line per link row, in document order (position). Only the
keys written are compared; the number of link rows must match exactly. A new regression is
a new folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from pipelines.dataset import schema
from pipelines.extractor import extract

GOLDEN = Path(__file__).parent / "golden" / "extract"
CASES = sorted(path.name for path in GOLDEN.iterdir() if (path / "meta.json").exists())
CALLER_COLUMNS = {"crawl_id", "fetched_at", "source", "depth", "error", "warc_file", "warc_offset", "warc_length"}


def _run(case: str) -> tuple[Any, list[dict[str, Any]]]:
    folder = GOLDEN / case
    meta = json.loads((folder / "meta.json").read_text())
    headers = meta.get("headers") or {}
    if isinstance(headers, list):
        headers = [tuple(pair) for pair in headers]
    result = extract(
        meta["url"],
        (folder / "input.html").read_bytes(),
        headers,
        status=meta.get("status", 200),
        ip_address=meta.get("ip_address"),
        private_suffixes=meta.get("private_suffixes", False),
    )
    expected = [json.loads(line) for line in (folder / "expected.jsonl").read_text().splitlines() if line.strip()]
    return result, expected


def _subset(actual: dict[str, Any], wanted: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {key: (actual.get(key, "<missing>"), value) for key, value in wanted.items()
            if actual.get(key, "<missing>") != value}


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: str) -> None:
    result, expected = _run(case)
    wanted_links = []
    for line in expected:
        if line.pop("table") == "pages":
            assert _subset(result.page, line) == {}, f"{case}: page facts differ (actual, expected)"
        else:
            wanted_links.append(line)
    actual = [(row["kind"], row["dst_url"]) for row in result.links]
    assert len(result.links) == len(wanted_links), f"{case}: link rows {actual}"
    for row, wanted in zip(result.links, wanted_links, strict=True):
        assert _subset(row, wanted) == {}, f"{case}: link at position {row['position']} differs (actual, expected)"


@pytest.mark.parametrize("case", CASES)
def test_golden_rows_fit_the_schema(case: str) -> None:
    """Every page and link row carries exactly the schema's columns minus the caller's,
    and converts to Arrow under the declared types."""
    result, _ = _run(case)
    page_columns = [name for name in schema.PAGES.names if name not in CALLER_COLUMNS]
    link_columns = [name for name in schema.LINKS.names if name not in schema.CRAWL_COLUMNS]
    assert sorted(result.page) == sorted(page_columns)
    pa.Table.from_pylist([result.page], schema=pa.schema([schema.PAGES.field(n) for n in page_columns]))
    for row in result.links:
        assert sorted(row) == sorted(link_columns)
    pa.Table.from_pylist(result.links, schema=pa.schema([schema.LINKS.field(n) for n in link_columns]))
