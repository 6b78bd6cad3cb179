"""URL resolution, canonical URLs, hosts and registered domains (pipelines/extractor/urls.py)."""

from __future__ import annotations

import json

import pytest
import tldextract
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extractor.urls import (
    canonical_url,
    host_of,
    registered_domain,
    resolve,
    resolve_by_parser,
    tldextract_domain,
)
from tests.support.corpus import ABSENT, CORPUS

PSL_CASES = CORPUS / "vectors" / "psl" / "psl_cases.json"


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("http://a.example/b/c", "d", "http://a.example/b/d"),
        ("http://a.example/b/c", "../d", "http://a.example/d"),
        ("http://a.example/b/c", "//x.example/y", "http://x.example/y"),
        ("https://a.example/b/c", "  \n/p\tq  ", "https://a.example/pq"),
        ("http://a.example/b/c", "\\x\\y", "http://a.example/x/y"),
        ("http://a.example/b/c", "?q", "http://a.example/b/c?q"),
        ("http://a.example/b/c", "#f", "http://a.example/b/c#f"),
        ("http://a.example/b/c", "", "http://a.example/b/c"),
        ("http://a.example/", "mailto:x@y.z", "mailto:x@y.z"),
        ("http://a.example/", "HTTP://B.EXAMPLE:80/", "http://b.example/"),
        # Around the shortcut for simple hrefs: what it must leave to the parser.
        ("http://a.example/", "https://b.example", "https://b.example/"),
        ("http://a.example/", "https://b.example?q", "https://b.example/?q"),
        ("http://a.example/", "https://B.example/x", "https://b.example/x"),
        ("http://a.example/", "https://b.example:443/x", "https://b.example/x"),
        ("http://a.example/", "https://0x7f.1/x", "https://127.0.0.1/x"),
        ("http://a.example/", "http://b.example/a/./b/../c", "http://b.example/a/c"),
        ("http://a.example/", "http://b.example/a/%2e%2E/c", "http://b.example/c"),
        ("http://a.example/", "http://b.example/a?q='x'", "http://b.example/a?q=%27x%27"),
        ("http://a.example/", "http://b.example/a'b?c#d'e", "http://b.example/a'b?c#d'e"),
        ("http://a.example/", "http://b.example/a b", "http://b.example/a%20b"),
        ("http://a.example/", "http://u:p@b.example/", "http://u:p@b.example/"),
        ("http://a.example/", "http://xn--bcher-kva.example/", "http://xn--bcher-kva.example/"),
        ("http://A.example:8080/b/c", "/d?e#f", "http://a.example:8080/d?e#f"),
        ("https://u:p@a.example/b", "/c", "https://u:p@a.example/c"),
        ("http://a.example/b/c", "/./d/../e", "http://a.example/e"),
        ("http://a.example/b/c", "/\\x.example/y", "http://x.example/y"),
        ("http://a.example/b/c", "/d|e", "http://a.example/d|e"),
    ],
)
def test_resolve(base: str, href: str, expected: str) -> None:
    assert resolve(base, href) == expected


@pytest.mark.parametrize("href", ["http://[::1", "https://exa mple.com/", "http://", "http://a:b:c/", "http://x:99999/"])
def test_resolve_failure_is_none(href: str) -> None:
    assert resolve("http://a.example/", href) is None


# Hrefs near the shortcut's edges: a start it takes (or almost: upper case, a number or
# `xn--` label, a port, user info, `//`), then characters that keep an href simple and
# characters that do not (dot segments, percent signs, quotes, spaces, backslashes,
# non-ASCII, pipes, brackets).
HREF_STARTS = st.sampled_from(
    ["http://b.example/", "https://www.b.example/", "https://b.example", "/", "/x/", "http://b.c.d/", "HTTP://b.example/",
     "https://B.example/", "https://b.7/", "https://7.b/", "https://0x7f.1/", "https://xn--bcher-kva.example/",
     "https://b.example:443/", "https://b.example:8080/", "https://u:p@b.example/", "//b.example/", "http:b.example/",
     "https://-b-.example/", "https://b..example/", "", "?", "#", "x/"]
)  # fmt: skip
SIMPLE = ["a", "B", "z9", "-", "_", "~", "/", "?", "#", "=", "&", "%41", ".html", ";", "(", ")", "@", ":", ",", "!",
          "$"]
TRICKY = [".", "..", "./", "../", "/.", "/..", "%", "%2e", "%2E", "'", '"', " ", "\t", "\\", "é", "|", "[", "]", "^",
          "`", "{", "<", "xn--", "//"]  # fmt: skip
