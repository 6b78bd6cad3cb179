"""The good links in the HTML report: the value distribution and the best links, with why.

`section(result)` is one `<section>` of HTML (a bar chart of the backlinks per band of ten
value points, drawn with the audit report's own chart code; each referring domain's share of
the value, the ten largest; and the best link of each of
the `best` most valuable referring domains with its five components and their evidence),
which `backlinks report` puts into the audit's report (analysis/audit/report.py). Every
value is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from analysis.audit.report import hbars, html_table

if TYPE_CHECKING:
    from analysis.value import ValueResult

#: The columns of the best links' table.
COLUMNS = ["src_domain", "src_url", "value", "authority", "relevance", "placement", "anchor_diversity", "traffic",
           "anchor", "why_relevance"]


def distribution_chart(result: ValueResult) -> str:
    rows = [(r["value"], float(r["backlinks"]), "value") for r in result.distribution()]
    return hbars("chart-value", "Backlinks by link value (bands of ten points)", rows, "{:.0f}")


def section(result: ValueResult, best: int = 20) -> str:
    """The good links section of the report."""
    s = result.summary()
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for link in result.links:  # best first: the first link of a domain is its best
        if link.src_domain not in seen and len(rows) < best:
            seen.add(link.src_domain)
            rows.append(link.row())
    return (f'<section id="good-links"><h2>Good links: link value</h2>'
            f"<p>{s['backlinks']} backlinks from {s['referring_domains']} referring domains; median value "
            f"{escape(str(s['median_value']))}. Value 0-100: authority, relevance, placement, anchor diversity and "
            f"traffic potential, lowered by the audit's verdict (README, \"Link value\").</p>"
            f'<div class="grid"><div>{distribution_chart(result)}</div>'
            f"<div><h3>Share of the value by referring domain</h3>"
            f"{html_table(result.by_domain()[:10], ['src_domain', 'value', 'value_share', 'backlinks'])}</div></div>"
            f"<h3>The best link of the {len(rows)} most valuable referring domains</h3>"
            f"{html_table(rows, COLUMNS)}</section>")
