"""A host whose name does not resolve is a fetch error, not a robots.txt refusal: RFC 9309's
"unreachable robots.txt means disallow" is about a server that fails, not one that does not
exist. Each attempt of the seed (https, then http) is recorded as a page with the DNS error,
counted as a fetch error, and the two count once against the page budget.

The name is 4 labels of 60 characters under .invalid (RFC 6761: never registered): longer
than the 255 octets a DNS query may carry, so the C library fails the lookup itself, and no
query leaves the machine (checked with strace when this test was written)."""

from __future__ import annotations

import json

import duckdb

from tests.support.crawl import backlinks

UNRESOLVABLE = ".".join(["a" * 60] * 4) + ".invalid"


def test_a_name_that_does_not_resolve_is_a_fetch_error(tmp_path):
    data = tmp_path / "data"
    backlinks("crawl", UNRESOLVABLE, "--data", str(data), "--crawl-id", "dns", "--quiet",
              "--max-pages-per-domain", "1", "-s", "RETRY_TIMES=0", check=True)
    pages = duckdb.connect().execute(
        f"SELECT url, status, error FROM read_parquet('{data}/pages/**/*.parquet') ORDER BY url").fetchall()
    assert [(url, status) for url, status, _ in pages] == [
        (f"http://{UNRESOLVABLE}/", 0), (f"https://{UNRESOLVABLE}/", 0)]
    assert all("DNS lookup failed" in error for _, _, error in pages)
    stats = json.loads((data / "crawls" / "dns.json").read_text())["stats"]
    assert stats["progress/fetch_errors"] == 2
    assert stats.get("robotstxt/forbidden", 0) == 0 and stats.get("budget/exceeded", 0) == 0
    assert stats["robotstxt/unresolved"] == 2
