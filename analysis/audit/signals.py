"""The audit's signals: each a named rule over `AuditData`, with its thresholds as settings.

A rule returns the referring domains (level "domain") or the link ids (level "link") it
raises, each with its evidence: a line a user can check against the index. Each signal adds
`<name>_points` (settings.py) to the score of what it raises. `SIGNALS` lists them in the
order the report shows; the docstring of each is its documentation (the README's table of
signals is generated from them: analysis/audit/reference.py).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from analysis.audit import anchors

if TYPE_CHECKING:
    from analysis.audit.data import AuditData

Evidence = dict[Any, str]


@dataclass(frozen=True)
class Signal:
    name: str
    level: str  # "domain" or "link"
    rule: Callable[[AuditData], Evidence]

    @property
    def doc(self) -> str:
        return " ".join((self.rule.__doc__ or "").split())


SIGNALS: dict[str, Signal] = {}


def signal(level: str) -> Callable[[Callable[[AuditData], Evidence]], Callable[[AuditData], Evidence]]:
    def register(rule: Callable[[AuditData], Evidence]) -> Callable[[AuditData], Evidence]:
        SIGNALS[rule.__name__] = Signal(rule.__name__, level, rule)
        return rule
    return register


def _label(domain: str) -> str:
    """The first label of a domain, an IDN label decoded."""
    label = domain.split(".", 1)[0]
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


# -- authority ------------------------------------------------------------------------------
@signal("domain")
def low_authority(a: AuditData) -> Evidence:
    """Domain rank below `low_rank_max` and trust below `low_trust_max` (no trust counts as
    0): nobody of weight links to the referring domain."""
    s = a.settings
    return {d: f"domain rank {r['domain_rank'] or 0:.1f} < {s.low_rank_max:g}, "
               f"trust {r['trust'] or 0:.1f} < {s.low_trust_max:g}"
            for d, r in a.domains.items()
            if (r["domain_rank"] or 0) < s.low_rank_max and (r["trust"] or 0) < s.low_trust_max}


@signal("domain")
def trust_below_rank(a: AuditData) -> Evidence:
    """Trust far below rank (Majestic's TF/CF): domain rank at least `trust_gap_min_rank` and
    trust / rank below `trust_gap_ratio`. Rank bought from links no trusted site vouches for.
    Silent when the graph has no trusted seed (trust unknown)."""
    s = a.settings
    return {d: f"trust {r['trust']:.1f} is {r['trust'] / r['domain_rank']:.2f} of domain rank "
               f"{r['domain_rank']:.1f} (< {s.trust_gap_ratio:g})"
            for d, r in a.domains.items()
            if r["trust"] is not None and (r["domain_rank"] or 0) >= s.trust_gap_min_rank
            and r["trust"] / r["domain_rank"] < s.trust_gap_ratio}


# -- link farms -----------------------------------------------------------------------------
@signal("link")
def link_farm_page(a: AuditData) -> Evidence:
    """The linking page has at least `farm_page_external_links` external links or links to at
    least `farm_page_linked_domains` domains: a directory or link farm page."""
    s = a.settings
    return {k["link_id"]: f"the page has {k['src_links_external']} external links to {k['src_linked_domains']} domains"
            for k in a.links
            if (k["src_links_external"] or 0) >= s.farm_page_external_links
            or (k["src_linked_domains"] or 0) >= s.farm_page_linked_domains}


@signal("domain")
def link_farm_domain(a: AuditData) -> Evidence:
    """The referring domain links out to at least `farm_domain_out_domains` domains, and to at
    least `farm_domain_out_per_page` per crawled page: it exists to link out."""
    s = a.settings
    out = {}
    for d, r in a.domains.items():
        per_page = r["out_domains"] / max(r["ok_pages"], 1)
        if r["out_domains"] >= s.farm_domain_out_domains and per_page >= s.farm_domain_out_per_page:
            out[d] = f"links out to {r['out_domains']} domains, {per_page:.0f} per crawled page"
    return out


@signal("domain")
def many_external_links(a: AuditData) -> Evidence:
    """Many external links relative to content (Moz): at least `external_links_min` external
    links in all, and at least `external_links_per_kb` per KB of its pages' HTML."""
    s = a.settings
    out = {}
    for d, r in a.domains.items():
        kb = float(r["html_bytes"]) / 1024
        links = int(r["external_links"])
        if kb and links >= s.external_links_min and links / kb >= s.external_links_per_kb:
            out[d] = f"{links} external links in {kb:.0f} KB of HTML ({links / kb:.1f} per KB)"
    return out


# -- sitewide ------------------------------------------------------------------------------
@signal("link")
def sitewide(a: AuditData) -> Evidence:
    """Sitewide link: the referring domain has at least `sitewide_min_pages` crawled pages and
    at least `sitewide_share` of them hold a dofollow link to the site (a footer or sidebar
    link bought on every page). Raised on each of those links."""
    s = a.settings
    out = {}
    for d, links in a.links_of().items():
        pages = a.domains[d]["ok_pages"]
        linking = {k["src_url"] for k in links if k["dofollow"]}
        if pages >= s.sitewide_min_pages and len(linking) >= s.sitewide_share * pages:
            for k in links:
                if k["dofollow"]:
                    out[k["link_id"]] = f"on {len(linking)} of its {pages} crawled pages"
    return out


@signal("link")
def boilerplate_placement(a: AuditData) -> Evidence:
    """The link sits in a footer, sidebar, header or navigation block rather than in the text."""
    return {k["link_id"]: f"placed in the {k['placement']}" for k in a.links
            if k["placement"] in ("footer", "aside", "header", "nav")}


# -- content -------------------------------------------------------------------------------
def _page_text(k: dict[str, Any]) -> str:
    return " ".join(x or "" for x in (k["src_title"], k["src_description"], k["src_text"], k["anchor"]))


@signal("link")
def spam_niche(a: AuditData) -> Evidence:
    """Spam niche: the linking page's title, description, text or the anchor holds at least
    `spam_niche_min_words` distinct words of a gambling, adult, pharma, loans or counterfeit
    vocabulary (anchors.NICHES) that the site's own titles do not use."""
    s = a.settings
    own = anchors.niche_words(a.target_text)
    out = {}
    for k in a.links:
        found = {n: w for n, w in anchors.niche_words(_page_text(k)).items() if n not in own}
        words = sorted({w for ws in found.values() for w in ws})
        if len(words) >= s.spam_niche_min_words:
            out[k["link_id"]] = f"{', '.join(sorted(found))} words: {', '.join(words[:6])}"
    return out


@signal("link")
def low_relevance(a: AuditData) -> Evidence:
    """Low relevance: below `low_relevance_max` of the linking page's significant words (title,
    description, text around its links) appear in the site's titles and descriptions."""
    s = a.settings
    target = set(anchors.significant(a.target_text))
    if not target:
        return {}
    out = {}
    for k in a.links:
        words = set(anchors.significant(_page_text(k)))
        if len(words) >= 5:
            share = len(words & target) / len(words)
            if share < s.low_relevance_max:
                out[k["link_id"]] = f"{share:.0%} of the page's words are the site's"
    return out


@signal("link")
def near_duplicate(a: AuditData) -> Evidence:
    """Near-duplicate page: its text fingerprint (simhash) is within `duplicate_max_bits` bits
    of pages on at least `duplicate_min_domains` other domains (spun or copied content)."""
    s = a.settings
    out = {}
    for k in a.links:
        dup = a.duplicates.get(k["src_url"])
        if dup and dup["other_domains"] >= s.duplicate_min_domains:
            out[k["link_id"]] = (f"text shared with {dup['other_domains']} other domains "
                                 f"({', '.join(dup['examples'][:3])})")
    return out


@signal("domain")
def thin_content(a: AuditData) -> Evidence:
    """Thin pages: the referring domain's median page is smaller than `thin_page_bytes` of HTML."""
    s = a.settings
    return {d: f"median page {r['median_bytes']:.0f} bytes < {s.thin_page_bytes}"
            for d, r in a.domains.items()
            if r["median_bytes"] is not None and r["median_bytes"] < s.thin_page_bytes}


# -- networks ------------------------------------------------------------------------------
@signal("domain")
def shared_analytics_id(a: AuditData) -> Evidence:
    """Link network by owner: the referring domain's pages carry an analytics or ad account id
    (Google Analytics, Tag Manager, Ads, AdSense) that at least `network_min_domains` domains
    of the index share."""
    return {d: "; ".join(f"{r['account']} on {len(r['domains'])} domains "
                         f"({', '.join(x for x in r['domains'] if x != d)[:120]})"
                         for r in rows) for d, rows in a.analytics.items()}


@signal("domain")
def shared_ip(a: AuditData) -> Evidence:
    """Link network by host: the referring domain is served from an address, or a /24, that at
    least `network_min_domains` domains share, and no more than `ip_max_share` of the index
    (a crawl through a proxy records the proxy's address: never evidence)."""
    return {d: "; ".join(f"{r['kind']} {r['key']} shared by {len(r['domains'])} domains" for r in rows)
            for d, rows in a.ips.items()}


@signal("domain")
def link_network(a: AuditData) -> Evidence:
    """Link network by links: the referring domain has dofollow links both ways with at least
    `interlink_min_partners` domains, and those are at least `interlink_min_jaccard` of all
    the domains it links to or from (a closed group linking mostly to each other). Weighed
    against the group's standing: silent on a community (see "Standing" below), and its
    evidence says why the group is not one."""
    s = a.settings
    out = {}
    for d, r in a.interlinks.items():
        share = r["partners"] / r["neighbours"] if r["neighbours"] else 0.0
        if r["partners"] >= s.interlink_min_partners and share >= s.interlink_min_jaccard:
            out[d] = (f"links both ways with {r['partners']} of its {r['neighbours']} neighbours "
                      f"({', '.join((r['partner_domains'] or [])[:4])})")
    return out


@signal("domain")
def identical_profile(a: AuditData) -> Evidence:
    """Identical backlink profile (SEMrush): another domain shares at least
    `profile_min_jaccard` of its referring domains (Jaccard), both having at least
    `profile_min_domains`. Silent on a community (see "Standing" below)."""
    s = a.settings
    return {d: f"{r['jaccard']:.0%} of its referring domains are {r['other']}'s"
            for d, r in a.profiles.items() if r["jaccard"] >= s.profile_min_jaccard}


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in log space (n may be large)."""
    if k <= 0:
        return 1.0
    if p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    lp, lq = math.log(p), math.log1p(-p)
    terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq
             for i in range(k, n + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


@signal("domain")
def unnatural_dofollow(a: AuditData) -> Evidence:
    """Unnaturally high share of follow domains (SEMrush): at least `dofollow_min_domains`
    domains link to the referring domain, at least `dofollow_share` of them only with dofollow
    links (a natural profile has nofollow, ugc and sponsored links too), and that many would
    come by chance less often than `dofollow_alpha` at the index's own share of dofollow-only
    domain pairs (a binomial test): in a crawl where most pairs are dofollow only, a small
    sample is no evidence, and the signal is silent below n = ln(alpha) / ln(share). Silent on a
    community (see "Standing" below)."""
    s = a.settings
    base = a.standing.dofollow_baseline if a.standing else None
    out = {}
    for d, r in a.domains.items():
        n = r["in_domains"]
        only = n - r["nofollow_in_domains"]
        if n < s.dofollow_min_domains or only / n < s.dofollow_share:
            continue
        if base is None:
            out[d] = f"{only} of the {n} domains linking to it link dofollow only"
            continue
        chance = binomial_tail(only, n, base)
        if chance < s.dofollow_alpha:
            out[d] = (f"{only} of the {n} domains linking to it link dofollow only, where the index's "
                      f"pairs are {base:.0%} dofollow only: {chance:.2g} by chance (< {s.dofollow_alpha:g})")
    return out


# -- history -------------------------------------------------------------------------------
@signal("domain")
def spike(a: AuditData) -> Evidence:
    """Sudden spike: the referring domain was first seen in a crawl that brought at least
    `spike_min_new` new referring domains, at least `spike_ratio` of those the site had in
    the crawl before (crawls in start order; the first crawl sets the baseline)."""
    s = a.settings
    out = {}
    for before, row in pairwise(a.timeline):
        new, had = row["new_referring_domains"], before["referring_domains"]
        if had and new >= s.spike_min_new and new >= s.spike_ratio * had:
            for d in row["new_domains"]:
                if d in a.domains:
                    out[d] = f"one of {new} new referring domains in crawl {row['crawl_id']} (had {had})"
    return out


# -- the link itself ------------------------------------------------------------------------
@signal("link")
def noindex_page(a: AuditData) -> Evidence:
    """The linking page asks search engines not to index it (meta robots / X-Robots-Tag)."""
    return {k["link_id"]: "the page is noindex" for k in a.links if k["src_noindex"]}


@signal("link")
def redirect_chain(a: AuditData) -> Evidence:
    """The link reaches the site through at least `redirect_chain_min` redirects."""
    s = a.settings
    out = {}
    for k in a.links:
        hops = a.redirects.get((k["src_url"], k["dst_url"]), 0)
        if hops >= s.redirect_chain_min:
            out[k["link_id"]] = f"{hops} redirects"
    return out


@signal("link")
def exact_match_anchor(a: AuditData) -> Evidence:
    """Exact-match anchor: the anchor equals a keyword given (or the linked page's title)."""
    return {k["link_id"]: f"anchor {k['anchor']!r} is an exact match" for k in a.links
            if k["anchor_class"] == "exact"}


@signal("link")
def commercial_anchor(a: AuditData) -> Evidence:
    """Money words in an anchor that is not the brand (Moz's high-CPC anchor text):
    anchors.COMMERCIAL."""
    out = {}
    for k in a.links:
        words = anchors.commercial_words(k["anchor"])
        if words and k["anchor_class"] not in ("branded", "naked_url"):
            out[k["link_id"]] = f"money words in the anchor: {', '.join(words)}"
    return out


@signal("link")
def anchor_campaign(a: AuditData) -> Evidence:
    """Anchor campaign: one money anchor (exact or partial match, or with money words) comes
    from at least `campaign_min_domains` referring domains, and at least `campaign_share` of
    them: the same keyword bought on many sites."""
    s = a.settings
    users: dict[str, set[str]] = defaultdict(set)
    for k in a.links:
        if anchors.is_money(k["anchor"], k["anchor_class"]):
            users[anchors.normalize(k["anchor"])].add(k["src_domain"])
    bar = max(s.campaign_min_domains, s.campaign_share * a.refdomain_count)
    hot = {text: len(d) for text, d in users.items() if len(d) >= bar}
    return {k["link_id"]: f"anchor {k['anchor']!r} comes from {hot[anchors.normalize(k['anchor'])]} referring domains"
            for k in a.links if anchors.normalize(k["anchor"]) in hot}


# -- the on-page features of Moz's Spam Score ----------------------------------------------------
@signal("domain")
def spam_tld(a: AuditData) -> Evidence:
    """Spam-correlated TLD (anchors.SPAM_TLDS)."""
    return {d: f".{d.rsplit('.', 1)[-1]}" for d in a.domains if d.rsplit(".", 1)[-1] in anchors.SPAM_TLDS}


@signal("domain")
def domain_digits(a: AuditData) -> Evidence:
    """At least `domain_digits_min` digits in the domain name."""
    s = a.settings
    return {d: f"{n} digits in {_label(d)!r}" for d in a.domains
            if (n := sum(c.isdigit() for c in _label(d))) >= s.domain_digits_min}


@signal("domain")
def domain_hyphens(a: AuditData) -> Evidence:
    """At least `domain_hyphens_min` hyphens in the domain name."""
    s = a.settings
    return {d: f"{n} hyphens in {_label(d)!r}" for d in a.domains
            if (n := _label(d).count("-")) >= s.domain_hyphens_min}


@signal("domain")
def few_pages(a: AuditData) -> Evidence:
    """`few_pages_max` crawled pages or fewer (Moz: low page count), when the crawl has seen the
    whole site: silent when more of its pages are known (linked to) than were fetched, the
    count then being the crawl's budget, not the site's size."""
    s = a.settings
    coverage = a.standing.by_domain if a.standing else {}
    out = {}
    for d, r in a.domains.items():
        seen = coverage[d].coverage if d in coverage else None
        if r["ok_pages"] <= s.few_pages_max and (seen is None or seen.pages_known <= seen.pages_fetched):
            out[d] = f"{r['ok_pages']} crawled pages" + (f", all {seen.pages_known} known" if seen else "")
    return out


@signal("domain")
def no_https(a: AuditData) -> Evidence:
    """No page of the referring domain was fetched over https."""
    return {d: "no https page" for d, r in a.domains.items() if r["ok_pages"] and not r["https"]}


@signal("domain")
def no_contacts(a: AuditData) -> Evidence:
    """No e-mail address or phone number on any crawled page."""
    return {d: "no contact details" for d, r in a.domains.items() if r["ok_pages"] and not r["contacts"]}


@signal("domain")
def thin_titles(a: AuditData) -> Evidence:
    """The median page title is shorter than `thin_title_chars` characters."""
    s = a.settings
    return {d: f"median title {r['median_title']:.0f} characters" for d, r in a.domains.items()
            if r["median_title"] is not None and r["median_title"] < s.thin_title_chars}


@signal("domain")
def no_description(a: AuditData) -> Evidence:
    """No crawled page has a meta description."""
    return {d: "no meta description" for d, r in a.domains.items() if r["ok_pages"] and not r["described_pages"]}


def raise_all(data: AuditData) -> tuple[dict[str, dict[str, str]], dict[int, dict[str, str]]]:
    """Run every signal with points: (domain -> {signal: evidence}, link id -> {signal: evidence})."""
    by_domain: dict[str, dict[str, str]] = defaultdict(dict)
    by_link: dict[int, dict[str, str]] = defaultdict(dict)
    for sig in SIGNALS.values():
        if data.settings.points(sig.name) <= 0:
            continue
        target = by_domain if sig.level == "domain" else by_link
        for key, evidence in sig.rule(data).items():
            target[key][sig.name] = evidence
    return dict(by_domain), dict(by_link)
