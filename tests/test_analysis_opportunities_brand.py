"""The names a site goes by and how a text is searched for them (unlinked mentions)."""

from __future__ import annotations

import re

import duckdb
import pytest

from analysis.opportunities.brand import Brand, derived_names, title_name


def test_names_derived_from_the_domain():
    assert derived_names("harbour-kayaks.com") == ["harbour-kayaks.com", "harbour kayaks", "harbourkayaks"]
    assert derived_names("bbc.co.uk") == ["bbc.co.uk"]  # a label under 4 characters says too little


@pytest.mark.parametrize(("text", "found"), [
    ("We tried Harbour Kayaks last week.", "Harbour Kayaks"),
    ("we tried harbour\n kayaks last week", "harbour\n kayaks"),
    ("see harbour-kayaks.com for prices", "harbour-kayaks.com"),
    ("HarbourKayaks on tour", "HarbourKayaks"),
    ("Harbour Kayaksville is elsewhere", None),  # whole words only
    ("kayaks in the harbour", None),
    ("A+B (Co.) rocks", "A+B (Co.)"),  # special characters are literal
])
def test_whole_words_any_case_any_space(text, found):
    brand = Brand.of("harbour-kayaks.com", ["A+B (Co.)"])
    hit = brand.find(text)
    assert (hit[0] if hit else None) == found
    # DuckDB's RE2 reads the pattern as Python's re does
    con = duckdb.connect()
    assert con.execute("SELECT regexp_matches($t, $p)", {"t": text, "p": brand.pattern}).fetchall()[0][0] == \
        (found is not None) == bool(re.search(brand.pattern, text))


def test_the_name_the_titles_share():
    titles = ["Harbour Kayaks - kayaks and canoes", "Choosing a paddle - Harbour Kayaks",
              "Dry bags | Harbour Kayaks", "About Harbour Kayaks"]
    assert title_name(titles) == "Harbour Kayaks"
    assert title_name(["Home - X News", "A story", "Another", "More", "About"]) is None  # not on half of them
    assert title_name(["Home - Blog", "Blog - Home"]) is None  # generic parts
