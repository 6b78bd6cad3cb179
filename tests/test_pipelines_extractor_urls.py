"""URL resolution, canonical URLs, hosts and registered domains (pipelines/extractor/urls.py)."""

from __future__ import annotations

import pytest

from pipelines.extractor.urls import canonical_url, host_of, registered_domain, resolve


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
    ],
)
def test_resolve(base: str, href: str, expected: str) -> None:
    assert resolve(base, href) == expected


@pytest.mark.parametrize("href", ["http://[::1", "https://exa mple.com/", "http://", "http://a:b:c/", "http://x:99999/"])
def test_resolve_failure_is_none(href: str) -> None:
    assert resolve("http://a.example/", href) is None


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
