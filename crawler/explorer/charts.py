"""The explorer's charts: SVG drawn on the server by the audit report's functions
(analysis/audit/report.py), so the page needs no chart library and no inline script.

Without graph.duckdb there is no audit: the overview then draws the profile's breakdowns
(rank band, follow, placement, kind) alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from analysis.audit import report

if TYPE_CHECKING:
    from analysis.audit import Audit
    from analysis.index import Profile

#: The profile's breakdowns drawn on the overview, with their titles.
BREAKDOWNS = {"rank_band": "Backlinks by referring domain rank", "follow": "Backlinks by follow",
              "placement": "Backlinks by placement", "kind": "Backlinks by link kind"}


def _breakdown(profile: Profile, by: str, title: str) -> Markup:
    rows = [(str(r["value"]), float(r["backlinks"] or 0), "") for r in profile.breakdowns.get(by, [])]
    return Markup(report.hbars(f"chart-{by}", title, rows, "{:,.0f}"))


def overview(profile: Profile) -> list[tuple[str, Markup]]:
    """The overview's charts of the profile's breakdowns (the audit's: overview_audit)."""
    return [(title, _breakdown(profile, by, title)) for by, title in BREAKDOWNS.items()]


def overview_audit(result: Audit) -> list[tuple[str, Markup]]:
    """The audit's charts on the overview: referring domains over the crawls, their rank by
    verdict, anchor classes, verdicts."""
    return [("Referring domains over the crawls", Markup(report.timeline_chart(result.timeline))),
            ("Referring domains by rank and verdict", Markup(report.ranks_chart(result))),
            ("Anchor classes", Markup(report.anchors_chart(result))),
            ("Verdicts", Markup(report.verdicts_chart(result)))]


def audit(result: Audit) -> list[tuple[str, Markup]]:
    """The audit page's charts: verdicts and the rank distribution by verdict."""
    return [("Verdicts", Markup(report.verdicts_chart(result))),
            ("Referring domains by rank and verdict", Markup(report.ranks_chart(result)))]
