"""The extract() entry point: the header forms it accepts, bad input it survives."""

from __future__ import annotations

import pytest

from pipelines.extractor import Extraction, extract

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
def test_header_forms(headers: object) -> None:
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
    result = extract("https://h.example/\x00", body, [("Content-Type", "text/html; charset=utf-8\x00")])
    for value in list(result.page.values()) + [v for row in result.links for v in row.values()]:
        if isinstance(value, str):
            assert "\x00" not in value
            value.encode("utf-8")
