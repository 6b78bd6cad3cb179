"""The five components of the link value and their combination, each against numbers worked out
by hand from the formulas the README states (analysis/value/components.py)."""

from __future__ import annotations

import math

import pytest

from analysis.audit.settings import BadSetting
from analysis.value import components as c
from analysis.value.settings import COMPONENTS, ValueSettings

S = ValueSettings()


def test_passed_rank_divides_the_page_rank_by_its_links_on_a_log_scale():
    # floor = 0.001 / 100 = 1e-5; share = 0.01 / 4 = 0.0025; 100 ln(250) / ln(0.1 / 1e-5) = 59.95
    assert c.passed_rank(0.01, 4, 0.001, 0.1, 100) == pytest.approx(100 * math.log(250) / math.log(1e4))
    assert c.passed_rank(0.1, 1, 0.001, 0.1, 100) == pytest.approx(100.0)  # the top page, one link
    assert c.passed_rank(0.001, 100, 0.001, 0.1, 100) == pytest.approx(0.0)  # the floor itself
    assert c.passed_rank(0.001, 1000, 0.001, 0.1, 100) == 0.0  # below the floor: 0, not negative
    assert c.passed_rank(None, 3, 0.001, 0.1, 100) == 0.0  # a page outside the page graph


def test_authority_is_the_weighted_mean_of_passed_rank_domain_rank_and_trust():
    a = c.authority(dofollow=True, passed=60, domain_rank=40, trust=20, s=S)
    assert a.score == pytest.approx(0.5 * 60 + 0.3 * 40 + 0.2 * 20)  # 46
    assert "passes rank 60" in a.evidence and "trust 20" in a.evidence


def test_authority_reweights_without_trust_and_gives_nothing_for_nofollow():
    no_seed = c.authority(dofollow=True, passed=60, domain_rank=40, trust=None, s=S)
    assert no_seed.score == pytest.approx((0.5 * 60 + 0.3 * 40) / 0.8)  # 52.5
    assert "trust unknown" in no_seed.evidence
    assert c.authority(dofollow=False, passed=100, domain_rank=100, trust=100, s=S).score == 0.0
    prospect = c.authority(dofollow=True, passed=None, domain_rank=40, trust=20, s=S)
    assert prospect.score == pytest.approx((0.3 * 40 + 0.2 * 20) / 0.5)  # 32


def test_cosine_and_shared_terms():
    a, b = {"bee": 3.0, "hive": 4.0}, {"bee": 1.0, "honey": 1.0}
    assert c.cosine(a, b) == pytest.approx(3 / (5 * math.sqrt(2)))
    assert c.cosine(a, {}) == 0.0
    assert c.shared_terms({"x": 1.0, "y": 2.0, "z": 1.0}, {"x": 5.0, "y": 1.0, "q": 1.0}, 5) == ["x", "y"]


def test_relevance_mixes_page_and_domain_similarity_scaled_by_full_similarity():
    site = {"bee": 1.0, "hive": 1.0}
    page = {"bee": 1.0, "car": 1.0}  # cos = 1 / 2 = 0.5
    domain = {"car": 1.0}  # cos = 0
    comp, shared = c.relevance(page_terms=page, domain_terms=domain, site_terms=site, s=S)
    # (0.6 x 0.5 + 0.4 x 0) / 1.0 = 0.3 = full_similarity: 100
    assert comp.score == pytest.approx(100.0) and shared == ["bee"]
    half = ValueSettings(full_similarity=0.6)
    assert c.relevance(page_terms=page, domain_terms=domain, site_terms=site, s=half)[0].score == pytest.approx(50.0)
    off, none = c.relevance(page_terms={"car": 1.0}, domain_terms=domain, site_terms=site, s=S)
    assert off.score == 0.0 and none == [] and "no term shared" in off.evidence
    # a prospect: no page, the domain alone
    whole = ValueSettings(full_similarity=1.0)
    alone, _ = c.relevance(page_terms=None, domain_terms={"bee": 1.0}, site_terms=site, s=whole)
    assert alone.score == pytest.approx(round(100 / math.sqrt(2), 1))  # cos 0.707 over 1.0


