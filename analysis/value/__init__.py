"""Link value: what each backlink is worth, 0-100, on the five criteria the SEO guides agree on.

    from analysis import Index
    from analysis.value import value
    with Index("data") as ix:
        result = value(ix, "example.com")
        best = result.links[0]
        best.value, best.authority, best.relevance, best.evidence["relevance"]

    value = toxicity factor x weighted mean of authority, relevance, placement,
            anchor diversity and traffic potential (each 0-100; settings.py)

Modules: settings (every weight), components (the five formulas, each over plain numbers),
terms (the TF-IDF tables `backlinks build` stores for relevance), toplist (an imported
popularity list for the traffic band), report (the HTML report's part), reference (the
README's table of the settings). The toxicity is the
audit's verdict on the referring domain (analysis.audit), never recomputed here. Nothing here
prints.

For scoring domains that do not link to the site yet (the opportunities' intersect
prospects): `prospect_values(index, target, domains)`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analysis import sql
from analysis.audit import audit
from analysis.audit.anchors import normalize
from analysis.errors import BadArgument
from analysis.value import components as c
from analysis.value import terms, toplist
from analysis.value.settings import COMPONENTS, ValueSettings

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from analysis.audit import Audit
    from analysis.index import Index

__all__ = ["LinkValue", "ValueResult", "ValueSettings", "prospect_values", "value"]


@dataclass
class LinkValue:
    """One backlink's value, its five components (traffic as its band) and why each scores
    what it does."""

    src_url: str
    src_domain: str
    dst_url: str
    anchor: str
    follow: str
    region: str
    value: float
    authority: float
    relevance: float
    placement: float
    anchor_diversity: float
    traffic: str
    verdict: str
    shared_terms: list[str] = field(default_factory=list)
    #: component name (and "toxicity") -> the line that says why
    evidence: dict[str, str] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The link as one flat row: URLs, value, the components, then the evidence."""
        out = {"src_url": self.src_url, "dst_url": self.dst_url, "value": self.value,
               "authority": self.authority, "relevance": self.relevance, "placement": self.placement,
               "anchor_diversity": self.anchor_diversity, "traffic": self.traffic,
               "src_domain": self.src_domain, "anchor": self.anchor, "follow": self.follow,
               "region": self.region, "verdict": self.verdict, "shared_terms": self.shared_terms}
        out.update({f"why_{name}": text for name, text in self.evidence.items()})
        return out


