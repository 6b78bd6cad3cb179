"""A dataset written by another tool in the documented layout: Parquet files under
`links/crawl=<id>/` and `pages/crawl=<id>/`, named as that tool likes, with only the required
columns (some of other types than ours), and no crawl manifest. `build` and the questions
read it; its crawls are ordered by their first fetch. Written here with plain pyarrow, not
with our part writer."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import Index, build
from analysis.errors import BadDataset

# "zzz-early" sorts last by name but was fetched first
EARLY, LATE = datetime(2024, 1, 10, 8, 0), datetime(2024, 6, 1, 9, 30)


def _links(rows: list[tuple[str, str]], fetched: datetime) -> pa.Table:
    """Link rows (source page, target page) on example hosts, the domain a host's last two labels."""
    def host(url: str) -> str:
        return url.split("/")[2]

    return pa.table({
        "src_url": [s for s, _ in rows], "src_host": [host(s) for s, _ in rows],
        "src_domain": [".".join(host(s).split(".")[-2:]) for s, _ in rows],
        "dst_url": [d for _, d in rows], "dst_host": [host(d) for _, d in rows],
        "dst_domain": [".".join(host(d).split(".")[-2:]) for _, d in rows],
        # another tool's types: a naive microsecond timestamp, an int64 position
        "fetched_at": pa.array([fetched] * len(rows), pa.timestamp("us")),
        "position": pa.array(range(len(rows)), pa.int64()),
        "anchor_text": ["a"] * len(rows),
    })


def _pages(urls: list[str], fetched: datetime) -> pa.Table:
    hosts = [u.split("/")[2] for u in urls]
    return pa.table({"url": urls, "host": hosts, "domain": [".".join(h.split(".")[-2:]) for h in hosts],
                     "fetched_at": pa.array([fetched] * len(urls), pa.timestamp("us")),
                     "status": pa.array([200] * len(urls), pa.int32())})


def _write(root, table: str, crawl: str, data: pa.Table, name: str = "data-0.parquet") -> None:
    directory = root / table / f"crawl={crawl}"
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(data, directory / name)


@pytest.fixture
def foreign(tmp_path):
    """Crawl zzz-early: a.org and b.org link to www.target.com. Crawl aaa-late: a.org still
    does, b.org's page no longer links, c.org links for the first time."""
    _write(tmp_path, "links", "zzz-early", _links([("https://a.org/1", "https://www.target.com/"),
                                                   ("https://b.org/1", "https://www.target.com/x")], EARLY))
    _write(tmp_path, "pages", "zzz-early", _pages(["https://a.org/1", "https://b.org/1"], EARLY))
    _write(tmp_path, "links", "aaa-late", _links([("https://a.org/1", "https://www.target.com/"),
                                                  ("https://c.org/1", "https://www.target.com/")], LATE))
    _write(tmp_path, "pages", "aaa-late", _pages(["https://a.org/1", "https://b.org/1", "https://c.org/1"], LATE))
    # a file being written by that tool (a dot-name) is never read, however broken
    (tmp_path / "links" / "crawl=aaa-late" / ".tmp-1.parquet").write_bytes(b"half a file")
    return tmp_path


def test_questions_read_a_dataset_written_by_another_tool(foreign):
    with Index(foreign) as ix:
        assert [(r[1], r[0]) for r in ix.crawls().fetchall()] == [("zzz-early", 1), ("aaa-late", 2)]
        started = {r[1]: r[2] for r in ix.crawls().fetchall()}
        assert started["zzz-early"].replace(tzinfo=None) == EARLY  # its first fetch, taken as UTC
        # the live index: a.org and c.org (b.org's latest fetch holds no link)
        assert sorted(r[0] for r in ix.refdomains("target.com").fetchall()) == ["a.org", "c.org"]
        assert sorted(r[0] for r in ix.refdomains("target.com", crawl="zzz-early").fetchall()) == ["a.org", "b.org"]
        changes = {(r[0], r[2]) for r in ix.history("target.com").fetchall()}  # zzz-early -> aaa-late
        assert changes == {("new", "https://c.org/1"), ("lost", "https://b.org/1")}


def test_build_reads_a_dataset_written_by_another_tool(foreign):
    result = build(foreign)
    assert result.counts["links"] == 4 and result.counts["pages"] == 5
    with Index(foreign) as ix:
        assert ix.graph == "fresh"
        top = ix.top(limit=1).fetchall()
        assert top[0][1] == "target.com"
        assert sorted(r[0] for r in ix.refdomains("target.com").fetchall()) == ["a.org", "c.org"]


def test_a_required_column_missing_is_one_clear_error(tmp_path):
    table = _links([("https://a.org/1", "https://www.target.com/")], EARLY).drop_columns(["dst_domain"])
    _write(tmp_path, "links", "c1", table)
    with pytest.raises(BadDataset, match="no column dst_domain"):
        Index(tmp_path)


def test_a_column_of_an_unusable_type_is_one_clear_error(tmp_path):
    table = _links([("https://a.org/1", "https://www.target.com/")], EARLY)
    table = table.set_column(table.schema.get_field_index("fetched_at"), "fetched_at", pa.array(["yesterday"]))
    _write(tmp_path, "links", "c1", table)
    with pytest.raises(BadDataset, match="fetched_at .* VARCHAR; it must be TIMESTAMPTZ"):
        Index(tmp_path)
