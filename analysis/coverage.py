"""How much of what Search Console shows the link index has, why the rest is missing, and how
many referring domains there are in all.

`coverage(index, target, export)` compares Search Console's linking sites and sample links of
`target` (analysis/sources/gsc.py) with the live index: each is `found` (a referring domain,
or a linking page, of the target) or missing for one reason, the first that applies:

    never_fetched   its domain was not crawled, or the page was not reached (or its fetch failed)
    robots          robots.txt refused it (the rules the crawl obeyed: the `robots` dataset)
    no_link         fetched (2xx), but no link to the target found on it
    gone            it answered 4xx or 5xx, or redirected elsewhere

The two lists are two samples of the same population, the target's referring domains: ours
(n1, what the crawl found) and Search Console's (n2), m of them in both. Chapman's
capture-recapture estimator gives the population's size,

    N = (n1 + 1)(n2 + 1) / (m + 1) - 1
    var(N) = (n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2))        (Seber 1970)

with Chao's (1987) log-normal 95% interval, which never falls below the domains seen:
f0 = N - (n1 + n2 - m), C = exp(1.96 sqrt(ln(1 + var / f0^2))), [seen + f0 / C, seen + f0 C].
It rests on two assumptions: the samples are independent, and every referring domain is as
likely as any other to be caught by each. Both hold only roughly here: Search Console's tables
stop at 1,000 rows and favour the domains with most links, and a focused crawl favours the
domains near its seeds (both favour the well-linked: the estimate is then too low).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from analysis import names
from analysis.errors import UnknownDomain
from analysis.robots import Rules, load_rules, origin_of
from analysis.sources.errors import BadGscExport
from pipelines.extractor.urls import host_of, registered_domain

if TYPE_CHECKING:
    from analysis.index import Index
    from analysis.sources.gsc import GscExport

REASONS = ("found", "never_fetched", "robots", "no_link", "gone")
Z_95 = 1.959964


@dataclass(frozen=True)
class Estimate:
    """Chapman's estimate of the referring domains from two samples, with its 95% interval
    (None when either sample is empty)."""

    ours: int  # n1: our referring domains
    gsc: int  # n2: Search Console's linking domains
    both: int  # m
    total: float | None
    low: float | None
    high: float | None

    @property
    def seen(self) -> int:
        return self.ours + self.gsc - self.both


def chapman(ours: int, gsc: int, both: int, z: float = Z_95) -> Estimate:
    """N = (n1+1)(n2+1)/(m+1) - 1 with Chao's log-normal interval (module docstring)."""
    if ours == 0 or gsc == 0:
        return Estimate(ours, gsc, both, None, None, None)
    total = (ours + 1) * (gsc + 1) / (both + 1) - 1
    variance = (ours + 1) * (gsc + 1) * (ours - both) * (gsc - both) / ((both + 1) ** 2 * (both + 2))
    seen = ours + gsc - both
    unseen = total - seen
    if unseen <= 0 or variance == 0:
        return Estimate(ours, gsc, both, total, float(seen), float(seen))
    spread = math.exp(z * math.sqrt(math.log(1 + variance / unseen ** 2)))
    return Estimate(ours, gsc, both, total, seen + unseen / spread, seen + unseen * spread)


@dataclass
class Coverage:
    """Search Console's sample of a target's backlinks against the index."""

    target: str  # the registered domain
    #: domain, gsc_linking_pages (null: only a sample link names it), found, reason, detail,
    #: backlinks, linking_pages, pages_fetched
    sites: pa.Table
    #: url, domain, last_crawled, found, reason, detail, status
    links: pa.Table
    estimate: Estimate
    robots_recorded: bool  # whether the crawls recorded robots.txt (else no miss says robots)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # "sites"/"links" -> reason -> n

    def share(self, what: str) -> float | None:
        """The share of Search Console's `what` ("sites" or "links") found in the index."""
        total = sum(self.counts[what].values())
        return self.counts[what].get("found", 0) / total if total else None

    def summary(self) -> dict[str, Any]:
        """The figures in one flat row: shares, misses by reason, the estimate."""
        row: dict[str, Any] = {"target": self.target}
        for what in ("sites", "links"):
            row[f"gsc_{what}"] = sum(self.counts[what].values())
            row[f"{what}_share"] = self.share(what)
            row.update({f"{what}_{reason}": self.counts[what].get(reason, 0) for reason in REASONS})
        e = self.estimate
        row.update({"our_refdomains": e.ours, "gsc_refdomains": e.gsc, "in_both": e.both,
                    "estimated_refdomains": e.total, "estimate_low": e.low, "estimate_high": e.high,
                    "robots_recorded": self.robots_recorded})
        return row


def coverage(index: Index, target: str, export: GscExport) -> Coverage:
    """Compare `export` (Search Console's Links report of `target`) with the live index."""
    try:
        domain = index.domain(target)
    except UnknownDomain:  # nothing in the index mentions it: every sample is a miss
        domain = names.candidates(target)[-1]
    if export.site() not in (None, domain):
        raise BadGscExport(f"the Search Console export is for {export.site()}, not {domain}")
    rules = load_rules(index.con, index.data_dir)
    sites = _sites(index, domain, export, rules)
    links = _links(index, domain, export, rules)
    ours = index.run("refdomains", domain=domain, crawl=None, limit=None).to_arrow_table().num_rows
    found = sum(sites.column("found").to_pylist())
    result = Coverage(domain, sites, links, chapman(ours, sites.num_rows, found), bool(rules))
    result.counts = {name: _count(table) for name, table in (("sites", sites), ("links", links))}
    return result


