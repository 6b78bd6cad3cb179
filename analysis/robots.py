"""The robots.txt rules the crawls obeyed (the `robots` dataset, crawler/robotsrecord.py), to
tell whether robots.txt refused a URL that has no page row.

Each origin's latest rules are evaluated with the parser the crawl used (Scrapy's Protego
wrapper), for the user agent token the crawl matched them against.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from analysis import sql

ROBOTS_GLOB = "robots/crawl=*/part-*.parquet"


@dataclass(frozen=True)
class Rules:
    """One origin's robots.txt as last obeyed."""

    origin: str
    status: int  # of robots.txt; 0: unreachable
    body: bytes
    user_agent: str

    def allows(self, url: str) -> bool:
        from scrapy.robotstxt import ProtegoRobotParser

        return ProtegoRobotParser(self.body, None).allowed(url, self.user_agent)

    def why(self, what: str = "it") -> str:
        """Why these rules refuse `what`, in words."""
        if self.status == 0:
            return f"{self.origin}/robots.txt was unreachable: all disallowed"
        if self.status >= 500 or self.status == 429:
            return f"{self.origin}/robots.txt answered {self.status}: all disallowed"
        return f"{self.origin}/robots.txt disallows {what}"


def load_rules(con, data_dir: str | Path) -> dict[str, Rules]:
    """origin -> its latest rules over every crawl of `data_dir` (none before any crawl
    recorded them)."""
    if not any(Path(data_dir).glob(ROBOTS_GLOB)):
        return {}
    rows = sql.run(con, "robots_rules", files=str(Path(data_dir) / ROBOTS_GLOB)).fetchall()
    return {origin: Rules(origin, status, bytes(body or b""), user_agent)
            for origin, status, body, user_agent in rows}


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as robots.txt is scoped (RFC 9309)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
