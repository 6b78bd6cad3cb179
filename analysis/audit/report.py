"""The audit as one self-contained HTML file: no network needed to open it.

`render(result)` fills `templates/report.html` (string.Template) with the profile, four
charts drawn here as inline SVG (referring domains over the crawls, anchor classes, the rank
distribution of referring domains by verdict, verdicts), the anchor warnings, the audit
table (inline script: sort by a column, filter by verdict) and the link opportunities when
given. Every value is HTML-escaped.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from analysis.audit.anchors import CLASSES
from analysis.audit.score import VERDICTS

if TYPE_CHECKING:
    from analysis.audit import Audit

TEMPLATE = Path(__file__).parent / "templates" / "report.html"
BANDS = [f"{i}-{i + 9}" for i in range(0, 90, 10)] + ["90-100"]
W, H, PAD = 560, 220, 40


def _svg(chart_id: str, title: str, body: list[str], height: int = H) -> str:
    return (f'<svg id="{chart_id}" class="chart" viewBox="0 0 {W} {height}" role="img" '
            f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def _axis(top: float, height: int = H) -> list[str]:
    out = [f'<line x1="{PAD}" y1="{height - PAD}" x2="{W - 10}" y2="{height - PAD}" class="axis"/>',
           f'<line x1="{PAD}" y1="10" x2="{PAD}" y2="{height - PAD}" class="axis"/>']
    for frac in (0, 0.5, 1):
        y = height - PAD - frac * (height - PAD - 10)
        out.append(f'<text x="{PAD - 4}" y="{y + 4:.0f}" class="tick" text-anchor="end">{top * frac:g}</text>')
    return out


def timeline_chart(timeline: list[dict[str, Any]]) -> str:
    """Referring domains as of each crawl (line) and the new ones it brought (bars)."""
    top = max([r["referring_domains"] for r in timeline] + [r["new_referring_domains"] for r in timeline] + [1])
    n = max(len(timeline), 1)
    step = (W - PAD - 20) / n
    body = _axis(top)
    points = []
    for i, r in enumerate(timeline):
        x = PAD + step * (i + 0.5)
        h = (H - PAD - 10) * r["new_referring_domains"] / top
        body.append(f'<rect class="bar new" x="{x - step * 0.3:.1f}" y="{H - PAD - h:.1f}" width="{step * 0.6:.1f}" '
                    f'height="{h:.1f}"><title>{escape(str(r["crawl_id"]))}: {r["new_referring_domains"]} new'
                    '</title></rect>')
        y = H - PAD - (H - PAD - 10) * r["referring_domains"] / top
        points.append(f"{x:.1f},{y:.1f}")
        body.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>{escape(str(r["crawl_id"]))}: '
                    f'{r["referring_domains"]} referring domains</title></circle>')
        body.append(f'<text x="{x:.1f}" y="{H - PAD + 14}" class="tick" text-anchor="middle">'
                    f'{escape(str(r["crawl_id"]))[:14]}</text>')
    if points:
        body.insert(len(body) - 3 * len(timeline), f'<polyline class="line" points="{" ".join(points)}"/>')
    return _svg("chart-timeline", "Referring domains over the crawls (line) and new ones (bars)", body)


def hbars(chart_id: str, title: str, rows: list[tuple[str, float, str]], fmt: str) -> str:
    height = 20 + 24 * max(len(rows), 1)
    top = max([v for _, v, _ in rows] + [1e-9])
    body = []
    for i, (label, value, cls) in enumerate(rows):
        y = 10 + 24 * i
        w = (W - 180) * value / top
        body.append(f'<text x="130" y="{y + 14}" class="label" text-anchor="end">{escape(label)}</text>')
        body.append(f'<rect class="bar {cls}" x="136" y="{y}" width="{w:.1f}" height="18">'
                    f"<title>{escape(label)}: {fmt.format(value)}</title></rect>")
        body.append(f'<text x="{140 + w:.1f}" y="{y + 14}" class="tick">{fmt.format(value)}</text>')
    return _svg(chart_id, title, body, height)


def anchors_chart(result: Audit) -> str:
    rows = [(c, result.anchors.classes[c]["share"], f"class-{c}") for c in CLASSES]
    return hbars("chart-anchors", "Anchor classes (share of backlinks)", rows, "{:.0%}")


def verdicts_chart(result: Audit) -> str:
    rows = [(v, float(n), v) for v, n in result.verdicts.items()]
    return hbars("chart-verdicts", "Referring domains by verdict", rows, "{:.0f}")


def _band(rank: float | None) -> str:
    if rank is None:
        return BANDS[0]
    return BANDS[min(int(rank // 10), 9)]


def ranks_chart(result: Audit) -> str:
    """Referring domains per domain-rank band, stacked by verdict."""
    counts = {b: {v: 0 for v in VERDICTS} for b in BANDS}
    for d in result.domains:
        counts[_band(d.domain_rank)][d.verdict] += 1
    top = max([sum(c.values()) for c in counts.values()] + [1])
    step = (W - PAD - 20) / len(BANDS)
    body = _axis(top)
    for i, band in enumerate(BANDS):
        x, y = PAD + step * i + 3, float(H - PAD)
        for v in VERDICTS:
            h = (H - PAD - 10) * counts[band][v] / top
            if h:
                y -= h
                body.append(f'<rect class="bar {v}" x="{x:.1f}" y="{y:.1f}" width="{step - 6:.1f}" height="{h:.1f}">'
                            f"<title>rank {band}: {counts[band][v]} {v}</title></rect>")
        body.append(f'<text x="{x + step / 2 - 3:.1f}" y="{H - PAD + 14}" class="tick" text-anchor="middle">'
                    f'{band}</text>')
    return _svg("chart-ranks", "Referring domains by domain rank, stacked by verdict", body)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return escape(str(value))


def audit_rows(result: Audit) -> str:
    out = []
    for d in result.domains:
        signals = "".join(f'<li title="{escape(r.evidence)}"><b>{escape(r.signal)}</b> +{r.points:g}: '
                          f"{escape(r.evidence)}</li>" for r in d.signals)
        out.append(f'<tr class="{d.verdict}" data-verdict="{d.verdict}">'
                   f'<td>{escape(d.domain)}</td><td class="v">{d.verdict}</td>'
                   f'<td class="n">{d.score:g}</td><td class="n">{_cell(d.domain_rank)}</td>'
                   f'<td class="n">{_cell(d.trust)}</td><td class="n">{d.backlinks}</td>'
                   f'<td class="n">{d.dofollow_backlinks}</td><td><ul>{signals}</ul></td></tr>')
    return "\n".join(out)


def html_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in columns) + "</tr>" for r in rows)
    return f"<table class='small'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


#: What the opportunities table shows, and how many rows of each kind.
OPPORTUNITY_COLUMNS = ["kind", "domain", "url", "value", "reason", "evidence"]
OPPORTUNITIES_PER_KIND = 25


def opportunities_section(rows: list[dict[str, Any]] | None) -> str:
    """The link opportunities (analysis/opportunities/): a bar per kind and the best rows of
    each; or how to get them."""
    if rows is None:
        return "<p>Not computed: <code>backlinks report DOMAIN --opportunities</code> adds them.</p>"
    kinds: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        kinds.setdefault(r["kind"], []).append(r)
    chart = hbars("chart-opportunities", "Link opportunities by kind",
                  [(k, float(len(v)), "opportunity") for k, v in kinds.items()], "{:.0f}")
    best = [r for v in kinds.values() for r in v[:OPPORTUNITIES_PER_KIND]]
    return chart + html_table(best, OPPORTUNITY_COLUMNS) if rows else "<p>No opportunity found.</p>"


def render(result: Audit, good_links: str = "", opportunities: list[dict[str, Any]] | None = None) -> str:
    """The report of `result` as one HTML document; `good_links` is the link value's section
    (analysis/value/report.py), or nothing; `opportunities` (rows of
    `analysis.opportunities.opportunities`) when given."""
    totals = [{"measure": k, "value": v} for k, v in result.totals.items() if k != "domain"]
    warnings = "".join(f"<li>{escape(w)}</li>" for w in result.anchors.warnings) or \
        "<li class='ok'>The anchor profile looks natural.</li>"
    summary = {"domain": result.domain, "verdicts": result.verdicts,
               "referring_domains": len(result.domains)}
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        domain=escape(result.domain),
        keywords=escape(", ".join(result.keywords) or "none given (anchors matched to page titles)"),
        verdict_summary=escape(", ".join(f"{n} {v}" for v, n in result.verdicts.items())),
        totals=html_table(totals, ["measure", "value"]),
        chart_timeline=timeline_chart(result.timeline),
        chart_anchors=anchors_chart(result),
        chart_ranks=ranks_chart(result),
        chart_verdicts=verdicts_chart(result),
        warnings=warnings,
        top_anchors=html_table(result.anchors.anchors[:20], ["anchor", "class", "backlinks", "referring_domains"]),
        audit_rows=audit_rows(result),
        good_links=good_links,
        summary_json=escape(json.dumps(summary)),
        opportunities=opportunities_section(opportunities),
    )


def write(result: Audit, path: str | Path, good_links: str = "",
          opportunities: list[dict[str, Any]] | None = None) -> None:
    Path(path).write_text(render(result, good_links, opportunities), encoding="utf-8")
