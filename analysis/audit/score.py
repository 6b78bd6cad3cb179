"""Toxicity scores: 0-100 per link and per referring domain, every point from a named signal.

    link score    = domain-level points of its referring domain + the link's own points,
                    times `nofollow_factor` when the link passes no rank, at most 100
    domain score  = the score of its worst link (so it lists that link's signals too)
    verdict       = toxic at `toxic_score` or more, suspicious at `suspicious_score` or
                    more, else fine

Points are the settings' `<signal>_points`; a score is their sum, never a model's guess.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.audit.data import AuditData
    from analysis.audit.settings import AuditSettings
    from analysis.audit.standing import Cleared, Standing

VERDICTS = ("toxic", "suspicious", "fine")


@dataclass(frozen=True)
class Raised:
    """A signal that raised a score: its name, the points it added and why."""

    signal: str
    points: float
    evidence: str


@dataclass
class LinkScore:
    link_id: int
    src_url: str
    dst_url: str
    anchor: str
    anchor_class: str
    placement: str
    follow: str
    score: float
    verdict: str
    signals: list[Raised] = field(default_factory=list)


@dataclass
class DomainScore:
    domain: str
    score: float
    verdict: str
    domain_rank: float | None
    trust: float | None
    backlinks: int
    dofollow_backlinks: int
    #: the domain's own signals, then those of its worst link
    signals: list[Raised] = field(default_factory=list)
    links: list[LinkScore] = field(default_factory=list)
    #: signals raised but overruled by the domain's standing (standing.py), each with why
    cleared: list[Cleared] = field(default_factory=list)
    #: what the graph says of it (strength, group, coverage)
    standing: Standing | None = None
    #: what the verdict rests on when the crawl saw little of the domain
    notes: list[str] = field(default_factory=list)

    def to_dict(self, *, links: bool = True) -> dict[str, Any]:
        out = asdict(self)
        if not links:
            out.pop("links")
        return out


def verdict(score: float, settings: AuditSettings) -> str:
    if score >= settings.toxic_score:
        return "toxic"
    if score >= settings.suspicious_score:
        return "suspicious"
    return "fine"


def _raised(found: dict[str, str], settings: AuditSettings, factor: float = 1.0) -> list[Raised]:
    return [Raised(name, round(settings.points(name) * factor, 1), evidence)
            for name, evidence in found.items()]


def _notes(verdict: str, standing: Standing | None) -> list[str]:
    """A flagged verdict that rests on a thin crawl says so."""
    seen = standing.coverage if standing else None
    if verdict != "fine" and seen is not None and seen.thin:
        return [f"the verdict rests on {seen.note}"]
    return []


def score(data: AuditData, by_domain: dict[str, dict[str, str]], by_link: dict[int, dict[str, str]],
          cleared: dict[str, list[Cleared]] | None = None) -> list[DomainScore]:
    """Every referring domain of `data`, worst first (then by name), with its links worst first."""
    s = data.settings
    standing = data.standing.by_domain if data.standing else {}
    out = []
    for domain, links in data.links_of().items():
        own = _raised(by_domain.get(domain, {}), s)
        base = sum(r.points for r in own)
        scored = []
        for k in links:
            factor = 1.0 if k["dofollow"] else s.nofollow_factor
            mine = _raised(by_link.get(k["link_id"], {}), s)
            total = min(100.0, round((base + sum(r.points for r in mine)) * factor, 1))
            scored.append(LinkScore(
                k["link_id"], k["src_url"], k["dst_url"], k["anchor"], k["anchor_class"],
                k["placement"], k["follow"], total, verdict(total, s),
                _raised(by_domain.get(domain, {}), s, factor) + _raised(by_link.get(k["link_id"], {}), s, factor)))
        scored.sort(key=lambda x: (-x.score, x.link_id))
        worst = scored[0]
        own_names = {r.signal for r in own}
        facts = data.domains.get(domain, {})
        out.append(DomainScore(
            domain=domain, score=worst.score, verdict=worst.verdict,
            domain_rank=facts.get("domain_rank"), trust=facts.get("trust"),
            backlinks=len(links), dofollow_backlinks=sum(bool(k["dofollow"]) for k in links),
            signals=[r for r in worst.signals if r.signal in own_names]
            + [r for r in worst.signals if r.signal not in own_names],
            links=scored, cleared=(cleared or {}).get(domain, []), standing=standing.get(domain),
            notes=_notes(worst.verdict, standing.get(domain))))
    out.sort(key=lambda d: (-d.score, d.domain))
    return out
