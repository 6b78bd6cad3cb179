"""What the audit of one domain reads from the index, gathered once: `collect(con, domain, ...)`.

Every row comes from one `analysis/sql/audit_*.sql` question (named beside each field); those
that read the index as a whole read its aggregates (aggregates.py: stored by `backlinks build`,
or computed). The signals (signals.py) only look at this object, so a test can build one by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analysis.audit import aggregates, anchors, standing
from analysis.sql import rows

if TYPE_CHECKING:
    import duckdb

    from analysis.audit.settings import AuditSettings
    from analysis.audit.standing import StandingData


@dataclass
class AuditData:
    domain: str
    settings: AuditSettings
    keywords: list[str]
    brands: list[str]
    links: list[dict[str, Any]]  # audit_links, each with its `anchor_class`
    domains: dict[str, dict[str, Any]]  # audit_domains, by referring domain
    analytics: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # audit_analytics
    ips: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # audit_ips
    interlinks: dict[str, dict[str, Any]] = field(default_factory=dict)  # audit_interlinks
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)  # audit_profiles
    duplicates: dict[str, dict[str, Any]] = field(default_factory=dict)  # audit_duplicates, by URL
    timeline: list[dict[str, Any]] = field(default_factory=list)  # audit_timeline
    redirects: dict[tuple[str, str], int] = field(default_factory=dict)  # audit_redirects
    target_text: str = ""  # audit_target: titles and descriptions of the domain's pages
    anchor_profile: anchors.AnchorProfile | None = None
    standing: StandingData | None = None  # standing.gather: trust, groups, coverage, baselines

    @property
    def refdomain_count(self) -> int:
        return len(self.domains)

    def links_of(self) -> dict[str, list[dict[str, Any]]]:
        """The links grouped by referring domain."""
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for link in self.links:
            out[link["src_domain"]].append(link)
        return out


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return dict(out)


def collect(con: duckdb.DuckDBPyConnection, domain: str, settings: AuditSettings,
            keywords: list[str]) -> AuditData:
    """Everything the signals of `domain`'s audit read (`domain` as the index files it)."""
    s = settings
    stored = aggregates.use(con)
    target = rows(con, "audit_target", domain=domain)[0]
    data = AuditData(
        domain=domain, settings=s, keywords=keywords,
        brands=anchors.brand_names(domain, target["site_names"]),
        links=rows(con, "audit_links", domain=domain),
        domains={r["domain"]: r for r in rows(con, "audit_domains", domain=domain)},
        analytics=_grouped(rows(con, "audit_analytics", domain=domain,
                                 min_domains=s.network_min_domains), "domain"),
        ips=_grouped(rows(con, "audit_ips", domain=domain, min_domains=s.network_min_domains,
                           max_share=s.ip_max_share), "domain"),
        interlinks={r["domain"]: r for r in rows(con, "audit_interlinks", domain=domain)},
        profiles={r["domain"]: r for r in rows(con, "audit_profiles", domain=domain,
                                                 min_domains=s.profile_min_domains,
                                                 min_jaccard=s.profile_min_jaccard)},
        duplicates={r["url"]: r for r in rows(con, "audit_duplicates", domain=domain,
                                                max_bits=s.duplicate_max_bits)},
        timeline=rows(con, "audit_timeline", domain=domain),
        redirects={(r["src_url"], r["dst_url"]): r["redirects"]
                   for r in rows(con, "audit_redirects", domain=domain)},
        target_text=target["text"],
    )
    data.anchor_profile = _anchor_profile(con, data, stored)
    data.standing = standing.gather(con, data)
    return data


def _anchor_profile(con: duckdb.DuckDBPyConnection, data: AuditData,
                    stored: dict[str, int] | None) -> anchors.AnchorProfile:
    profile = anchors.profile(data.domain, data.links, brands=data.brands, keywords=data.keywords)
    profile.typical = aggregates.typical(con, data.domain, data.settings, stored)
    profile.warnings = anchors.warnings(profile, data.settings)
    return profile


def collect_anchors(con: duckdb.DuckDBPyConnection, domain: str, settings: AuditSettings,
                    keywords: list[str]) -> anchors.AnchorProfile:
    """Only `domain`'s anchor profile (what `anchor-profile` shows): its backlinks, its names
    and the typical site, none of the questions the signals ask."""
    stored = aggregates.use(con)
    target = rows(con, "audit_target", domain=domain)[0]
    data = AuditData(domain=domain, settings=settings, keywords=keywords,
                     brands=anchors.brand_names(domain, target["site_names"]),
                     links=rows(con, "audit_links", domain=domain), domains={})
    return _anchor_profile(con, data, stored)
