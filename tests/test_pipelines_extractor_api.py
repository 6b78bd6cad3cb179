"""The extract() entry point: the header forms it accepts, bad input it survives."""

from __future__ import annotations

import pytest

from pipelines.extractor import Extraction, extract
from pipelines.extractor.decode import HeadersLike

PAGE = b'<html><head><title>T</title></head><body><p><a href="/x" rel="nofollow">x</a></p></body></html>'


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/html", "X-Robots-Tag": "noindex"},
        {b"content-type": [b"text/html"], b"x-robots-tag": [b"noindex"]},  # Scrapy's Headers shape
        [(b"CONTENT-TYPE", b"text/html"), (b"X-Robots-Tag", b"noindex")],
        [("content-type", "text/html"), ("x-robots-tag", "noindex")],
    ],
)
def test_header_forms(headers: HeadersLike) -> None:
    result = extract("https://h.example/", PAGE, headers)
    assert isinstance(result, Extraction)
    assert result.page["content_type"] == "text/html"
    assert result.page["noindex"] is True and result.page["nofollow"] is False
    assert [row["dst_url"] for row in result.links] == ["https://h.example/x"]


def test_repeated_headers_all_count() -> None:
    headers = [("Content-Type", "text/html"), ("X-Robots-Tag", "noindex"), ("X-Robots-Tag", "nofollow")]
    page = extract("https://h.example/", PAGE, headers).page
    assert page["x_robots_tag"] == "noindex, nofollow"
    assert page["noindex"] and page["nofollow"]


def test_no_headers_at_all() -> None:
    assert extract("https://h.example/", PAGE, None).links[0]["anchor_text"] == "x"


@pytest.mark.parametrize("status", [0, 204, 304, 418, 500, 999, -1])
def test_odd_statuses_do_not_raise(status: int) -> None:
    result = extract("https://h.example/", PAGE, {"Content-Type": "text/html"}, status=status)
    assert result.page["status"] == status
    assert bool(result.links) == (200 <= status < 300)


def test_3xx_without_location_has_no_redirect_row() -> None:
    result = extract("https://h.example/", b"", {}, status=302)
    assert result.links == [] and result.page["redirect_to"] is None


def test_redirect_to_non_http_is_no_row() -> None:
    result = extract("https://h.example/", b"", {"Location": "javascript:alert(1)"}, status=302)
    assert result.links == [] and result.page["redirect_to"] is None


@pytest.mark.parametrize("url", ["", "not a url", "http://[broken", "ftp://x.example/"])
def test_bad_page_urls_do_not_raise(url: str) -> None:
    result = extract(url, PAGE, {"Content-Type": "text/html"})
    for row in result.links:
        assert row["dst_url"].startswith("http")


def test_nul_and_surrogates_never_reach_the_rows() -> None:
    body = b"<title>a\x00b</title><a href='/x\x00y'>c\x00d\xed\xa0\x80</a>"
    headers = [("Content-Type", "text/html; charset=utf-8\x00"), ("X-Robots-Tag", "noindex\ud800"),
               ("Location", "/\udfff")]
    result = extract("https://h.example/\x00\ud800", body, headers)
    for value in list(result.page.values()) + [v for row in result.links for v in row.values()]:
        if isinstance(value, str):
            assert "\x00" not in value
            value.encode("utf-8")


def test_broken_structured_data_is_counted_not_raised() -> None:
    body = (
        b'<script type="application/ld+json">{"@type": "Article", "author": "A"}</script>'
        b'<script type="application/ld+json">{ broken </script>'
        b'<script type="application/ld+json">[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[</script>'
    )
    result = extract("https://h.example/", body, {"Content-Type": "text/html"})
    assert result.page["schema_types"] == ["Article"] and result.page["author"] == "A"
    assert len(result.errors) == 2 and all(error.startswith("extruct-json-ld: ") for error in result.errors)


def test_simhash_is_stable_and_near_for_near_pages() -> None:
    words = " ".join(f"word{i}" for i in range(400))
    page = f"<html><body><p>{words}</p><a href=/x>x</a></body></html>"
    edited = page.replace("word200 ", "changed ")
    one = extract("https://h.example/", page.encode(), {"Content-Type": "text/html"}).page["simhash"]
    two = extract("https://h.example/", page.encode(), {"Content-Type": "text/html"}).page["simhash"]
    near = extract("https://h.example/", edited.encode(), {"Content-Type": "text/html"}).page["simhash"]
    other = extract("https://h.example/", page.replace("word", "term").encode(),
                    {"Content-Type": "text/html"}).page["simhash"]
    assert one == two and isinstance(one, int) and -(2**63) <= one < 2**63
    assert bin((one ^ near) & (2**64 - 1)).count("1") <= 8
    assert bin((one ^ other) & (2**64 - 1)).count("1") >= 16


def test_link_header_canonical_on_a_non_html_response() -> None:
    headers = [("Content-Type", "application/pdf"), ("Link", '<https://h.example/paper.html>; rel="canonical"')]
    result = extract("https://h.example/paper.pdf", b"%PDF-1.7", headers)
    assert [(row["kind"], row["dst_url"]) for row in result.links] == [("canonical", "https://h.example/paper.html")]
    assert result.page["canonical"] == "https://h.example/paper.html"


@pytest.mark.parametrize(
    ("content", "target"),
    [
        ("5", None),
        ("0; url=https://r.example/", "https://r.example/"),
        ("0;URL='/a b'", "/a b"),
        ('3 , url = "q" trailing', "q"),
        ("1.5; /direct", "/direct"),
        ("url=/no-delay", None),
        ("", None),
    ],
)
def test_meta_refresh_content(content: str, target: str | None) -> None:
    from pipelines.extractor.links import refresh_url

    assert refresh_url(content) == target


def test_a_tag_with_absurdly_many_attributes_is_defused() -> None:
    from pipelines.extractor.decode import defuse

    hostile = b"<p>x</p><a " + b" ".join(b"a%d=1" % i for i in range(3000)) + b" href=/m>m</a><b>after</b>"
    assert defuse(hostile) == b"<p>x</p><a>m</a><b>after</b>"
    image = b'<a href=/i><img alt="pic" src="data:image/png;base64,' + b"A" * 100_000 + b'"></a>'
    assert defuse(image) is image
