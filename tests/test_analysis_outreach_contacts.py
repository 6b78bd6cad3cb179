"""Contacts of the market web's blogs (crawler/localweb/contacts.py plants one form each):
recall and precision against the planted contacts, the ranking, the command."""

from __future__ import annotations

import json

import pytest

from analysis import Index
from analysis.outreach.contacts import RANK, contacts, page_kind, phones
from crawler.localweb.contacts import AUTHOR, FORMS
from tests.support.crawl import backlinks

pytestmark = pytest.mark.slow

MIN_PRECISION = MIN_RECALL = 0.9


@pytest.fixture(scope="module")
def found(market):
    data, truth = market
    with Index(data) as index:
        return {domain: contacts(index, domain) for domain in truth["contacts"]}


def test_contacts_against_the_planted_ones(market, found):
    planted = {(d, c["contact"], c["type"]) for d, rows in market[1]["contacts"].items() for c in rows}
    got = {(d, r["contact"], r["type"]) for d, rows in found.items() for r in rows}
    tp = len(planted & got)
    precision, recall = tp / len(got), tp / len(planted)
    print(f"\ncontacts: {len(got)} found, {len(planted)} planted: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, (sorted(got - planted), sorted(planted - got))
    # each form on its own: every planted e-mail address is found
    for form_number, form in enumerate(FORMS):
        domains = [d for n, d in enumerate(market[1]["contacts"]) if n % len(FORMS) == form_number]
        for d in domains:
            emails = {c["contact"] for c in market[1]["contacts"][d] if c["type"] == "email"}
            assert emails <= {r["contact"] for r in found[d]}, form


def test_where_each_was_found(market, found):
    planted = {(c["contact"], c["source_url"]) for rows in market[1]["contacts"].values() for c in rows}
    got = {(r["contact"], r["source_url"]) for rows in found.values() for r in rows}
    assert len(planted & got) / len(planted) >= MIN_RECALL


def test_ranking_site_addresses_first_webmail_last(found):
    for rows in found.values():
        assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    author_blog = next(rows for rows in found.values() if any(r["contact"] == AUTHOR[2] for r in rows))
    emails = [r["contact"] for r in author_blog if r["type"] == "email"]
    assert emails[0].startswith(AUTHOR[1] + "@") and emails[-1] == AUTHOR[2]  # own domain, then webmail
    schema_blog = next(rows for rows in found.values() if any(r["contact"].startswith("office@") for r in rows))
    assert schema_blog[0]["type"] == "email" and schema_blog[0]["rank"] == RANK["email/site/role"]


def test_page_kinds():
    assert page_kind("http://x.com/impressum", None, []) == "imprint_page"
    assert page_kind("http://x.com/p?id=3", "Contact us", []) == "contact_page"
    assert page_kind("http://x.com/p/7", None, ["write to us"]) == "contact_page"
    assert page_kind("http://x.com/authors/jane.html", "Jane", []) == "author_page"
    assert page_kind("http://x.com/posts/notes-about-rivers.html", "Notes about rivers", []) is None


def test_command(market):
    data, truth = market
    domain = next(iter(truth["contacts"]))
    proc = backlinks("contacts", domain, "--data", str(data), "--format", "jsonl", check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {(r["contact"], r["type"]) for r in rows} == {(c["contact"], c["type"]) for c in truth["contacts"][domain]}
    assert all(r["source_url"].startswith(f"http://www.{domain}/") for r in rows)
    bad = backlinks("contacts", "no-such-site.example", "--data", str(data))
    assert bad.returncode == 1 and bad.stderr.startswith("error: unknown domain")


@pytest.mark.parametrize(("text", "numbers"), [
    ("Phone: +44 20 7946 0000. Fax follows", ["tel:+442079460000"]),
    ("call +49 (0)30 123 45 67 now", ["tel:+49301234567"]),
    ("Tel.: 030 1234567", ["tel:0301234567"]),
    ("In 2019-2025 we sold 1,234,567 boats", []),  # dates and counts are no numbers to call
    ("ISBN 978-3-16-148410-0", []),
])
def test_phone_numbers_in_a_contact_page_text(text, numbers):
    assert phones(text) == numbers