def _count(table: pa.Table) -> dict[str, int]:
    reasons = table.column("reason").to_pylist()
    return {reason: reasons.count(reason) for reason in REASONS if reason in reasons}


def _sites(index: Index, domain: str, export: GscExport, rules: dict[str, Rules]) -> pa.Table:
    gsc_pages: dict[str, int | None] = {}
    for row in export.linking_sites.select(["domain", "linking_pages"]).to_pylist():
        gsc_pages[row["domain"]] = (gsc_pages.get(row["domain"]) or 0) + row["linking_pages"]
    for linking in export.sample_links.column("domain").to_pylist():
        gsc_pages.setdefault(linking, None)
    gsc_pages.pop(domain, None)  # Search Console lists external links only; never the site itself
    index.con.register("gsc_sites", pa.table({"domain": pa.array(sorted(gsc_pages), pa.string())}))
    try:
        facts = index.run("coverage_sites", domain=domain).to_arrow_table().to_pylist()
    finally:
        index.con.unregister("gsc_sites")
    rows = []
    for fact in facts:
        reason, detail = _site_reason(fact, domain, rules)
        rows.append({"domain": fact["domain"], "gsc_linking_pages": gsc_pages[fact["domain"]],
                     "found": reason == "found", "reason": reason, "detail": detail,
                     "backlinks": fact["backlinks"], "linking_pages": fact["linking_pages"],
                     "pages_fetched": fact["pages_fetched"]})
    return _table(rows, [("domain", pa.string()), ("gsc_linking_pages", pa.int64()), ("found", pa.bool_()),
                         ("reason", pa.string()), ("detail", pa.string()), ("backlinks", pa.int64()),
                         ("linking_pages", pa.int64()), ("pages_fetched", pa.int64())])


def _site_reason(fact: dict[str, Any], target: str, rules: dict[str, Rules]) -> tuple[str, str]:
    if fact["backlinks"]:
        return "found", f"{fact['backlinks']} backlinks from {fact['linking_pages']} pages"
    pages, ok, statuses = fact["pages_fetched"], fact["ok_pages"], fact["statuses"] or []
    if ok:
        return "no_link", f"{pages} pages fetched ({ok} answered 2xx): none links to {target}"
    if statuses == [0]:
        return "never_fetched", f"its {pages} fetches failed"
    if pages:
        said = ", ".join("fetch failed" if s == 0 else str(s) for s in statuses)
        return "gone", f"{pages} pages fetched, none answered 2xx ({said})"
    own = [r for origin, r in rules.items() if registered_domain(host_of(origin)) == fact["domain"]]
    if own and not any(r.allows(f"{r.origin}/") for r in own):
        return "robots", "; ".join(r.why("/") for r in own)
    return "never_fetched", "its domain was not crawled"


def _links(index: Index, domain: str, export: GscExport, rules: dict[str, Rules]) -> pa.Table:
    samples = [row for row in export.sample_links.to_pylist() if row["domain"] != domain]
    index.con.register("gsc_links", pa.table({"url": pa.array([r["url"] for r in samples], pa.string()),
                                              "domain": pa.array([r["domain"] for r in samples], pa.string())}))
    try:
        facts = {f["url"]: f for f in index.run("coverage_links", domain=domain).to_arrow_table().to_pylist()}
    finally:
        index.con.unregister("gsc_links")
    rows = []
    for sample in samples:
        fact = facts[sample["url"]]
        reason, detail = _link_reason(fact, domain, rules)
        rows.append({"url": sample["url"], "domain": sample["domain"], "last_crawled": sample["last_crawled"],
                     "found": reason == "found", "reason": reason, "detail": detail, "status": fact["status"]})
    return _table(rows, [("url", pa.string()), ("domain", pa.string()), ("last_crawled", pa.date32()),
                         ("found", pa.bool_()), ("reason", pa.string()), ("detail", pa.string()),
                         ("status", pa.int16())])


def _link_reason(fact: dict[str, Any], target: str, rules: dict[str, Rules]) -> tuple[str, str]:
    if fact["found"]:
        return "found", "a linking page in the index"
    status = fact["status"]
    if fact["fetched"]:
        when = fact["fetched_at"].date().isoformat()
        if status == 0:
            return "never_fetched", f"its fetch failed on {when}: {fact['error']}"
        if 200 <= status < 300:
            return "no_link", f"fetched on {when} ({status}): no link to {target}"
        if 300 <= status < 400:
            return "gone", f"redirected to {fact['redirect_to']} ({status}, {when})"
        return "gone", f"answered {status} on {when}"
    origin_rules = _rules_for(fact["url"], rules)
    if origin_rules is not None and not origin_rules.allows(fact["url"]):
        return "robots", origin_rules.why()
    if fact["domain_pages"]:
        return "never_fetched", f"page not reached ({fact['domain_pages']} pages of {fact['domain']} fetched)"
    return "never_fetched", "its domain was not crawled"


def _rules_for(url: str, rules: dict[str, Rules]) -> Rules | None:
    """The rules the crawl obeyed for `url`'s origin; else for the same host over the other
    scheme (pages are matched with or without their scheme: Search Console lists
    https://x/p where a crawl followed links to http://x/p)."""
    origin = origin_of(url)
    other = origin.replace("https://", "http://", 1) if origin.startswith("https://") else \
        origin.replace("http://", "https://", 1)
    return rules.get(origin) or rules.get(other)


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, pa.DataType]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=pa.schema(columns))