HREF_TAILS = st.lists(st.sampled_from(SIMPLE * 3 + TRICKY), max_size=10)
BASES = st.sampled_from(
    ["http://a.example/b/c", "https://a.example:8443/", "HTTP://A.EXAMPLE/x?y#z", "https://u:p@a.example/",
     "http://192.168.0.1/d/", "ftp://a.example/b", "not a url"]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(base=BASES, start=HREF_STARTS, tail=HREF_TAILS)
def test_resolve_is_the_whatwg_parser_s_answer(base: str, start: str, tail: list[str]) -> None:
    href = start + "".join(tail)
    assert resolve(base, href) == resolve_by_parser(base, href)


def test_resolve_without_a_usable_base() -> None:
    assert resolve("not a url", "relative") is None
    assert resolve("not a url", "https://ok.example/") == "https://ok.example/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Example.COM:80/Path#frag", "http://www.example.com/Path"),
        ("https://example.com:443/", "https://example.com/"),
        ("https://example.com:8443/", "https://example.com:8443/"),
        ("http://Bücher.example/ä", "http://xn--bcher-kva.example/%C3%A4"),
        ("http://x.example/a;jsessionid=1A2B?x=1", "http://x.example/a?x=1"),
        ("http://x.example/a;JSESSIONID=1A2B/b", "http://x.example/a/b"),
        ("http://x.example/?PHPSESSID=1&a=2", "http://x.example/?a=2"),
        ("http://x.example/?b=1&sid=2&a=3", "http://x.example/?b=1&a=3"),
        ("http://x.example/?ASPSESSIONIDABCD=1", "http://x.example/"),
        ("http://x.example/?cfid=1&cftoken=2&sessionid=3", "http://x.example/"),
        ("http://x.example/?utm_source=a&UTM_Campaign=b&gclid=c&fbclid=d&keep=1", "http://x.example/?keep=1"),
        ("http://x.example/?z=1&a=2&z=0", "http://x.example/?z=1&a=2&z=0"),
        ("http://x.example/?", "http://x.example/"),
        ("http://x.example/?side=1&sidebar=2", "http://x.example/?side=1&sidebar=2"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        ("no url at all", "no url at all"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent() -> None:
    url = "HTTP://Bücher.example:80/a/../b;jsessionid=1?utm_x=1&k=v#f"
    assert canonical_url(canonical_url(url)) == canonical_url(url) == "http://xn--bcher-kva.example/b?k=v"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://WWW.Example.com:8080/x", "www.example.com"),
        ("https://user:pw@host.example/", "host.example"),
        ("http://bücher.example/", "xn--bcher-kva.example"),
        ("http://[::1]:80/", "[::1]"),
        ("garbage", ""),
    ],
)
def test_host_of(url: str, host: str) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(
    ("host", "public", "private"),
    [
        ("www.example.com", "example.com", "example.com"),
        ("news.bbc.co.uk", "bbc.co.uk", "bbc.co.uk"),
        ("a.b.example.com.au", "example.com.au", "example.com.au"),
        ("someone.blogspot.com", "blogspot.com", "someone.blogspot.com"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("192.168.1.1", "192.168.1.1", "192.168.1.1"),
        ("[::1]", "[::1]", "[::1]"),
        ("localhost", "localhost", "localhost"),
        ("site-3.unknownsuffix", "site-3.unknownsuffix", "site-3.unknownsuffix"),
        ("", "", ""),
    ],
)
def test_registered_domain(host: str, public: str, private: str) -> None:
    assert registered_domain(host) == public
    assert registered_domain(host, private=True) == private


def _hosts_around_every_rule(private: bool) -> list[str]:
    """For every rule of tldextract's bundled list: the suffix itself, a domain under it
    and a host under that (a wildcard's and an exception's included)."""
    rules = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=private).tlds
    hosts = []
    for rule in rules:
        base = rule.lstrip("!").removeprefix("*.")
        hosts += [base, f"a-1.{base}", f"www.b2.{base}"]
    return hosts


@pytest.mark.parametrize("private", [False, True])
def test_registered_domain_agrees_with_tldextract_on_every_rule(private: bool) -> None:
    """`registered_domain` looks plain hosts up itself; around every rule of the list
    (wildcards, exceptions, private suffixes, Unicode rules) it answers as tldextract."""
    hosts = _hosts_around_every_rule(private)
    assert len(hosts) > 20_000
    wrong = [(h, registered_domain(h, private=private), tldextract_domain(h, private)) for h in hosts
             if registered_domain(h, private=private) != tldextract_domain(h, private)]  # fmt: skip
    assert wrong == []


@pytest.mark.parametrize(
    ("host", "expected"),
    [("a.b.ck", "a.b.ck"), ("b.ck", "b.ck"), ("www.ck", "www.ck"), ("x.www.ck", "www.ck"), ("ck", "ck"),
     ("x.city.kawasaki.jp", "city.kawasaki.jp"), ("x.y.kawasaki.jp", "x.y.kawasaki.jp"), ("co.uk", "co.uk"),
     ("a.site-1.test", "site-1.test"), ("1.2.3.4", "1.2.3.4"), ("a.b.123", "b.123")],
)  # fmt: skip
def test_registered_domain_wildcards_and_exceptions(host: str, expected: str) -> None:
    """`*.ck` makes `b.ck` a suffix (so `a.b.ck` is registered), `!www.ck` takes `www.ck`
    out of it; `*.kawasaki.jp` with `!city.kawasaki.jp` likewise."""
    assert registered_domain(host) == expected


@pytest.mark.skipif(not PSL_CASES.exists(), reason=ABSENT)
def test_registered_domain_on_the_public_suffix_list_s_own_tests() -> None:
    """publicsuffix/list's test cases (all rules, private ones included). Where they expect
    no registrable domain (the name is a public suffix itself), ours is the name itself;
    names with a leading dot are no host names and are left out."""
    cases = [c for c in json.loads(PSL_CASES.read_text())["cases"] if c["domain"] and not c["domain"].startswith(".")]
    assert len(cases) > 60
    for case in cases:
        name = case["domain"].lower()
        assert registered_domain(name, private=True) == (case["registrable_domain"] or name), case
