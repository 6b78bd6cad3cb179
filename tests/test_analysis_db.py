"""analysis/db.py: the views over the Parquet datasets and their exactly-once dedup."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import db
from analysis.errors import NoCrawlData
from pipelines.dataset import schema
from tests.support.datasets import Dataset, at, link, target_web


def count(con, sql: str) -> int:
    return con.execute(sql).fetchall()[0][0]


def test_no_data_dir_raises(tmp_path):
    with pytest.raises(NoCrawlData, match="no crawl data in"):
        db.connect(tmp_path / "missing")


def test_only_unfinished_parts_raise(tmp_path):
    part = tmp_path / "links" / "crawl=c1" / ".part-w1-00001.parquet.tmp"
    part.parent.mkdir(parents=True)
    pq.write_table(schema.LINKS.empty_table(), part)
    with pytest.raises(NoCrawlData):
        db.connect(tmp_path)


def test_unfinished_part_is_not_read(tmp_path):
    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.com/", at(0), links=[link("https://b.com/")])
    ds.write()
    hidden = tmp_path / "links" / "crawl=c1" / ".part-w9-00001.parquet.tmp"
    pq.write_table(pq.read_table(next((tmp_path / "links").glob("*/part-*.parquet"))), hidden)
    con = db.connect(tmp_path)
    assert count(con, "SELECT count(*) FROM links_raw") == 1


def test_duplicate_fetches_collapse(tmp_path):
    target_web(tmp_path)
    con = db.connect(tmp_path)
    # news.example.org/b fetched twice (1 + 2 links), shop.co.uk written twice (2 + 2 links)
    assert count(con, "SELECT count(*) FROM links_raw WHERE src_url = 'https://news.example.org/b'") == 3
    assert count(con, "SELECT count(*) FROM links WHERE src_url = 'https://news.example.org/b'") == 2
    assert count(con, "SELECT count(*) FROM links WHERE dst_url = 'https://www.target.com/old'") == 0
    assert count(con, "SELECT count(*) FROM links_raw WHERE src_url = 'https://shop.co.uk/'") == 4
    assert count(con, "SELECT count(*) FROM links WHERE src_url = 'https://shop.co.uk/'") == 2
    assert count(con, "SELECT count(*) FROM pages_raw") == 11
    assert count(con, "SELECT count(*) FROM pages") == 9
    assert count(con, "SELECT count(DISTINCT url) FROM pages") == 9


def test_latest_fetch_without_links_drops_the_old_links(tmp_path):
    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.com/", at(0), links=[link("https://b.com/")])
    ds.fetch("c1", "https://a.com/", at(0, 5), status=404)  # fetched again: now gone
    ds.write()
    con = db.connect(tmp_path)
    assert count(con, "SELECT count(*) FROM links") == 0
    assert con.execute("SELECT status FROM pages").fetchall() == [(404,)]


def test_dofollow_verdict(tmp_path):
    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.com/", at(0), links=[
        link("https://b.com/1"), link("https://b.com/2", rel="nofollow"),
        link("https://b.com/3", rel="ugc"), link("https://b.com/4", rel="sponsored"),
        link("https://b.com/5", rel="noopener external"), link("https://b.com/6", page_nofollow=True),
    ])
    ds.write()
    con = db.connect(tmp_path)
    rows = con.execute("SELECT dst_url, dofollow FROM links ORDER BY dst_url").fetchall()
    assert [d for _, d in rows] == [True, False, False, False, True, False]


def test_live_index_takes_each_page_from_its_latest_crawl(tmp_path):
    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.com/", at(0), links=[link("https://t.com/1"), link("https://t.com/2")])
    ds.fetch("c1", "https://b.com/", at(0), links=[link("https://t.com/1")])
    ds.write()
    ds.fetch("c2", "https://a.com/", at(7), links=[link("https://t.com/2")])
    ds.write()
    con = db.connect(tmp_path)
    assert count(con, "SELECT count(*) FROM links") == 4  # per crawl
    live = con.execute("SELECT src_url, dst_url, crawl_id FROM live_links ORDER BY ALL").fetchall()
    assert live == [("https://a.com/", "https://t.com/2", "c2"), ("https://b.com/", "https://t.com/1", "c1")]


def test_crawls_in_manifest_order(tmp_path):
    ds = Dataset(tmp_path)
    ds.fetch("zz-first", "https://a.com/", at(0))
    ds.fetch("aa-second", "https://a.com/", at(1))
    ds.fetch("no-manifest", "https://a.com/", at(2))
    ds.write()
    ds.manifest("zz-first", at(0))
    ds.manifest("aa-second", at(0, 30))
    con = db.connect(tmp_path)
    assert con.execute("SELECT crawl_id, seq FROM crawls ORDER BY seq").fetchall() == [
        ("zz-first", 1), ("aa-second", 2), ("no-manifest", 3)]


def test_pages_only_dataset(tmp_path):
    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.com/", at(0), status=500)
    ds.write()
    con = db.connect(tmp_path)
    assert count(con, "SELECT count(*) FROM links") == 0
    assert count(con, "SELECT count(*) FROM live_pages") == 1


def test_older_parts_without_a_column_read_as_null(tmp_path):
    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.com/", at(0), links=[link("https://b.com/", anchor="B")])
    ds.write()
    old = tmp_path / "links" / "crawl=c1" / "part-old-00001.parquet"
    table = pq.read_table(next((tmp_path / "links").glob("*/part-*.parquet")))
    table = table.drop_columns(["hreflang", "href"]).set_column(
        table.schema.get_field_index("src_url"), "src_url", pa.array(["https://c.com/"]))
    pq.write_table(table, old)
    con = db.connect(tmp_path)
    assert con.execute("SELECT src_url, href FROM links ORDER BY src_url").fetchall() == [
        ("https://a.com/", "https://b.com/"), ("https://c.com/", None)]


def test_graph_state(tmp_path):
    from analysis.graph.build import build

    ds = target_web(tmp_path)
    assert db.info(db.connect(tmp_path))["graph"] == "absent"
    build(tmp_path)
    assert db.info(db.connect(tmp_path))["graph"] == "fresh"
    ds.fetch("c1", "https://late.com/", at(0, 40), links=[link("https://www.target.com/")])
    ds.write()
    con = db.connect(tmp_path)
    assert db.info(con)["graph"] == "stale"
    # a stale graph still gives ranks, but rows come from the Parquet
    assert count(con, "SELECT count(*) FROM live_links WHERE src_domain = 'late.com'") == 1
    assert count(con, "SELECT count(*) FROM domain_ranks WHERE domain = 'late.com'") == 0
