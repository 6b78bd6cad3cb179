"""The link value over a small hand-made index (tests/support/datasets.py): which link is worth
more and why, the filters, the stored TF-IDF terms, the popularity list and prospects.

The pages' texts are written here so that what is on topic is known by construction: the
site sells beekeeping supplies; one referring site writes about bees, one about cars.
"""

from __future__ import annotations

import pytest

from analysis import Index, build, db
from analysis.errors import BadArgument
from analysis.value import prospect_values, terms, toplist, value
from analysis.value.toplist import BadToplist
from tests.support.datasets import Dataset, at, link

BEES = ("beekeeping hive honey colony queen beeswax apiary pollen frames smoker swarm nectar "
        "brood comb beekeeper")
CARS = "engine gearbox tyres brakes clutch diesel exhaust piston mechanic garage bodywork"
OTHER = "river festival library museum bridge council railway village market election"


def text(words: str, n: int = 6) -> str:
    return " ".join([words] * n)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("value")
    ds = Dataset(root)
    ds.manifest("c1", at(0), at(0, 50))
    ds.fetch("c1", "https://www.bees-supply.com/", at(0, 1), title="Bees Supply: beekeeping hives and honey",
             text=text(BEES), links=[link("https://www.bees-supply.com/hives", anchor="Hives", placement="nav")])
    ds.fetch("c1", "https://www.bees-supply.com/hives", at(0, 2), title="Hives", text=text(BEES, 3))
    # on topic, in the text, words around it, an anchor of its own, dofollow
    ds.fetch("c1", "https://www.apiary-journal.org/swarms", at(0, 3), title="Swarm season in the apiary",
             text=text(BEES), links=[
                 link("https://www.bees-supply.com/hives", anchor="frames and hives for a new colony",
                      before="When a swarm arrives you need", after="ready before the nectar flow starts"),
                 link("https://www.apiary-journal.org/", anchor="Home", placement="nav")])
    ds.fetch("c1", "https://www.apiary-journal.org/", at(0, 4), title="Apiary Journal", text=text(BEES, 2),
             links=[link("https://www.apiary-journal.org/swarms", anchor="Swarms")])
    # off topic, in the footer, the brand anchor
    ds.fetch("c1", "https://www.car-repairs.net/brakes", at(0, 5), title="Brake repairs", text=text(CARS),
             links=[link("https://www.car-repairs.net/", anchor="Home", placement="nav"),
                    link("https://www.bees-supply.com/", anchor="Bees Supply", placement="footer")])
    # off topic, nofollow, the brand anchor again
    ds.fetch("c1", "https://www.town-news.com/fete", at(0, 6), title="Village fete", text=text(OTHER),
             links=[link("https://www.bees-supply.com/", anchor="Bees Supply", rel="nofollow",
                         before="honey stall by", after="at the fete")])
    # a prospect: on topic, links to a competitor, not to the site
    ds.fetch("c1", "https://www.honey-digest.com/", at(0, 7), title="Honey digest", text=text(BEES),
             links=[link("https://www.hive-world.com/", anchor="Hive World")])
    ds.fetch("c1", "https://www.hive-world.com/", at(0, 8), title="Hive World", text=text(BEES, 2))
    ds.write()
    build(root)
    return root


@pytest.fixture(scope="module")
def result(data):
    with Index(data) as ix:
        return value(ix, "bees-supply.com")


def by_src(result):
    return {k.src_url: k for k in result.links}


def test_the_on_topic_editorial_link_is_worth_most_and_says_why(result):
    links = by_src(result)
    best = links["https://www.apiary-journal.org/swarms"]
    assert result.links[0] is best
    assert [k.value for k in result.links] == sorted((k.value for k in result.links), reverse=True)
    assert best.relevance > links["https://www.car-repairs.net/brakes"].relevance
    assert {"hive", "colony"} & set(best.shared_terms) or {"beekeeping", "honey"} & set(best.shared_terms)
    # nobody else uses its anchor; the audit classes it a partial match of the linked page's
    # title ("Hives"): 100 x 0.75
    assert best.region == "content" and best.follow == "dofollow" and best.anchor_diversity == 75.0
    row = best.row()
    for name in ("src_url", "dst_url", "value", "authority", "relevance", "placement", "anchor_diversity",
                 "traffic", "why_authority", "why_relevance", "why_placement", "why_anchor_diversity",
                 "why_traffic", "why_toxicity"):
        assert name in row


def test_off_topic_footer_and_nofollow_links_score_lower_for_their_reasons(result):
    links = by_src(result)
    footer = links["https://www.car-repairs.net/brakes"]
    nofollow = links["https://www.town-news.com/fete"]
    assert footer.relevance < 20 and footer.placement <= 10 * 1.0  # footer weight 0.1 x at most 1 x 100
    assert nofollow.authority == 0.0 and "passes no rank" in nofollow.evidence["authority"]
    # both use "Bees Supply": each sees the one other referring domain of two using it
    assert footer.anchor_diversity == nofollow.anchor_diversity == pytest.approx(50.0)


