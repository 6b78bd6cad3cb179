"""The audit's signals and scores on the hand-made web of tests/support/auditweb.py: each
planted case raises its signal, strong editorial sites stay fine, scores add up."""

from __future__ import annotations

import pytest

from analysis import Index
from analysis.audit import AuditSettings, BadSetting, audit
from analysis.audit.signals import SIGNALS
from tests.support.auditweb import NETWORK, SPIKE, STRONG, TARGET, plant
from tests.support.datasets import Dataset, at, link


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit-signals")
    plant(root)
    with Index(root) as ix:
        yield ix


@pytest.fixture(scope="module")
def result(index):
    return audit(index, "target.com", keywords=["cheap garden tools"])


def raised(result, domain: str) -> set[str]:
    found = next(d for d in result.domains if d.domain == domain)
    return {r.signal for k in found.links for r in k.signals}


@pytest.mark.parametrize(("domain", "signal"), [
    *[(d, "shared_analytics_id") for d in NETWORK],
    *[(d, "shared_ip") for d in NETWORK],
    *[(d, "link_network") for d in NETWORK],
    ("pbn-a.com", "anchor_campaign"), ("pbn-a.com", "exact_match_anchor"),
    ("pbn-a.com", "commercial_anchor"), ("pbn-a.com", "no_contacts"),
    ("farm-links.info", "link_farm_page"), ("farm-links.info", "link_farm_domain"),
    ("farm-links.info", "low_authority"), ("farm-links.info", "spam_tld"),
    ("footer-deals.com", "sitewide"), ("footer-deals.com", "boilerplate_placement"),
    ("casino-bonus.xyz", "spam_niche"), ("casino-bonus.xyz", "spam_tld"),
    ("hidden.org", "noindex_page"),
    ("hop.net", "redirect_chain"),
    *[(d, "spike") for d in SPIKE],
    ("new1.top", "thin_content"), ("new1.top", "few_pages"), ("new1.top", "thin_titles"),
])
def test_each_planted_case_raises_its_signal(result, domain, signal):
    assert signal in raised(result, domain)


def test_strong_editorial_sites_are_fine_and_raise_no_spam_signal(result):
    spam = {"shared_analytics_id", "shared_ip", "link_network", "link_farm_page", "link_farm_domain",
            "sitewide", "spam_niche", "spike", "anchor_campaign", "low_authority", "noindex_page"}
    for domain in STRONG:
        found = next(d for d in result.domains if d.domain == domain)
        assert found.verdict == "fine", (domain, found.signals)
        assert not raised(result, domain) & spam, domain


def test_planted_spam_is_toxic_and_worst_first(result):
    toxic = set(result.of("toxic"))
    assert set(NETWORK) | {"farm-links.info", "footer-deals.com", "casino-bonus.xyz"} | set(SPIKE) <= toxic
    assert not toxic & set(STRONG)
    scores = [d.score for d in result.domains]
    assert scores == sorted(scores, reverse=True)


def test_every_score_is_the_sum_of_its_signals_points(result):
    settings = result.settings
    for d in result.domains:
        for k in d.links:
            factor = 1.0 if k.follow == "dofollow" else settings.nofollow_factor
            assert k.score == min(100, round(sum(r.points for r in k.signals), 1))
            assert all(r.points == round(settings.points(r.signal) * factor, 1) for r in k.signals)
            assert all(r.evidence for r in k.signals)
        assert d.score == d.links[0].score == max(k.score for k in d.links)
        assert {r.signal for r in d.signals} == {r.signal for r in d.links[0].signals}
        assert d.verdict == ("toxic" if d.score >= 60 else "suspicious" if d.score >= 30 else "fine")


def test_anchor_profile_warns_of_the_campaign(result):
    p = result.anchors
    assert p.classes["exact"]["referring_domains"] >= len(NETWORK) + len(SPIKE) + 1
    assert p.top_money_anchor == "cheap garden tools"
    assert any("cheap garden tools" in w for w in p.warnings)


def test_a_setting_changes_a_rule(index):
    strict = AuditSettings.with_overrides(["spike_min_new=7", "network_min_domains=5"])
    changed = audit(index, "target.com", settings=strict)
    assert "spike" not in raised(changed, "new1.top")
    assert "shared_analytics_id" not in raised(changed, "pbn-a.com")
    off = audit(index, "target.com", settings=AuditSettings.with_overrides(["sitewide_points=0"]))
    assert "sitewide" not in raised(off, "footer-deals.com")


@pytest.mark.parametrize("pair", ["nope=1", "toxic_score=high", "toxic_score"])
def test_bad_settings_are_one_line_errors(pair):
    with pytest.raises(BadSetting):
        AuditSettings.with_overrides([pair])


def test_every_signal_is_documented_with_its_settings():
    settings = AuditSettings()
    for name, sig in SIGNALS.items():
        assert sig.doc, name
        assert settings.points(name) > 0
        for word in sig.doc.split():
            word = word.strip("`.,;:()")
            if word.endswith(("_min", "_max", "_share", "_ratio", "_points")) or "_min_" in word:
                assert hasattr(settings, word), (name, word)


def test_the_audit_needs_the_graph_and_a_known_domain(tmp_path, index):
    from analysis.errors import NoGraph, UnknownDomain

    ds = Dataset(tmp_path)
    ds.fetch("c1", "https://a.com/", at(0), links=[link(TARGET, anchor="x")])
    ds.write()
    with Index(tmp_path) as ix, pytest.raises(NoGraph):
        audit(ix, "target.com")
    with pytest.raises(UnknownDomain):
        audit(index, "never-seen.example")


def test_the_anchor_profile_alone_is_the_audits(index, result):
    from analysis.audit import anchor_profile

    assert anchor_profile(index, "target.com", keywords=["cheap garden tools"]).to_dict() == result.anchors.to_dict()
