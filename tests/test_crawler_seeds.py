"""Seeds: bare domains try https then http; bad seeds get a clear error."""

from __future__ import annotations

import pytest

from crawler.errors import BadSeed, SeedsFileError
from crawler.seeds import parse_seed, parse_seeds, read_seeds_file


def test_bare_domain_tries_https_then_http():
    seed = parse_seed("Example.CO.uk")
    assert seed.urls == ("https://example.co.uk/", "http://example.co.uk/")
    assert seed.domain == "example.co.uk"


def test_url_seed_is_fetched_as_given_and_scoped_to_its_registered_domain():
    seed = parse_seed("http://news.example.org/path?utm_source=x#top")
    assert seed.urls == ("http://news.example.org/path",)
    assert seed.domain == "example.org"


def test_idn_seed_becomes_punycode():
    assert parse_seed("bücher.de").urls[0] == "https://xn--bcher-kva.de/"


@pytest.mark.parametrize("bad", ["", "ftp://x.com/", "not a domain", "javascript:alert(1)", "x..com", "-x.com", "http://"])
def test_bad_seeds_raise_bad_seed(bad):
    with pytest.raises(BadSeed):
        parse_seed(bad)


def test_seeds_are_deduplicated_in_order(tmp_path):
    path = tmp_path / "seeds.txt"
    path.write_text("# my seeds\nb.com\na.com  # comment\n\nb.com\n")
    assert [s.domain for s in parse_seeds(read_seeds_file(path))] == ["b.com", "a.com"]


def test_unreadable_seeds_file(tmp_path):
    with pytest.raises(SeedsFileError, match="cannot read seeds file"):
        read_seeds_file(tmp_path / "missing.txt")


def test_hosts_under_no_known_suffix_follow_the_default_rule():
    assert parse_seed("www.site-17.example").domain == "site-17.example"
    assert parse_seed("http://blog.site-17.example/x").domain == "site-17.example"


def test_a_bare_domain_may_also_be_tried_on_its_www_host():
    assert parse_seed("example.com", www=True).urls == (
        "https://example.com/", "http://example.com/", "https://www.example.com/", "http://www.example.com/")
    assert parse_seed("www.example.com", www=True).urls == ("https://www.example.com/", "http://www.example.com/")
    assert parse_seed("http://example.com/", www=True).urls == ("http://example.com/",)  # a URL is as given
    assert len(parse_seed("example.com").urls) == 2
