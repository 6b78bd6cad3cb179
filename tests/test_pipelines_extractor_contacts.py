"""pages.contacts: e-mail addresses written plainly, obfuscated, in mailto: links and in
schema.org data, and tel: numbers; the forms a page uses to hide an address from harvesters."""

from __future__ import annotations

import json

import pytest

from pipelines.extractor import extract

HEADERS = {"Content-Type": "text/html; charset=utf-8"}


def contacts_of(body: str, head: str = "") -> list[str]:
    html = f"<html><head><title>t</title>{head}</head><body><main><p>{body}</p></main></body></html>"
    return extract("https://x.example/contact", html.encode(), HEADERS).page["contacts"]


@pytest.mark.parametrize(("written", "address"), [
    ("press [at] example [dot] com", "press@example.com"),
    ("Info (AT) shop (DOT) co (DOT) uk", "info@shop.co.uk"),
    ("jane.doe{at}example.org", "jane.doe@example.org"),
    ("tips [ at ] news-site.de", "tips@news-site.de"),
    ("hello@example.net", "hello@example.net"),
])
def test_addresses_in_the_text(written, address):
    assert contacts_of(f"Write to {written}, we answer.") == [address]


@pytest.mark.parametrize("prose", [
    "We met (at) noon [at] the harbour.",  # no domain after it
    "Prices dropped [at] least twice.",
    "See section [a] and [dot] points.",
])
def test_prose_is_no_address(prose):
    assert contacts_of(prose) == []


def test_schema_org_organization_and_contact_point():
    data = {"@context": "https://schema.org", "@type": "Organization", "email": "mailto:Office@X.example",
            "contactPoint": [{"@type": "ContactPoint", "email": "sales@x.example"}],
            "founder": {"@type": "Thing", "email": "not-a-contact@x.example"}}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert contacts_of('Call <a href="tel:+44 20 7946 0000">us</a>.', head) == [
        "office@x.example", "sales@x.example", "tel:+442079460000"]
