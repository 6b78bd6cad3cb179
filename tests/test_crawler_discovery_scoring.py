"""The pieces of a discovery crawl's score, one at a time: terms and TF-IDF, the targets'
profile, the evidence of one link, and the candidate store's order and budget.

Expected values are worked out here from the definitions in the module docstrings, never read
back from the code under test.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.discovery.evidence import Evidence, Weights, score, weight_of
from crawler.discovery.profile import TargetProfile, brand_names, page_terms
from crawler.discovery.terms import TermStats, terms

HIKING = ("Trail guide: the best hiking boots for alpine trails, trekking poles, campsites "
          "and backpacking gear reviewed by hikers on mountain trails.")
COOKING = ("Recipe of the week: slow cooked bean stew with garlic, thyme and fresh bread; "
           "the kitchen tips every cook needs for a winter dinner.")
HIKING_2 = "Backpacking checklist: boots, poles and a tent for the mountain trails of the alps."


def test_terms_are_words_of_three_letters_or_more_without_function_words_or_digits():
    counts = terms("The trail, the TRAIL and 2024 trails: an ok hike in Zürich")
    assert counts == {"trail": 2, "trails": 1, "hike": 1, "zürich": 1}


def test_a_script_without_spaces_gives_character_pairs():
    assert terms("東京の天気") == {"東京": 1, "京の": 1, "の天": 1, "天気": 1}


def test_the_background_is_each_terms_mean_share_of_a_page():
    stats = TermStats()
    stats.add(terms("trail trail bread"))  # trail: 2/3 of this page
    stats.add(terms("trail garden"))  # 1/2 of this one
    assert stats.background("trail") == pytest.approx((2 / 3 + 1 / 2) / 2)
    assert stats.background("unseen") == 0.0


def profile_of(*target_pages: str, others: tuple[str, ...] = (COOKING,)) -> TargetProfile:
    stats = TermStats()
    profile = TargetProfile(["trailgear.com"], stats)
    for text in target_pages:
        profile.add_target_page("trailgear.com", page_terms("Trail Gear", None, text))
    for text in others:
        stats.add(terms(text))
    return profile


def test_a_page_like_the_targets_own_is_relevant_and_an_unrelated_one_is_not():
    profile = profile_of(HIKING, HIKING_2, others=(COOKING, "garden fence paint", "bread oven flour"))
    assert profile.relevance(page_terms("Hiking boots", None, HIKING_2)) > 0.5
    assert profile.relevance(terms(COOKING)) == 0.0
    shared = profile.shared_terms(terms(HIKING_2))
    assert shared and set(shared) <= set(terms(HIKING_2))


def test_relevance_is_relative_to_the_targets_own_pages_so_it_is_capped_at_one():
    profile = profile_of(HIKING, HIKING_2)
    assert profile.relevance(page_terms("Trail Gear", None, HIKING)) <= 1.0


def test_anchors_pointing_at_a_target_teach_the_profile_their_words():
    profile = profile_of(HIKING, others=(COOKING, "garden fence paint"))
    before = profile.relevance(terms("ultralight tarp shelter"))
    profile.add_anchor("Ultralight tarp shelter reviews")
    assert before == 0.0 and profile.relevance(terms("ultralight tarp shelter")) > 0


def test_brand_names_come_from_the_domain_label_and_the_site_name():
    assert brand_names("trail-gear.co.uk", ["Trail Gear Outfitters"]) == {
        "trail-gear.co.uk", "trail-gear", "trail gear", "trailgear", "trail gear outfitters"}
    assert brand_names("ab.io") == {"ab.io"}  # a label too short to be a name of its own


def test_a_target_is_named_only_as_a_whole_word():
    profile = profile_of(HIKING)
    assert profile.named_target("We bought our tent at TrailGear last year.") == "trailgear.com"
    assert profile.named_target("see trailgear.com for more") == "trailgear.com"
    assert profile.named_target("the trailgears of old") is None


def noisy_or(*strengths: float) -> float:
    miss = 1.0
    for s in strengths:
        miss *= 1 - s
    return 1 - miss


W = Weights()


def strength(e: Evidence) -> float:
    return score(weight_of(e.signals(), W.betas()))


def test_the_evidence_of_a_link_with_full_or_no_signals_is_the_noisy_or_of_their_weights():
    e = Evidence("blog.org", "http://blog.org/p", "www.x.com", "http", topic=1.0, anchor=1.0, cites=True)
    assert strength(e) == pytest.approx(noisy_or(W.link, W.topic, W.anchor, W.cites))


def test_a_signal_present_in_part_leaves_the_miss_chance_to_that_power():
    e = Evidence("blog.org", "u", "h", "http", topic=0.5)  # topic enters squared: 0.25
    assert strength(e) == pytest.approx(1 - (1 - W.link) * (1 - W.topic) ** 0.25)


def test_a_link_with_no_signal_is_worth_the_bare_link():
    assert strength(Evidence("a.org", "u", "h", "http")) == pytest.approx(W.link)


@given(st.lists(st.floats(0, 0.99), min_size=1, max_size=8))
def test_the_score_of_summed_weights_is_the_noisy_or_in_any_order(strengths):
    weights = [-math.log1p(-s) for s in strengths]
    assert score(sum(weights)) == pytest.approx(noisy_or(*strengths), abs=1e-9)
    assert score(sum(reversed(weights))) == pytest.approx(score(sum(weights)))


def test_unknown_or_out_of_range_weights_are_refused_with_the_setting_named():
    with pytest.raises(ValueError, match="BACKLINKS_DISCOVER_WEIGHTS: unknown weight tpoic"):
        Weights.from_mapping({"tpoic": 0.5})
    with pytest.raises(ValueError, match="topic must be within 0 and 0.99"):
        Weights.from_mapping({"topic": 1.5})
    assert Weights.from_mapping({"topic": "0.7"}).topic == 0.7
