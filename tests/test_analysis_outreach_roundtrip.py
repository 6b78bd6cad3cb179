"""The outreach round trip on the market web: removal requests made after a crawl of epoch 1,
`backlinks recheck` against epoch 2 (where blogs 12-14 dropped their link to the brand and
blog 15's page answers 404), the requests whose link went marked removed with the WARC record
of the recheck's fetch, whose bytes show the link gone; the one whose link stayed stays open
and gets its disavow comment. Truth: crawler/localweb/market.py's ROLES."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from warcio.archiveiterator import ArchiveIterator

from analysis.audit.disavow import DisavowFile
from analysis.outreach.disavow import with_outreach
from analysis.outreach.log import OutreachLog
from crawler.localweb.market import BLOGS, BRAND, ROLES
from crawler.localweb_process import running_localweb
from tests.support.crawl import FAST_LOCAL, backlinks, crawl
from tests.support.market import MARKET

pytestmark = pytest.mark.slow

SITE = BRAND[0].removeprefix("www.")


def blog(n: int) -> str:
    a, b, tld = BLOGS[n]
    return f"{a}-{b}.{tld}"


#: blog -> whether its link to the brand goes at epoch 2 (page kept, or page gone)
REQUESTS = {n: bool(role.epoch2) for n, role in ROLES.items() if role.brand}


@pytest.fixture(scope="module")
def rechecked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("roundtrip")
    data = tmp / "data"
    with running_localweb(tmp, web=MARKET, web_args={"seed": 0, "epoch": 1}, name="epoch1") as served:
        crawl(json.loads(served.truth_path.read_text())["seeds"], data, served.proxy_url, "--crawl-id", "before",
              "--max-depth", "5")
    for n in REQUESTS:  # a request per blog linking to the brand: the whole domain, or its page
        page = ["--page", f"http://www.{blog(n)}/posts/1.html"] if n % 2 else []
        backlinks("outreach", "add", "remove", blog(n), "--site", SITE, "--reason", "paid link", *page,
                  "--data", str(data), check=True)
    recrawled = tmp / "recrawled"
    shutil.copytree(data, recrawled)  # the same requests, to be settled by a whole crawl instead
    with running_localweb(tmp, web=MARKET, web_args={"seed": 0, "epoch": 2}, name="epoch2") as served:
        proc = backlinks("recheck", SITE, "--data", str(data), "--proxy", served.proxy_url, "--quiet",
                         "--crawl-id", "recheck-1", *FAST_LOCAL, check=True)
        seeds = json.loads(served.truth_path.read_text())["seeds"]
        crawled = crawl(seeds, recrawled, served.proxy_url, "--crawl-id", "after", "--max-depth", "5")
    return data, proc, recrawled, crawled


def test_removed_links_are_marked_with_their_proof(rechecked):
    data, proc, _, _ = rechecked
    entries = {e.domain: e for e in OutreachLog(data).entries(site=SITE)}
    assert {d: e.status == "removed" for d, e in entries.items()} == {blog(n): gone for n, gone in REQUESTS.items()}
    assert f"{sum(REQUESTS.values())} removal requests marked removed" in proc.stderr
    for entry in entries.values():
        if entry.status != "removed":
            assert entry.removed_record is None
            continue
        warc_file, _, where = entry.removed_record.partition("@")
        offset, length = map(int, where.split(":"))
        assert warc_file.startswith("warc/crawl=recheck-1/")
        with open(data / warc_file, "rb") as fh:
            fh.seek(offset)
            (record,) = list(ArchiveIterator(io.BytesIO(fh.read(length))))
        body = record.content_stream().read().decode()
        status = int(record.http_headers.get_statuscode())
        assert f"//{BRAND[0]}/" not in body and (status == 200 or 400 <= status < 500)
        assert record.rec_headers.get_header("WARC-Target-URI").startswith(f"http://www.{entry.domain}/")
        # the request's evidence: the earlier fetch that held the link
        assert entry.evidence.startswith("warc/crawl=before/") and entry.evidence != entry.removed_record


def test_the_next_crawl_marks_them_too(rechecked):
    _, _, recrawled, crawled = rechecked
    entries = {e.domain: e for e in OutreachLog(recrawled).entries(site=SITE)}
    assert {d: e.status == "removed" for d, e in entries.items()} == {blog(n): gone for n, gone in REQUESTS.items()}
    assert all(e.removed_record.startswith("warc/crawl=after/") for e in entries.values() if e.status == "removed")
    assert f"outreach: {sum(REQUESTS.values())} removal requests marked removed" in crawled.stderr


def test_recheck_fetched_only_the_linking_pages(rechecked):
    data, *_ = rechecked
    rows = backlinks("crawls", "--data", str(data), "--format", "jsonl", check=True).stdout.splitlines()
    urls = {json.loads(r)["crawl_id"]: json.loads(r)["urls"] for r in rows}
    # post 1 of each blog linking to the brand, post 2 of each linking to its dead page
    linking = sum(role.brand for role in ROLES.values()) + sum(-1 in role.dead for role in ROLES.values())
    assert urls["recheck-1"] == linking


def test_the_requests_that_stayed_get_their_disavow_comment(rechecked):
    data, *_ = rechecked
    log = OutreachLog(data)
    stayed = next(e for e in log.entries(site=SITE) if e.status == "requested")
    log.update(stayed.id, status="no_reply")
    log.update(stayed.id, status="disavowed")
    text = with_outreach(DisavowFile(), log, SITE).text()
    requested = stayed.created_at[:10]
    assert text == f"# removal requested on {requested}, no reply\ndomain:{stayed.domain}\n"
