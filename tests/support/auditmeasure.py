"""Measure the audit against a planted web's truth: precision and recall of the flagged
referring domains (verdict suspicious or toxic), the strong clean domains flagged, each spam
kind's recall, and a table of every referring domain with its role, verdict, score and signals.

The truth is a role per referring domain: ``strong_clean``, ``clean`` or ``spam:<kind>``
(tests/support/communityweb.py's ``truth()["domains"]``; for the local web ``localweb_roles``).
Nothing here looks at how the audit decides; it reads its verdicts only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.audit import audit

if TYPE_CHECKING:
    from analysis import Index
    from analysis.audit.score import DomainScore

FLAGGED = ("suspicious", "toxic")


@dataclass
class Row:
    domain: str
    role: str
    verdict: str
    score: float
    signals: list[str]  # "name(points)", as the audit gave them

    @property
    def flagged(self) -> bool:
        return self.verdict in FLAGGED


@dataclass
class Measure:
    target: str
    rows: list[Row] = field(default_factory=list)

    @property
    def spam(self) -> list[Row]:
        return [r for r in self.rows if r.role.startswith("spam:")]

    @property
    def flagged(self) -> list[Row]:
        return [r for r in self.rows if r.flagged]

    @property
    def precision(self) -> float:
        """Flagged spam over flagged (1.0 when nothing is flagged)."""
        flagged = self.flagged
        return sum(r.role.startswith("spam:") for r in flagged) / len(flagged) if flagged else 1.0

    @property
    def recall(self) -> float:
        """Flagged spam over spam (1.0 when there is no spam)."""
        spam = self.spam
        return sum(r.flagged for r in spam) / len(spam) if spam else 1.0

    @property
    def false_positives(self) -> list[Row]:
        return [r for r in self.flagged if not r.role.startswith("spam:")]

    @property
    def missed(self) -> list[Row]:
        return [r for r in self.spam if not r.flagged]

    @property
    def strong_flagged(self) -> list[str]:
        return [r.domain for r in self.flagged if r.role == "strong_clean"]

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Spam kind -> (flagged, planted and seen by the crawl)."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self.spam:
            out[r.role[len("spam:"):]][0] += r.flagged
            out[r.role[len("spam:"):]][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def summary(self) -> str:
        return (f"{self.target}: {len(self.rows)} referring domains, {len(self.spam)} spam, "
                f"{len(self.flagged)} flagged: precision {self.precision:.3f}, recall {self.recall:.3f}, "
                f"strong clean flagged {len(self.strong_flagged)}")

    def table(self, *, all_rows: bool = True) -> str:
        """The summary, the recall of each spam kind, and one line per referring domain (the
        wrong ones first: false positives, then missed spam)."""
        wrong = {id(r) for r in self.false_positives + self.missed}
        rows = sorted(self.rows, key=lambda r: (id(r) not in wrong, r.flagged != (not r.role.startswith("spam:")),
                                                r.role, -r.score, r.domain))
        lines = [self.summary(), "by kind: " + ", ".join(f"{k} {f}/{n}" for k, (f, n) in self.by_kind().items()),
                 f"{'':2}{'domain':36} {'role':15} {'verdict':10} {'score':>5}  signals"]
        for r in rows:
            if all_rows or id(r) in wrong:
                mark = "FP" if r in self.false_positives else "FN" if r in self.missed else ""
                lines.append(f"{mark:2}{r.domain:36} {r.role:15} {r.verdict:10} {r.score:5.0f}  {' '.join(r.signals)}")
        return "\n".join(lines)


def _row(d: DomainScore, role: str) -> Row:
    return Row(d.domain, role, d.verdict, d.score, [f"{s.signal}({s.points:g})" for s in d.signals])


def measure(index: Index, target: str, roles: dict[str, str], *, keywords: list[str] | tuple[str, ...] = (),
            default_role: str = "clean") -> Measure:
    """Audit `target` and compare each referring domain's verdict with its role in `roles`
    (a referring domain the truth does not name gets `default_role`)."""
    result = audit(index, target, keywords=keywords)
    return Measure(result.domain, [_row(d, roles.get(d.domain, default_role)) for d in result.domains])


def community_roles(truth: dict) -> dict[str, str]:
    """The community web's roles (tests/support/communityweb.py)."""
    return {domain: facts["role"] for domain, facts in truth["domains"].items()}


#: the local web's "strong" referring domains, as tests/test_analysis_audit_localweb.py defines
#: them: domain rank and trust from `backlinks build` (the local web plants no authority)
LOCALWEB_STRONG_RANK = 40


def localweb_roles(index: Index, spam: list[dict], target: str) -> dict[str, str]:
    """The local web's roles for `target`'s referring domains: ``spam:<kind>`` from its spam truth
    (LocalWeb.spam_truth()), ``strong_clean`` for the other domains with domain rank at least
    LOCALWEB_STRONG_RANK and some trust, ``clean`` for the rest."""
    roles = {row["src_domain"]: f"spam:{row['kind']}" for row in spam if row["target"] == target}
    ranks = index.sql("SELECT domain, domain_rank, trust FROM domain_ranks").fetchall()
    for domain, rank, trust in ranks:
        if domain not in roles:
            strong = (rank or 0) >= LOCALWEB_STRONG_RANK and (trust or 0) > 0
            roles[domain] = "strong_clean" if strong else "clean"
    return roles
