"""Rows of the ground truth, and reading a truth file back.

links: ``src_url, dst_url, kind (a|area|redirect), anchor_text, image, rel, nofollow, ugc,
sponsored, page_nofollow, placement, position``. ``dst_url`` is absolute with the fragment,
session ids and ``utm_*`` removed, host lower-case punycode, default port dropped. ``position``
counts the page's http(s) ``<a>``/``<area>`` links from 0 in document order.

pages: ``url, host, status, robots_allowed, trap, charset, gzip, crawl_delay, redirect_to``,
plus ``robots_txt`` (the row is a robots.txt file) and ``hostile`` (a hostile-host URL).

changes (epoch 2 only): ``epoch, change (link_added|link_removed|page_removed), src_url,
dst_url, anchor_text`` (for page_removed: ``src_url`` is the page, ``dst_url`` is null).

spam (in its own file, ``spam_truth_path``): ``src_host, src_domain, target, kind (network|farm|
sitewide|niche|spike), links, anchors, keywords, new_in_epoch`` (see spam.py).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .links import collapse
from .model import Page


def link_rows(page: Page) -> Iterator[dict]:
    """The truth rows of the links ``page`` carries (or of its redirect)."""
    if page.redirect_to is not None:
        yield {"src_url": page.url, "dst_url": page.redirect_to, "kind": "redirect",
               "anchor_text": "", "image": False, "rel": "", "nofollow": False, "ugc": False,
               "sponsored": False, "page_nofollow": False, "placement": "other", "position": 0}
        return
    if page.status != 200:
        return
    for position, link in enumerate(page.in_order()):
        rel = link.rel_tokens()
        yield {"src_url": page.url, "dst_url": link.dst, "kind": link.kind,
               "anchor_text": collapse(link.anchor), "image": link.image, "rel": " ".join(rel),
               "nofollow": "nofollow" in rel, "ugc": "ugc" in rel,
               "sponsored": "sponsored" in rel, "page_nofollow": page.page_nofollow,
               "placement": link.placement, "position": position}


def companion_path(path: str | Path, tag: str) -> Path:
    """A file beside the truth file ``path``: ``x.jsonl`` -> ``x.TAG.jsonl``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.{tag}{path.suffix or '.jsonl'}")


def spam_truth_path(path: str | Path) -> Path:
    """Where the spam rows of the truth file ``path`` go: ``x.jsonl`` -> ``x.spam.jsonl``."""
    return companion_path(path, "spam")


def read_truth(path: str | Path) -> dict[str, list[dict]]:
    """A truth file as ``{"links": [...], "pages": [...], "changes": [...], "spam": [...]}``
    (spam from ``spam_truth_path(path)``, empty when there is none)."""
    tables: dict[str, list[dict]] = defaultdict(list)
    paths = [Path(path)] + [p for p in [spam_truth_path(path)] if p.exists()]
    for each in paths:
        with open(each, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                tables[row.pop("table")].append(row)
    return {name: tables.get(name, []) for name in ("links", "pages", "changes", "spam")}
