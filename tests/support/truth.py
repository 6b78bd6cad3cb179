"""Read the local web's ground truth and work out what a polite crawl of it must find.

Everything here comes from the truth file the generator wrote (its own data, not a parse of
its HTML) and from the public suffix list; nothing from the code under test.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import tldextract

_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@cache
def domain_of(host: str) -> str:
    return _extract(host).top_domain_under_public_suffix or host


def host_of(url: str) -> str:
    return url.split("/", 3)[2].split(":")[0]


@dataclass
class Truth:
    links: list[dict] = field(default_factory=list)
    pages: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Truth:
        truth = cls()
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                table = row.pop("table")
                if table == "links":
                    truth.links.append(row)
                else:
                    truth.pages[row["url"]] = row
        return truth

    def reachable(self, seeds: list[str], max_depth: int) -> set[str]:
        """Pages a polite crawler fetches: BFS from each seed inside its registered domain,
        through links and redirects, never into a robots-disallowed URL."""
        out_links: dict[str, list[dict]] = {}
        for link in self.links:
            out_links.setdefault(link["src_url"], []).append(link)
        fetched: set[str] = set()
        for seed in seeds:
            scope = domain_of(host_of(seed))
            queue = deque([(seed, 0)])
            while queue:
                url, depth = queue.popleft()
                page = self.pages.get(url)
                if url in fetched or page is None or not page["robots_allowed"]:
                    continue
                fetched.add(url)
                for link in out_links.get(url, []):
                    dst = link["dst_url"]
                    if domain_of(host_of(dst)) != scope:
                        continue
                    nxt = depth if link["kind"] == "redirect" else depth + 1
                    if nxt <= max_depth:
                        queue.append((dst, nxt))
        return fetched