@dataclass
class ValueResult:
    """The backlinks of one domain valued, best first, with the profile's anchor concentration."""

    domain: str
    settings: ValueSettings
    links: list[LinkValue]
    top_anchor_share: float
    anchor_hhi: float
    toplist: bool  # whether a popularity list was imported

    def by_domain(self) -> list[dict[str, Any]]:
        """Each referring domain's value (its best link's: more links from one domain add
        little) and its share of the sum over referring domains, largest first."""
        best: dict[str, LinkValue] = {}
        counts: dict[str, int] = defaultdict(int)
        for link in self.links:
            counts[link.src_domain] += 1
            if link.src_domain not in best or link.value > best[link.src_domain].value:
                best[link.src_domain] = link
        total = sum(k.value for k in best.values())
        rows = [{"src_domain": d, "value": k.value, "value_share": k.value / total if total else 0.0,
                 "backlinks": counts[d], "best_link": k.src_url, "verdict": k.verdict}
                for d, k in best.items()]
        return sorted(rows, key=lambda r: (-r["value"], r["src_domain"]))

    def distribution(self) -> list[dict[str, Any]]:
        """How many backlinks score in each band of ten (0-9 ... 90-100)."""
        bands = [0] * 10
        for link in self.links:
            bands[min(int(link.value // 10), 9)] += 1
        return [{"value": f"{10 * i}-{10 * i + 9 if i < 9 else 100}", "backlinks": n} for i, n in enumerate(bands)]

    def summary(self) -> dict[str, Any]:
        values = sorted(k.value for k in self.links)
        return {"domain": self.domain, "backlinks": len(self.links),
                "referring_domains": len({k.src_domain for k in self.links}),
                "median_value": values[len(values) // 2] if values else None,
                "top_anchor_share": self.top_anchor_share, "anchor_hhi": self.anchor_hhi,
                "popularity_list": self.toplist}


def value(index: Index, domain: str, *, settings: ValueSettings | None = None,
          keywords: Iterable[str] = (), dofollow_only: bool = False, region: str | None = None,
          min_value: float | None = None, band: str | None = None,
          one_per_domain: bool = False, audited: Audit | None = None) -> ValueResult:
    """The live backlinks of `domain` valued, best first (then by referring page), filtered:
    dofollow only, one placement `region`, at least `min_value`, one traffic `band`, the best
    link of each referring domain. `audited`: the audit of `domain` when the caller has it
    (its verdicts lower the values; otherwise it is run here). Needs `backlinks build`
    (NoGraph otherwise)."""
    s = settings or ValueSettings()
    if band is not None and band not in c.BANDS:
        raise BadArgument("traffic", band, c.BANDS)
    if region is not None:
        from pipelines.dataset.schema import PLACEMENTS

        if region not in PLACEMENTS:
            raise BadArgument("placement", region, PLACEMENTS)
    checked = audited if audited is not None else audit(index, domain, keywords=list(keywords))
    links = _valued(index, checked, s)
    links = [k for k in links if (not dofollow_only or k.follow == "dofollow")
             and (region is None or k.region == region) and (min_value is None or k.value >= min_value)
             and (band is None or k.traffic == band)]
    links.sort(key=lambda k: (-k.value, k.src_url, k.dst_url))
    if one_per_domain:
        links = _best_of_each_domain(links)
    concentration = c.concentration({a: len(d) for a, d in _anchor_users(checked).items()})
    return ValueResult(checked.domain, s, links, *concentration,
                       toplist=toplist.path_in(index.data_dir).exists())


def _best_of_each_domain(links: list[LinkValue]) -> list[LinkValue]:
    """The first link of each referring domain in `links` (sorted best first)."""
    seen: set[str] = set()
    out = []
    for link in links:
        if link.src_domain not in seen:
            seen.add(link.src_domain)
            out.append(link)
    return out


def _anchor_users(checked: Audit) -> dict[str, set[str]]:
    """The referring domains using each anchor (normalised)."""
    users: dict[str, set[str]] = defaultdict(set)
    for d in checked.domains:
        for link in d.links:
            users[normalize(link.anchor)].add(d.domain)
    return users


def _valued(index: Index, checked: Audit, s: ValueSettings) -> list[LinkValue]:
    con, name = index.con, checked.domain
    terms.use(con)
    facts = sql.rows(con, "value_links", domain=name)
    refdomains = sorted({f["src_domain"] for f in facts})
    page_terms = terms.vectors(con, "value_page_terms", domain=name)
    domain_terms = terms.vectors(con, "value_domain_terms", domains=[*refdomains, name])
    site_terms = domain_terms.get(name, {})
    pr_min, pr_max = sql.run(con, "value_page_range").fetchall()[0]
    listed = toplist.ranks(con, index.data_dir, refdomains)
    classes = {(k.src_url, k.dst_url, k.anchor): k.anchor_class for d in checked.domains for k in d.links}
    verdicts = {d.domain: (d.verdict, d.score, [r.signal for r in d.signals]) for d in checked.domains}
    anchor_users = _anchor_users(checked)
    out = []
    for f in facts:
        src = f["src_domain"]
        users = anchor_users.get(normalize(f["anchor"]), set())
        parts = {
            "authority": c.authority(
                dofollow=bool(f["dofollow"]), passed=c.passed_rank(f["pagerank"], f["page_links"], pr_min, pr_max,
                                                                  s.passed_floor_links),
                domain_rank=f["domain_rank"], trust=f["trust"], s=s),
            "placement": c.placement(region=f["region"], position=f["position"], page_links=f["page_links"],
                                     region_links=f["region_links"], context_chars=f["context_chars"], s=s),
            "anchor_diversity": c.anchor_diversity(
                anchor=f["anchor"], anchor_class=classes.get((f["src_url"], f["dst_url"], f["anchor"]), "other"),
                others_with_anchor=len(users - {src}), others=len(refdomains) - 1, s=s),
        }
        parts["relevance"], shared = c.relevance(page_terms=page_terms.get(f["src_url"], {}),
                                                 domain_terms=domain_terms.get(src, {}), site_terms=site_terms, s=s)
        parts["traffic"], found = c.traffic(list_rank=listed.get(src), domain_rank=f["domain_rank"], s=s)
        verdict, score, signals = verdicts.get(src, ("fine", 0.0, []))
        out.append(LinkValue(
            src_url=f["src_url"], src_domain=src, dst_url=f["dst_url"], anchor=f["anchor"], follow=f["follow"],
            region=f["region"], value=c.combine({n: p.score for n, p in parts.items()},
                                                c.toxicity_factor(verdict, s), s, COMPONENTS),
            authority=parts["authority"].score, relevance=parts["relevance"].score,
            placement=parts["placement"].score, anchor_diversity=parts["anchor_diversity"].score,
            traffic=found, verdict=verdict, shared_terms=shared,
            evidence={**{n: parts[n].evidence for n in COMPONENTS},
                      "toxicity": _toxicity(verdict, score, signals, s)}))
    return out


def _toxicity(verdict: str, score: float, signals: list[str], s: ValueSettings) -> str:
    factor = c.toxicity_factor(verdict, s)
    if verdict == "fine":
        return "the audit finds the referring domain fine"
    return f"the audit calls the referring domain {verdict} (score {score:g}: {', '.join(signals)}): value x {factor:g}"


def prospect_values(index: Index, target: str, domains: Iterable[str], *, settings: ValueSettings | None = None,
                    verdicts: Mapping[str, str] | None = None) -> dict[str, LinkValue]:
    """What an editorial link from each of `domains` (registered domains, e.g. intersect
    prospects that link to competitors and not to `target`) to `target`'s home page would be
    worth: authority from the domain's rank and trust (no page to pass rank yet), relevance
    from the domain's terms against the target's, placement and anchor diversity as for a
    link in the text with an anchor of its own (100), the traffic band; times the toxicity
    factor of `verdicts` (domain -> the audit's verdict, e.g. from the audit of a competitor
    it links to; fine when absent). Needs `backlinks build`."""
    index.require_graph()
    s, name = settings or ValueSettings(), index.domain(target)
    wanted = sorted(set(domains))
    terms.use(index.con)
    vectors = terms.vectors(index.con, "value_domain_terms", domains=[*wanted, name])
    facts = {r["domain"]: r for r in sql.rows(index.con, "value_domain_facts", domains=wanted)}
    listed = toplist.ranks(index.con, index.data_dir, wanted)
    out = {}
    for domain in wanted:
        fact = facts.get(domain, {})
        parts = {"authority": c.authority(dofollow=True, passed=None, domain_rank=fact.get("domain_rank"),
                                          trust=fact.get("trust"), s=s),
                 "placement": c.Component(100 * s.content_weight, "assumed: a link in the text"),
                 "anchor_diversity": c.Component(100.0, "assumed: an anchor of its own")}
        parts["relevance"], shared = c.relevance(page_terms=None, domain_terms=vectors.get(domain, {}),
                                                 site_terms=vectors.get(name, {}), s=s)
        parts["traffic"], found = c.traffic(list_rank=listed.get(domain), domain_rank=fact.get("domain_rank"), s=s)
        verdict = (verdicts or {}).get(domain, "fine")
        out[domain] = LinkValue(
            src_url="", src_domain=domain, dst_url=f"http://{name}/", anchor="", follow="dofollow",
            region="content", value=c.combine({n: p.score for n, p in parts.items()}, c.toxicity_factor(verdict, s),
                                              s, COMPONENTS),
            authority=parts["authority"].score, relevance=parts["relevance"].score,
            placement=parts["placement"].score, anchor_diversity=parts["anchor_diversity"].score,
            traffic=found, verdict=verdict, shared_terms=shared,
            evidence={n: parts[n].evidence for n in COMPONENTS})
    return out
