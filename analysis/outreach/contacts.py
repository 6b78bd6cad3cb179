"""The contacts of a site, ranked: who to write to about a link.

What the crawl found on the site's live pages (`pages.contacts`: addresses from `mailto:`
links, the text, obfuscated forms and schema.org data; `tel:` numbers), the site's contact,
imprint, author and about pages, recognised from their URL, title or the anchors of the
site's own links to them (PAGE_WORDS), and the phone numbers written in those pages' text
(PHONE: international, or after a label such as "Tel:"). Ranked (RANK): e-mail addresses of the site's own
domain first, role addresses (info@, press@...) before people's, other domains after, webmail
last; then the contact and imprint pages, author and about pages, phone numbers. Each row says
where it was found (the contact page first, else the shortest URL) and on how many pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from analysis import sql

if TYPE_CHECKING:
    from analysis.index import Index

def contact_pages_pattern() -> str:
    """An RE2 pattern of the URLs whose path has a segment of PAGE_WORDS (`/contact.html`,
    `/impressum`): the pages SQL reads phone numbers from (analysis/sql/opportunities/local.sql)."""
    words = sorted({w for ws in PAGE_WORDS.values() for w in ws if " " not in w}, key=len, reverse=True)
    return "(?i)^[a-z]+://[^/]+(?:/[^/?#]*)*?/(?:" + "|".join(re.escape(w) for w in words) + r")(?:[./?#]|/|$)"


#: The columns of a contact row.
COLUMNS = ("contact", "type", "source_url", "rank", "pages")
#: Local parts of addresses that reach a role, not a person.
ROLE_NAMES = frozenset({
    "info", "contact", "hello", "office", "press", "media", "editor", "editors", "editorial", "news",
    "newsroom", "partners", "partnerships", "marketing", "sales", "support", "admin", "webmaster", "team",
    "mail", "enquiries", "inquiries", "pr", "ads", "advertising", "redaktion", "kontakt", "tips",
})
#: Webmail providers (registered domains): an address there is a person's, maybe not the site's.
WEBMAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "outlook.com", "live.com",
    "aol.com", "icloud.com", "me.com", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "protonmail.com",
    "proton.me", "zoho.com", "t-online.de", "orange.fr", "free.fr", "libero.it",
})
#: Page kinds, the first that applies: a segment of the URL path (`/about-us.html`, `/authors/x`),
#: the start of the title, or an anchor of the site's own links to it.
PAGE_WORDS = {
    "imprint_page": ("imprint", "impressum", "legal-notice", "legal notice", "mentions-legales", "mentions légales"),
    "contact_page": ("contact", "contact-us", "contact us", "kontakt", "contacto", "contatti", "get-in-touch",
                     "get in touch", "write to us"),
    "author_page": ("author", "authors", "autor", "contributor", "contributors"),
    "about_page": ("about", "about-us", "about us", "ueber-uns", "über uns", "a-propos", "à propos", "who we are"),
}
#: A phone number in a contact page's text: international (+49 30 1234567, +44 (0)20 7946 0000),
#: or national after a label (Tel: 030 1234567). Dates and prices have neither.
PHONE = re.compile(r"(?<![\w+])(\+\d{1,3}(?:[\s./-]?\(0\))?(?:[\s./-]?\d){6,14})(?!\d)"
                   r"|(?i:\b(?:tel|phone|telephone|telefon|téléphone|fon|call us)\b\.?:?\s*)(\(?0[\d\s()./-]{6,18}\d)")
#: Rank of each kind of contact, best first (e-mail addresses by their own rank).
RANK = {"email/site/role": 0, "email/site": 1, "email/other": 2, "email/webmail": 3, "contact_page": 4,
        "imprint_page": 4, "author_page": 5, "about_page": 6, "phone": 7}


def page_kind(url: str, title: str | None, anchors: list[str]) -> str | None:
    """The kind of contact page `url` is, or None."""
    path = url.split("://", 1)[-1].partition("/")[2].split("?")[0].lower()
    segments = {segment.split(".")[0].replace("_", "-") for segment in path.split("/")}  # /about-us.html -> about-us
    heading = (title or "").strip().lower()
    for kind, words in PAGE_WORDS.items():
        if segments.intersection(words) or any(heading.startswith(w) for w in words) \
                or any(a in words for a in anchors):
            return kind
    return None


def _class(contact: str, site: str) -> tuple[str, str]:
    """(type, rank key) of a contact as `pages.contacts` holds it."""
    if contact.startswith("tel:"):
        return "phone", "phone"
    local, _, domain = contact.partition("@")
    if domain == site or domain.endswith("." + site):
        return "email", "email/site/role" if local in ROLE_NAMES else "email/site"
    return "email", "email/webmail" if domain in WEBMAIL else "email/other"


def contacts(index: Index, site: str) -> list[dict[str, Any]]:
    """The contacts of `site` (a domain, host or URL the index knows), best first."""
    domain = index.domain(site)
    pages = {r["url"]: page_kind(r["url"], r["title"], r["anchors"])
             for r in sql.rows(index.con, "outreach/site_pages", domain=domain)}
    found: dict[str, list[str]] = defaultdict(list)
    for r in sql.rows(index.con, "outreach/contacts_found", domain=domain):
        found[r["contact"]].append(r["url"])
    contact_pages = [url for url, kind in pages.items() if kind is not None]
    for r in sql.rows(index.con, "outreach/page_texts", urls=contact_pages) if contact_pages else []:
        for number in phones(r["text"]):
            if r["url"] not in found[number]:
                found[number].append(r["url"])
    rows = []
    for contact, urls in found.items():
        kind, rank = _class(contact, domain)
        source = min(urls, key=lambda u: (pages.get(u) is None, len(u), u))
        rows.append(_row(contact.removeprefix("tel:"), kind, source, RANK[rank], len(urls)))
    for url, page in pages.items():
        if page is not None:
            rows.append(_row(url, page, url, RANK[page], 1))
    rows.sort(key=lambda r: (r["rank"], -r["pages"], r["contact"]))
    return rows


def phones(text: str) -> list[str]:
    """The phone numbers written in `text`, as `pages.contacts` holds a `tel:` number (`tel:`
    then + or 0 and the digits)."""
    out = []
    for match in PHONE.finditer(text):
        written = match.group(1) or match.group(2)
        number = written.replace("(0)", "") if written.startswith("+") else written
        out.append("tel:" + ("+" if number.startswith("+") else "") + "".join(c for c in number if c.isdigit()))
    return list(dict.fromkeys(out))


def _row(contact: str, kind: str, source: str, rank: int, pages: int) -> dict[str, Any]:
    return {"contact": contact, "type": kind, "source_url": source, "rank": rank, "pages": pages}
