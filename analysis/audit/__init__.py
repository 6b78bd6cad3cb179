"""The backlink audit: which of a site's links help and which hurt, each verdict with its reasons.

    from analysis import Index
    from analysis.audit import audit
    with Index("data") as ix:
        result = audit(ix, "example.com", keywords=["cheap flights"])
        result.domains[0].verdict, result.domains[0].signals

Modules: settings (every threshold and weight), anchors (anchor classes, the manipulation
warning), data (what is read from the index, SQL in analysis/sql/audit_*.sql), signals (the
named rules), score (0-100 and verdicts), disavow (Google's file), simulate (rank and trust
without the disavowed links), report (one HTML file). Nothing here prints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analysis.audit import data as _data
from analysis.audit import score as _score
from analysis.audit import signals as _signals
from analysis.audit import standing as _standing
from analysis.audit.settings import AuditSettings, BadSetting

if TYPE_CHECKING:
    from analysis.audit.anchors import AnchorProfile
    from analysis.index import Index

__all__ = ["Audit", "AuditSettings", "BadSetting", "anchor_profile", "audit"]


@dataclass
class Audit:
    """The audit of one domain: its referring domains scored (worst first), its anchor
    profile, its referring domains over the crawls, and its profile totals."""

    domain: str
    keywords: list[str]
    settings: AuditSettings
    totals: dict[str, Any]
    anchors: AnchorProfile
    domains: list[_score.DomainScore]
    timeline: list[dict[str, Any]] = field(default_factory=list)

    @property
    def verdicts(self) -> dict[str, int]:
        """Referring domains per verdict."""
        found = Counter(d.verdict for d in self.domains)
        return {v: found.get(v, 0) for v in _score.VERDICTS}

    def of(self, verdict: str) -> list[str]:
        """The referring domains with this verdict."""
        return [d.domain for d in self.domains if d.verdict == verdict]

    def summary(self) -> dict[str, Any]:
        return {"domain": self.domain, "keywords": self.keywords,
                "referring_domains": len(self.domains), "verdicts": self.verdicts,
                "backlinks": self.totals.get("backlinks"),
                "dofollow_share": self.totals.get("dofollow_share"),
                "domain_rank": self.totals.get("domain_rank"), "trust": self.totals.get("trust"),
                "anchor_classes": {c: v["share"] for c, v in self.anchors.classes.items()},
                "anchor_warnings": self.anchors.warnings}

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary(), "anchors": self.anchors.to_dict(),
                "timeline": self.timeline, "domains": [d.to_dict() for d in self.domains]}


def audit(index: Index, domain: str, *, keywords: list[str] | tuple[str, ...] = (),
          settings: AuditSettings | None = None) -> Audit:
    """Audit the backlinks of `domain` (a domain, host or URL). Needs `backlinks build`
    (NoGraph otherwise); UnknownDomain for a name the index never saw."""
    index.require_graph()
    name = index.domain(domain)
    settings = settings or AuditSettings()
    words = [k.strip() for k in keywords if k.strip()]
    gathered = _data.collect(index.con, name, settings, words)
    by_domain, by_link = _signals.raise_all(gathered)
    assert gathered.anchor_profile is not None and gathered.standing is not None
    cleared = _standing.weigh(gathered, gathered.standing, by_domain, by_link)
    totals = index.run("profile_totals", domain=name, crawl=None)
    return Audit(domain=name, keywords=words, settings=settings,
                 totals=dict(zip(totals.columns, totals.fetchall()[0], strict=True)),
                 anchors=gathered.anchor_profile,
                 domains=_score.score(gathered, by_domain, by_link, cleared), timeline=gathered.timeline)


def anchor_profile(index: Index, domain: str, *, keywords: list[str] | tuple[str, ...] = (),
                   settings: AuditSettings | None = None) -> AnchorProfile:
    """The anchor profile of `domain` alone, as `audit(...).anchors` gives it, without the
    rest of the audit. Needs `backlinks build`."""
    index.require_graph()
    name = index.domain(domain)
    words = [k.strip() for k in keywords if k.strip()]
    return _data.collect_anchors(index.con, name, settings or AuditSettings(), words)
