"""The extractor against the local web's ground truth, in process (no server, no crawl).

The local web (crawler/localweb) plants every link as data and records it before rendering
HTML, so its truth is independent of any extractor. Each page it would serve is handed to
extract() as the crawler would hand it over (URL, body, headers, status); the link rows
must equal the planted ones: target, kind, anchor, image, rel and its flags, page-level
nofollow and placement. The crawl tests check the same through a real crawl; this one
points at the extractor when they fail.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from pipelines.extractor import extract

localweb = pytest.importorskip("crawler.localweb.generator", reason="the local web generator is absent")

KEYS = ("src_url", "dst_url", "kind", "anchor_text", "image", "rel", "nofollow", "ugc", "sponsored", "page_nofollow",
        "placement")


def _rows(web: Any) -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]], int]:
    truth: Counter[tuple[Any, ...]] = Counter(tuple(row[k] for k in KEYS) for row in web.truth_links())
    ours: Counter[tuple[Any, ...]] = Counter()
    pages = 0
    for page in web.truth_pages():
        if page["robots_txt"] or page["trap"] or page["hostile"]:
            continue
        reply = web.respond("GET", page["url"], {})
        if not isinstance(reply.body, bytes):
            continue
        result = extract(page["url"], reply.body, reply.headers, status=reply.status)
        ours.update(tuple(row[k] for k in KEYS) for row in result.links if row["kind"] in ("a", "area", "redirect"))
        pages += 1
    return ours, truth, pages


def test_link_rows_equal_the_planted_links() -> None:
    web = localweb.LocalWeb(hosts=50, seed=0)
    ours, truth, pages = _rows(web)
    assert pages > 500
    sources = {key[0] for key in ours}
    truth = Counter({key: n for key, n in truth.items() if key[0] in sources})
    assert sum(truth.values()) > 10_000
    assert list((ours - truth).elements())[:10] == [] and list((truth - ours).elements())[:10] == []
