"""What the crawl can say of a referring domain besides its signals: its standing (trust,
strength, the group it links with) and how much of it the crawl has seen (coverage).

A private blog network and a topical community look alike to the link signals when a crawl
is small: both are groups that link to each other dofollow, with overlapping profiles. What
tells them apart is what the graph also sees: trust that flows in from the trusted seeds and
from domains outside the group. So the network and profile signals are weighed against the
standing of the group they accuse (`weigh`), and a strong domain's weak on-page markers are
shown but do not count. The rules, with their settings (settings.py):

    trust mass     = trust_raw x the number of domains in the graph: the domain's share of
                     the trust the seeds hand out, relative to the average domain (1 = the
                     average). Unknown when the graph has no seed of trust.
    carries trust  = a seed of trust, or trust mass >= `trusted_mass`
    strong         = carries trust; without seeds in the graph: domain rank >=
                     `strong_rank_min` and at least `community_min_supporters` referring
                     domains
    group          = the referring domain and the domains it links with both ways (dofollow)
    supporters     = domains outside the group with a dofollow link into it that are not
                     link farms (fewer than `farm_domain_out_domains` linked domains), and,
                     when trust is known, that carry trust themselves
    community      = at least `community_trusted_share` of the group's members carry trust,
                     or it has at least `community_min_supporters` supporters
    thin crawl     = fewer than `thin_crawl_pages` of its pages fetched while more are known,
                     or fewer than `thin_crawl_neighbours` of the domains it links to crawled
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from analysis.sql import rows

if TYPE_CHECKING:
    import duckdb

    from analysis.audit.data import AuditData

#: signals that judge a domain by the group it links with or its profile
NETWORK = ("link_network", "identical_profile", "unnatural_dofollow")
#: on-page markers and weak hints: never enough to flag a strong domain
WEAK = ("low_authority", "trust_below_rank", "boilerplate_placement", "low_relevance", "thin_content",
        "spam_tld", "domain_digits", "domain_hyphens", "few_pages", "no_https", "no_contacts",
        "thin_titles", "no_description")


@dataclass(frozen=True)
class Coverage:
    """How much of a referring domain the crawl has seen."""

    pages_fetched: int
    pages_known: int
    linked_domains: int
    linked_crawled: int
    referring_crawled: int  # crawled domains that link to it
    thin: bool
    note: str  # why the crawl of it is thin, or ""


@dataclass(frozen=True)
class Standing:
    """A referring domain's standing in the graph, and the group it links with."""

    domain: str
    trust_mass: float | None
    trusted_seed: bool
    strong: bool
    strength: str  # why it is (or is not) strong
    group: list[str]  # itself and its link partners
    trusted_members: list[str]
    supporters: list[str]
    community: bool
    group_note: str  # the group's standing in words: the evidence network signals cite
    coverage: Coverage | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Cleared:
    """A signal the rules raised that the domain's standing or its sample overrules."""

    signal: str
    evidence: str
    reason: str


@dataclass
class StandingData:
    by_domain: dict[str, Standing] = field(default_factory=dict)
    dofollow_baseline: float | None = None  # the index's share of dofollow-only domain pairs
    dofollow_pairs: int = 0


def _carries(row: dict[str, Any] | None, bar: float) -> bool:
    if row is None:
        return False
    return bool(row["trusted_seed"]) or (row["trust_mass"] is not None and row["trust_mass"] >= bar)


def _names(domains: list[str], limit: int = 4) -> str:
    shown = ", ".join(domains[:limit])
    return shown + (f" and {len(domains) - limit} more" if len(domains) > limit else "")


def gather(con: duckdb.DuckDBPyConnection, data: AuditData) -> StandingData:
    """The standing and coverage of every referring domain of `data` (its interlinks read)."""
    s = data.settings
    groups = {d: sorted({d, *((data.interlinks.get(d) or {}).get("partner_domains") or [])}) for d in data.domains}
    members = sorted({m for g in groups.values() for m in g})
    facts = {r["domain"]: r for r in rows(con, "audit_standing", domains=members)} if members else {}
    seeded = any(r["trust_mass"] is not None for r in facts.values())
    supporters: dict[str, list[dict[str, Any]]] = {d: [] for d in groups}
    if groups:
        for r in rows(con, "audit_supporters", groups=[{"name": d, "members": g} for d, g in groups.items()]):
            supporters[r["name"]].append(r)
    baseline = rows(con, "audit_dofollow_baseline")[0]
    out = StandingData(dofollow_baseline=baseline["share"], dofollow_pairs=baseline["pairs"])
    for d, group in groups.items():
        mine = facts.get(d)
        trusted = [m for m in group if _carries(facts.get(m), s.trusted_mass)]
        backers = sorted(r["supporter"] for r in supporters[d]
                         if r["out_domains"] < s.farm_domain_out_domains
                         and (not seeded or _carries(r, s.trusted_mass)))
        community = (len(trusted) >= s.community_trusted_share * len(group)
                     or len(backers) >= s.community_min_supporters)
        out.by_domain[d] = Standing(
            domain=d, trust_mass=mine["trust_mass"] if mine else None,
            trusted_seed=bool(mine and mine["trusted_seed"]),
            strong=_strong(mine, data.domains[d], s, seeded), strength=_strength(mine, data.domains[d], s, seeded),
            group=group, trusted_members=trusted, supporters=backers, community=community,
            group_note=_group_note(group, trusted, backers, seeded, community),
            coverage=_coverage(data.domains[d], s))
    return out


