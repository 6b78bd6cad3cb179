"""Every threshold and weight of the audit, with its default: one place, named like the setting.

`AuditSettings()` holds the defaults; `AuditSettings.with_overrides(["spike_min_new=3"])` (the
command line's `--set NAME=VALUE`) changes some. Each signal's docstring (signals.py) names the
settings it reads; `<signal>_points` is the number of points it adds to a score.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from analysis.errors import AnalysisError

if TYPE_CHECKING:
    from collections.abc import Iterable


class BadSetting(AnalysisError):
    """An audit setting that does not exist, or a value of the wrong type."""


@dataclass(frozen=True)
class AuditSettings:
    # -- verdicts (SEMrush's bands: 0-30 safe, 31-60 review, 61-100 disavow; ours are >=) ------
    toxic_score: int = 60  # a score at or above it is "toxic"
    suspicious_score: int = 30  # at or above it (and below toxic) is "suspicious"
    nofollow_factor: float = 0.5  # a link that passes no rank counts this share of its points

    # -- authority ---------------------------------------------------------------------------
    low_rank_max: float = 10.0  # low_authority: domain rank below this...
    low_trust_max: float = 10.0  # ...and trust below this (0 when no seed reaches it)
    low_authority_points: int = 15
    trust_gap_min_rank: float = 20.0  # trust_below_rank: domains ranked at least this...
    trust_gap_ratio: float = 0.25  # ...whose trust / rank is below this
    trust_below_rank_points: int = 15

    # -- link farms ----------------------------------------------------------------------------
    farm_page_external_links: int = 100  # link_farm_page: a page with this many external links
    farm_page_linked_domains: int = 50  # ...or linking to this many domains
    link_farm_page_points: int = 30
    farm_domain_out_domains: int = 50  # link_farm_domain: links out to this many domains...
    farm_domain_out_per_page: float = 10.0  # ...and this many per crawled page
    link_farm_domain_points: int = 25
    external_links_per_kb: float = 4.0  # many_external_links: external links per KB of HTML...
    external_links_min: int = 20  # ...with at least this many external links in all
    many_external_links_points: int = 10

    # -- sitewide -----------------------------------------------------------------------------
    sitewide_min_pages: int = 3  # sitewide: the domain has at least this many crawled pages...
    sitewide_share: float = 0.5  # ...and this share of them hold a dofollow link to the site
    sitewide_points: int = 25
    boilerplate_placement_points: int = 5  # the link sits in a footer, sidebar, header or nav

    # -- content ------------------------------------------------------------------------------
    spam_niche_points: int = 30  # spam_niche: casino/adult/pharma/loans words (anchors.py)
    spam_niche_min_words: int = 2  # ...at least this many distinct niche words on the page
    low_relevance_max: float = 0.1  # low_relevance: share of the page's words the site uses
    low_relevance_points: int = 5
    duplicate_max_bits: int = 5  # near_duplicate: simhash within this many bits of 64...
    duplicate_min_domains: int = 2  # ...of pages on this many other domains
    near_duplicate_points: int = 15
    thin_page_bytes: int = 1500  # thin_content: the median page is smaller than this (HTML)
    thin_content_points: int = 10

    # -- networks -------------------------------------------------------------------------------
    network_min_domains: int = 3  # shared_analytics_id / shared_ip: groups of this many domains
    shared_analytics_id_points: int = 30
    ip_max_share: float = 0.2  # shared_ip: an address used by more of the index is no evidence
    shared_ip_points: int = 20
    interlink_min_partners: int = 3  # link_network: links both ways with this many domains...
    interlink_min_jaccard: float = 0.7  # ...being this share of all it links with (in or out)
    link_network_points: int = 25
    profile_min_domains: int = 3  # identical_profile: both have this many referring domains...
    profile_min_jaccard: float = 0.9  # ...and share this much of them (Jaccard)
    identical_profile_points: int = 10
    dofollow_min_domains: int = 5  # unnatural_dofollow: this many referring domains...
    dofollow_share: float = 0.95  # ...this share of them with dofollow links only...
    dofollow_alpha: float = 0.01  # ...and as many by chance at the index's own share below this
    unnatural_dofollow_points: int = 10

    # -- standing: what the graph says of a referring domain and its group (standing.py) ----------
    trusted_mass: float = 1.0  # carries trust: trust_raw x domains (1 = the average domain's share)
    strong_rank_min: float = 50.0  # strong without seeds in the graph: domain rank at least this...
    community_min_supporters: int = 5  # ...and this many referring domains; a group with this many
    # supporters (outside domains, not link farms, carrying trust when it is known) is a community
    community_trusted_share: float = 0.5  # a group is a community when this share of it carries trust
    thin_crawl_pages: int = 5  # a thin crawl: fewer pages than this fetched while more are known...
    thin_crawl_neighbours: float = 0.5  # ...or less than this share of the domains it links to crawled

    # -- history --------------------------------------------------------------------------------
    spike_min_new: int = 5  # spike: a crawl brought at least this many new referring domains...
    spike_ratio: float = 0.15  # ...and at least this share of those the site had before
    spike_points: int = 15

    # -- the link itself ------------------------------------------------------------------------
    noindex_page_points: int = 10  # noindex_page: the linking page says noindex
    redirect_chain_min: int = 2  # redirect_chain: the link reaches the site through this many redirects
    redirect_chain_points: int = 10
    exact_match_anchor_points: int = 10  # exact_match_anchor: anchor class "exact"
    commercial_anchor_points: int = 10  # commercial_anchor: money words in the anchor (anchors.py)
    campaign_min_domains: int = 3  # anchor_campaign: one money anchor used by this many domains...
    campaign_share: float = 0.05  # ...being at least this share of the referring domains
    anchor_campaign_points: int = 20

    # -- on-page features Moz lists for its Spam Score ------------------------------------------
    spam_tld_points: int = 10  # spam_tld: the suffix is in anchors.SPAM_TLDS
    domain_digits_min: int = 2  # domain_digits: this many digits in the name
    domain_digits_points: int = 5
    domain_hyphens_min: int = 3  # domain_hyphens: this many hyphens in the name
    domain_hyphens_points: int = 5
    few_pages_max: int = 3  # few_pages: this many crawled pages or fewer
    few_pages_points: int = 5
    no_https_points: int = 2  # no_https: no page of it was fetched over https
    no_contacts_points: int = 5  # no_contacts: no e-mail or phone number on any page
    thin_title_chars: int = 15  # thin_titles: the median title is shorter than this
    thin_titles_points: int = 5
    no_description_points: int = 2  # no_description: no page has a meta description

    # -- anchor profile -------------------------------------------------------------------------
    baseline_min_domains: int = 5  # typical site: domains with this many referring domains
    baseline_max_domains: int = 500  # ...at most this many of them (the most linked)
    exact_share_factor: float = 3.0  # warning: exact+partial share above this x the typical...
    exact_share_floor: float = 0.2  # ...and above this
    concentration_floor: float = 0.15  # warning: one money anchor from this share of domains

    @classmethod
    def with_overrides(cls, pairs: Iterable[str] = (), base: AuditSettings | None = None) -> AuditSettings:
        """`base` (default: the defaults) with `NAME=VALUE` pairs applied; BadSetting for an
        unknown name or a value that is not of the setting's type."""
        return overridden(base or cls(), pairs, what="audit", where="analysis/audit/settings.py and the "
                          "README's table of signals list them")

    def points(self, signal: str) -> int:
        """How many points `signal` adds to a score."""
        return int(getattr(self, f"{signal}_points"))


def overridden(base: Any, pairs: Iterable[str], *, what: str, where: str) -> Any:
    """The frozen settings dataclass `base` with `NAME=VALUE` pairs applied, each value read
    as the type of the setting's default (the audit's and the link value's settings share
    it); BadSetting names the unknown setting (and `where` the settings are listed) or the
    value of the wrong type."""
    types = {f.name: type(getattr(base, f.name)) for f in fields(base)}
    changes: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or name not in types:
            raise BadSetting(f"unknown {what} setting {pair!r}: {where}")
        try:
            changes[name] = types[name](text.strip())
        except ValueError:
            raise BadSetting(f"{what} setting {name} takes a {types[name].__name__}, "
                             f"got {text!r}") from None
    return replace(base, **changes)
