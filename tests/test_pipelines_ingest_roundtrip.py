"""The round trip: a real crawl of the local web writes Parquet and WARC; ingesting its WARC
gives back the same rows, but for crawl_id, source (and fetched_at, which WARC-Date keeps
to the second). Then the analysis sees the ingested crawl as a crawl of its own."""

from __future__ import annotations

import json

import pytest

from crawler.localweb.generator import LocalWeb
from tests.support.crawl import backlinks, crawl
from tests.support.localweb import running_localweb
from tests.support.warcs import table

DIFFERENT = ("crawl_id", "source", "fetched_at")


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("roundtrip")
    data = tmp / "data"
    with running_localweb(tmp, hosts=50) as web:
        # a budget above the sites' size: every page is fetched, its redirects and errors included
        crawl(LocalWeb().seeds[:4], data, web.proxy_url, "--crawl-id", "c1", "--max-pages-per-domain", "200")
    proc = backlinks("ingest-warc", str(data / "warc" / "crawl=c1"), "--data", str(data),
                     "--crawl-id", "c1-warc", "--processes", "1", check=True)
    return data, proc


def same_fetch(row):
    """A row with fetched_at cut to the second, and without the columns that differ."""
    return tuple(sorted((k, repr(v)) for k, v in row.items() if k not in DIFFERENT)) + \
        (row["fetched_at"].replace(microsecond=0),)


def test_the_crawls_warc_ingests_back_to_the_same_link_rows(round_trip):
    data, _ = round_trip
    crawled, ingested = table(data, "links", "c1"), table(data, "links", "c1-warc")
    assert len(crawled) > 1000
    assert sorted(map(same_fetch, ingested)) == sorted(map(same_fetch, crawled))
    assert {r["source"] for r in crawled} == {"crawl"}
    assert all(r["source"].startswith("warc:") and r["crawl_id"] == "c1-warc" for r in ingested)


def test_and_to_the_same_page_rows(round_trip):
    data, _ = round_trip
    crawled = [dict(p, depth=None) for p in table(data, "pages", "c1")]
    ingested = table(data, "pages", "c1-warc")
    assert {p["status"] for p in crawled} >= {200, 301, 404}  # redirects and errors too
    assert sorted(map(same_fetch, ingested)) == sorted(map(same_fetch, crawled))
    for page in ingested:  # the WARC pointer is the crawl's own
        name = page["warc_file"].rsplit("/", 1)[-1]
        assert page["source"] == f"warc:{name}@{page['warc_offset']}"


def test_the_ingested_crawl_has_a_manifest_the_analysis_orders(round_trip):
    from analysis.db import connect

    data, proc = round_trip
    doc = json.loads((data / "crawls" / "c1-warc.json").read_text())
    assert doc["crawl_id"] == "c1-warc" and doc["finish_reason"] == "finished"
    assert doc["stats"]["pages"] == len(table(data, "pages", "c1-warc"))
    assert doc["started_at"] <= doc["finished_at"]
    con = connect(data)
    order = [row[0] for row in con.execute("SELECT crawl_id FROM crawls ORDER BY seq").fetchall()]
    assert set(order) == {"c1", "c1-warc"}
    assert "ingest-warc into crawl c1-warc: done" in proc.stderr


def test_a_crawls_own_id_is_refused(round_trip):
    data, _ = round_trip
    proc = backlinks("ingest-warc", str(data / "warc" / "crawl=c1"), "--data", str(data), "--crawl-id", "c1")
    assert proc.returncode == 1 and "is a crawl's" in proc.stderr
