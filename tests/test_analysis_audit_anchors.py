"""Anchor classes, money and niche words, and the profile's manipulation warning (analysis/audit/anchors.py)."""

from __future__ import annotations

import pytest

from analysis.audit import AuditSettings
from analysis.audit.anchors import (
    brand_names,
    classify,
    commercial_words,
    niche_words,
    profile,
    typical,
    warnings,
)

BRANDS = brand_names("daily-courier.org", ["The Daily Courier"])


@pytest.mark.parametrize(("anchor", "image", "expected"), [
    ("", False, "image"),
    ("Courier banner", True, "image"),
    ("https://www.daily-courier.org/x", False, "naked_url"),
    ("www.daily-courier.org", False, "naked_url"),
    ("daily-courier.org", False, "naked_url"),
    ("click here", False, "generic"),
    ("Read more", False, "generic"),
    ("cliquez ici", False, "generic"),
    ("hier klicken", False, "generic"),
    ("подробнее", False, "generic"),
    ("こちら", False, "generic"),
    ("Daily Courier", False, "branded"),
    ("Read the DailyCourier today", False, "branded"),
    ("cheap flights to rome", False, "exact"),
    ("Cheap  Flights to ROME!", False, "exact"),
    ("cheap flights deals", False, "partial"),
    ("a walk in the park", False, "other"),
])
def test_classes(anchor, image, expected):
    assert classify(anchor, image, brands=BRANDS, keywords=["cheap flights to rome"]) == expected


def test_without_keywords_the_linked_page_title_is_the_keyword():
    title = "Harbour Works: Council festival collected"
    assert classify("Harbour Works: Council festival collected", brands=BRANDS, title=title) == "exact"
    assert classify("Harbour works and the council", brands=BRANDS, title=title) == "partial"
    assert classify("harbour", brands=BRANDS, title=title) == "other"


def test_idn_brand_is_decoded():
    assert "bücher café" in brand_names("xn--bcher-caf-j4a4r.de")
    assert classify("Bücher Café", brands=brand_names("xn--bcher-caf-j4a4r.de")) == "branded"


def test_money_and_niche_words():
    assert commercial_words("Buy CHEAP flights") == ["buy", "cheap"]
    assert commercial_words("Harbour works") == []
    assert niche_words("Online casino: free spins, poker and viagra pills") == {
        "gambling": ["casino", "poker", "spins"], "pharma": ["pills", "viagra"]}
    assert niche_words("Garden tools and bread recipes") == {}


def _links(spec):
    return [{"anchor": a, "image": False, "src_domain": d, "dst_title": None} for a, d in spec]


def test_profile_shares_and_the_campaign_warning():
    natural = _links([("Daily Courier", f"s{i}.com") for i in range(8)]
                     + [("click here", "t.com"), ("best deals", "u.com")])
    p = profile("daily-courier.org", natural, brands=BRANDS, keywords=[])
    assert p.classes["branded"] == {"backlinks": 8, "referring_domains": 8, "share": 0.8}
    assert sum(c["backlinks"] for c in p.classes.values()) == 10
    p.typical = {"money_share": 0.0, "top_money_share": 0.1}
    assert warnings(p, AuditSettings()) == []

    bought = natural + _links([("best deals", f"pbn{i}.xyz") for i in range(6)])
    p = profile("daily-courier.org", bought, brands=BRANDS, keywords=[])
    assert p.top_money_anchor == "best deals" and p.top_money_share == pytest.approx(7 / 16, abs=1e-3)
    p.typical = {"money_share": 0.0, "top_money_share": 0.1}
    assert len(warnings(p, AuditSettings())) == 1

    exact = profile("daily-courier.org", bought, brands=BRANDS, keywords=["best deals"])
    exact.typical = {"money_share": 0.02, "top_money_share": 0.1}
    assert exact.money_share == pytest.approx(7 / 16, abs=1e-3)
    assert len(warnings(exact, AuditSettings())) == 2


def test_typical_is_the_median_of_other_domains():
    rows = [{"dst_domain": f"site{i}.com", "anchor": "Site", "image": False, "dst_title": "Home",
             "backlinks": 5, "src_domains": [f"r{j}.com" for j in range(5)]} for i in range(3)]
    rows.append({"dst_domain": "me.com", "anchor": "buy now", "image": False, "dst_title": None,
                 "backlinks": 5, "src_domains": [f"r{j}.com" for j in range(5)]})
    assert typical(rows, exclude="me.com") == {"domains": 3, "money_share": 0.0, "top_money_share": 0.0}