def _strong(row: dict[str, Any] | None, facts: dict[str, Any], s: Any, seeded: bool) -> bool:
    if seeded:
        return _carries(row, s.trusted_mass)
    rank, referrers = facts.get("domain_rank") or 0, facts.get("in_domains") or 0
    return rank >= s.strong_rank_min and referrers >= s.community_min_supporters


def _strength(row: dict[str, Any] | None, facts: dict[str, Any], s: Any, seeded: bool) -> str:
    if row and row["trusted_seed"]:
        return "a seed of trust"
    if seeded:
        mass = row["trust_mass"] if row else 0.0
        word = "strong" if mass >= s.trusted_mass else "not strong"
        return f"{word}: {mass:.2f} times the average domain's trust (strong from {s.trusted_mass:g})"
    rank = facts.get("domain_rank") or 0
    word = "strong" if _strong(row, facts, s, seeded) else "not strong"
    return (f"{word}: no seed of trust in the graph; domain rank {rank:.1f} and {facts.get('in_domains') or 0} "
            f"referring domains (strong from {s.strong_rank_min:g} and {s.community_min_supporters})")


def _group_note(group: list[str], trusted: list[str], backers: list[str], seeded: bool, community: bool) -> str:
    size = "it" if len(group) == 1 else f"a group of {len(group)} domains"
    trust = (f"{len(trusted)} of whose members carry trust ({_names(trusted)})" if trusted
             else "none of whose members carries trust" if seeded else "trust unknown (no seed in the graph)")
    kind = "trusted" if seeded else "independent"
    support = (f"{len(backers)} {kind} domains outside link in ({_names(backers)})" if backers
               else f"no {kind} domain outside links in")
    verdict = "a community" if community else "a closed group"
    return f"{verdict}: {size}, {trust}; {support}"


def _coverage(facts: dict[str, Any], s: Any) -> Coverage:
    fetched, known = facts["pages"], facts["known_pages"]
    linked, crawled = facts["out_domains"], facts["linked_crawled"]
    notes = []
    if fetched < s.thin_crawl_pages and known > fetched:
        notes.append(f"{fetched} of its {known} known pages fetched")
    if linked >= 3 and crawled < s.thin_crawl_neighbours * linked:
        notes.append(f"{crawled} of the {linked} domains it links to crawled")
    return Coverage(pages_fetched=fetched, pages_known=known, linked_domains=linked, linked_crawled=crawled,
                    referring_crawled=int(facts.get("in_domains") or 0), thin=bool(notes),
                    note=("a thin crawl: " + "; ".join(notes)) if notes else "")


def weigh(data: AuditData, standing: StandingData, by_domain: dict[str, dict[str, str]],
          by_link: dict[int, dict[str, str]]) -> dict[str, list[Cleared]]:
    """Take out of `by_domain` and `by_link` (in place) what the standing overrules: network
    and profile signals on a community, weak markers on a strong domain. Returns what was
    taken out, by referring domain, each with its reason."""
    cleared: dict[str, list[Cleared]] = {}
    link_domain = {k["link_id"]: k["src_domain"] for k in data.links}
    for domain, st in standing.by_domain.items():
        out = []
        raised = by_domain.get(domain, {})
        for name in [n for n in raised if n in NETWORK]:
            if st.community:
                out.append(Cleared(name, raised.pop(name), st.group_note))
            else:
                raised[name] = f"{raised[name]}; {st.group_note}"
        for name in [n for n in raised if n in WEAK and st.strong]:
            out.append(Cleared(name, raised.pop(name), f"a strong domain ({st.strength}): a weak marker alone"))
        if out:
            cleared[domain] = out
    for link_id, raised in by_link.items():
        of = standing.by_domain.get(link_domain[link_id])
        if of is not None and of.strong:
            for name in [n for n in raised if n in WEAK]:
                evidence = raised.pop(name)
                mine = cleared.setdefault(of.domain, [])
                if all(c.signal != name for c in mine):
                    mine.append(Cleared(name, evidence, f"a strong domain ({of.strength}): a weak marker alone"))
    return cleared