def test_placement_multiplies_region_position_crowd_and_context():
    p = c.placement(region="content", position=3, page_links=10, region_links=40, context_chars=60, s=S)
    position = 1 - 0.2 * 3 / 10  # 0.94
    crowd = math.sqrt(10 / 40)  # 0.5
    context = 0.5 + 0.5 * 60 / 120  # 0.75
    assert p.score == pytest.approx(round(100 * 1.0 * position * crowd * context, 1))  # 35.2
    footer = c.placement(region="footer", position=0, page_links=1, region_links=1, context_chars=500, s=S)
    assert footer.score == pytest.approx(10.0)
    unknown = c.placement(region=None, position=0, page_links=1, region_links=1, context_chars=120, s=S)
    assert unknown.score == pytest.approx(100 * S.other_weight)


def test_anchor_diversity_is_one_minus_the_share_of_other_domains_with_the_anchor():
    d = c.anchor_diversity(anchor="Bee Supply", anchor_class="branded", others_with_anchor=3, others=12, s=S)
    assert d.score == pytest.approx(75.0)
    exact = c.anchor_diversity(anchor="buy hives", anchor_class="exact", others_with_anchor=0, others=4, s=S)
    assert exact.score == pytest.approx(50.0)
    partial = c.anchor_diversity(anchor="hives", anchor_class="partial", others_with_anchor=2, others=4, s=S)
    assert partial.score == pytest.approx(100 * 0.5 * 0.75)
    alone = c.anchor_diversity(anchor="x", anchor_class="other", others_with_anchor=0, others=0, s=S)
    assert alone.score == 100.0


def test_concentration_is_the_top_share_and_the_herfindahl_index():
    top, hhi = c.concentration({"brand": 6, "click here": 2, "hives": 2})
    assert top == pytest.approx(0.6) and hhi == pytest.approx(0.36 + 0.04 + 0.04)
    assert c.concentration({}) == (0.0, 0.0)


def test_traffic_band_from_the_list_first_then_the_domain_rank():
    assert c.band(list_rank=10_000, domain_rank=0, s=S)[0] == "high"
    assert c.band(list_rank=10_001, domain_rank=99, s=S)[0] == "medium"
    assert c.band(list_rank=100_001, domain_rank=99, s=S)[0] == "low"
    assert c.band(list_rank=None, domain_rank=60, s=S)[0] == "high"
    assert c.band(list_rank=None, domain_rank=30, s=S)[0] == "medium"
    assert c.band(list_rank=None, domain_rank=None, s=S)[0] == "low"
    comp, band = c.traffic(list_rank=5000, domain_rank=None, s=S)
    assert band == "high" and comp.score == 100.0 and "5,000" in comp.evidence


def test_value_is_the_weighted_mean_times_the_toxicity_factor():
    scores = {"authority": 40.0, "relevance": 80.0, "placement": 100.0, "anchor_diversity": 50.0, "traffic": 10.0}
    mean = 0.30 * 40 + 0.25 * 80 + 0.20 * 100 + 0.10 * 50 + 0.15 * 10  # 58.5
    assert c.combine(scores, 1.0, S, COMPONENTS) == pytest.approx(58.5) == pytest.approx(mean)
    assert c.combine(scores, c.toxicity_factor("suspicious", S), S, COMPONENTS) == pytest.approx(29.2, abs=0.06)
    assert c.combine(scores, c.toxicity_factor("toxic", S), S, COMPONENTS) == 0.0
    assert c.toxicity_factor("fine", S) == 1.0


def test_settings_overrides_are_typed_and_checked():
    s = ValueSettings.with_overrides(["relevance_weight=0.5", "crowd_free=4"])
    assert s.relevance_weight == 0.5 and s.crowd_free == 4 and s.weight("relevance") == 0.5
    with pytest.raises(BadSetting, match="unknown link value setting"):
        ValueSettings.with_overrides(["nope=1"])
    with pytest.raises(BadSetting, match="takes a int"):
        ValueSettings.with_overrides(["crowd_free=many"])