def test_filters_and_one_per_domain(data):
    with Index(data) as ix:
        assert {k.follow for k in value(ix, "bees-supply.com", dofollow_only=True).links} == {"dofollow"}
        assert {k.region for k in value(ix, "bees-supply.com", region="footer").links} == {"footer"}
        everything = value(ix, "bees-supply.com").links
        high = value(ix, "bees-supply.com", min_value=20).links
        assert high == [k for k in everything if k.value >= 20] and 0 < len(high) < len(everything)
        one = value(ix, "bees-supply.com", one_per_domain=True).links
        assert len(one) == len({k.src_domain for k in one}) == 3
        with pytest.raises(BadArgument):
            value(ix, "bees-supply.com", band="huge")
        with pytest.raises(BadArgument):
            value(ix, "bees-supply.com", region="sidebar")


def test_share_of_value_by_referring_domain_adds_up(result):
    rows = result.by_domain()
    assert rows[0]["src_domain"] == "apiary-journal.org"
    assert sum(r["value_share"] for r in rows) == pytest.approx(1.0)
    assert sum(r["backlinks"] for r in result.by_domain()) == len(result.links)


def test_stored_terms_are_the_terms_computed_from_the_pages(data):
    with Index(data) as ix:
        assert terms.use(ix.con)
        stored = sorted(ix.con.execute("SELECT url, term, round(weight, 9) FROM value_page_terms").fetchall())
        regions = sorted(ix.con.execute("SELECT src_url, placement, links FROM value_region_links").fetchall())
    con = db.connect(data, graph=False)
    try:
        assert not terms.use(con)
        computed = sorted(con.execute("SELECT url, term, round(weight, 9) FROM value_page_terms").fetchall())
        assert regions == sorted(con.execute("SELECT src_url, placement, links FROM value_region_links").fetchall())
    finally:
        con.close()
    assert stored == computed and stored
    # the footer of car-repairs.net/brakes holds one link, its nav another
    assert ("https://www.car-repairs.net/brakes", "footer", 1) in regions


def test_a_popularity_list_sets_the_traffic_band(data, tmp_path):
    tranco = tmp_path / "tranco.csv"
    tranco.write_text("1,google.com\n500,apiary-journal.org\n250000,car-repairs.net\n")
    imported = toplist.import_list(tranco, data)
    assert (imported.format, imported.lines, imported.domains) == ("tranco", 3, 3)
    try:
        with Index(data) as ix:
            links = by_src(value(ix, "bees-supply.com"))
        assert links["https://www.apiary-journal.org/swarms"].traffic == "high"
        assert "popularity list rank 500" in links["https://www.apiary-journal.org/swarms"].evidence["traffic"]
        assert links["https://www.car-repairs.net/brakes"].traffic == "low"
    finally:
        toplist.path_in(data).unlink()


def test_toplist_formats_are_recognised_and_keep_the_best_rank_of_a_domain(tmp_path):
    majestic = tmp_path / "majestic_million.csv"
    majestic.write_text("GlobalRank,TldRank,Domain,TLD,RefSubNets,RefIPs,IDN_Domain,IDN_TLD,PrevGlobalRank,"
                        "PrevTldRank,PrevRefSubNets,PrevRefIPs\n"
                        "1,1,google.com,com,473849,3245129,google.com,com,1,1,473670,3243921\n"
                        "2,2,facebook.com,com,467458,3120523,facebook.com,com,2,2,467258,3119312\n")
    assert toplist.read(majestic) == ("majestic", 2, {"google.com": 1, "facebook.com": 2})
    crux = tmp_path / "crux.csv"
    crux.write_text("origin,rank\nhttps://www.google.com,1000\nhttps://m.google.com,5000\n"
                    "https://www.bbc.co.uk,10000\n")
    assert toplist.read(crux) == ("crux", 3, {"google.com": 1000, "bbc.co.uk": 10000})


@pytest.mark.parametrize("content, message", [
    ("", "is empty"),
    ("name,visits\nx.com,3\n", "none of the formats"),
    ("1,google.com\nfirst,x.com\n", "line 2"),
])
def test_a_bad_toplist_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "list.csv"
    path.write_text(content)
    with pytest.raises(BadToplist, match=message):
        toplist.read(path)


def test_prospects_are_valued_from_their_domain(data):
    with Index(data) as ix:
        found = prospect_values(ix, "bees-supply.com", ["honey-digest.com", "car-repairs.net"])
    assert found["honey-digest.com"].relevance > found["car-repairs.net"].relevance
    assert found["honey-digest.com"].value > found["car-repairs.net"].value
    assert found["honey-digest.com"].placement == 100.0
