"""The audit's index-wide aggregates stored by `backlinks build` (analysis/audit/aggregates.py)
give the same audit as the aggregates computed from scratch, on the same index: two real crawls
of the local web and its planted spam (networks, identical profiles, shared addresses), the
campaign's target, the network members and two ordinary sites the farms link to audited both ways.

The computed side is the one an audit takes on a graph built before the stored tables: the
graph's meta entry that says they are there is removed, nothing else changes.
"""

from __future__ import annotations

import duckdb
import pytest

from analysis import Index, build
from analysis.audit import aggregates, audit
from analysis.audit.settings import AuditSettings
from crawler.localweb.generator import LocalWeb
from tests.support.crawl import crawl_epochs

pytestmark = pytest.mark.slow

HOSTS = 20
SEEDS = [s for s in LocalWeb(hosts=HOSTS).seeds if "slow-and-steady" not in s]
#: the default settings, and a typical site of fewer domains, which is read from the build's
SETTINGS = [AuditSettings(), AuditSettings(baseline_max_domains=3)]


def audits(data, domains: list[str]) -> tuple[dict | None, list[dict]]:
    """What `aggregates.use` found (None: computed), and each domain's audit under each SETTINGS."""
    with Index(data) as ix:
        stored = aggregates.use(ix.con)
        return stored, [audit(ix, d, settings=s).to_dict() for d in domains for s in SETTINGS]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data, _ = crawl_epochs(tmp_path_factory.mktemp("audit-stored"), SEEDS, hosts=HOSTS,
                           max_depth=40, budget=100)
    build(data)
    return data


def test_stored_aggregates_give_the_audit_computed_from_scratch(crawled):
    web = LocalWeb(hosts=HOSTS, epoch=2)
    domains = [web.spam.target.spec.host.split(".", 1)[1], *(s.domain for s in web.spam.of_kind("network")),
               "alpha-news.com", "state-university.edu"]
    stored, from_tables = audits(crawled, domains)
    assert stored is not None  # the fresh graph's tables were read

    con = duckdb.connect(str(crawled / "graph.duckdb"))
    try:
        con.execute("DELETE FROM meta WHERE key = $1", [aggregates.META_KEY])
    finally:
        con.close()
    computed, from_scratch = audits(crawled, domains)
    assert computed is None  # computed again

    assert from_tables == from_scratch
