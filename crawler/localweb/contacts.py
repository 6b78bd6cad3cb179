"""Contacts planted on the market web's blogs (market.py), one form per blog, with their truth.

The forms the outreach half of issue 16 names, each on its own blog (by the blog's number
modulo the number of forms), so recall can be read form by form:

* ``mailto``: a `mailto:` link on the contact page;
* ``text``: an address written in the contact page's text;
* ``obfuscated``: ``press [at] name [dot] com`` on the contact page (the dots of the domain
  written ``[dot]`` too);
* ``schema``: schema.org JSON-LD on the home page: an ``Organization`` with an ``email`` and a
  ``ContactPoint`` with another;
* ``imprint``: an imprint page (``/imprint.html``) with ``info (at) name (dot) de`` and a
  phone number in its text (no `tel:` link);
* ``author``: an author page (``/authors/<name>.html``) with the author's `mailto:` link and a
  webmail address in its text.

Every third blog has a `tel:` link on its contact page too. Contact pages (contact, about,
imprint, author) are contacts of their own (type ``contact_page``...), found from their URLs,
titles and the anchors that link to them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape

FORMS = ("mailto", "text", "obfuscated", "schema", "imprint", "author")
#: The author of an ``author`` blog: name, local part of the address, webmail address.
AUTHOR = ("Jane Rivers", "jane", "jane.rivers.paddles@gmail.com")


@dataclass
class PlantedContacts:
    """What one blog carries: HTML per path (appended to the article body), JSON-LD per path,
    extra pages (path -> (title, HTML)), and the truth rows."""

    body: dict[str, str] = field(default_factory=dict)
    jsonld: dict[str, str] = field(default_factory=dict)
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    truth: list[dict[str, str]] = field(default_factory=list)

    def add(self, contact: str, kind: str, url: str) -> None:
        self.truth.append({"contact": contact, "type": kind, "source_url": url})


def phone_of(number: int) -> tuple[str, str]:
    """(as written in the href, as found: spaces removed) of a blog's phone number."""
    written = f"+44 20 7946 {number:04d}"
    return written, written.replace(" ", "")


def plant(number: int, host: str, domain: str) -> PlantedContacts:
    """The contacts of blog `number` on `host` (registered domain `domain`)."""
    root = f"http://{host}"
    out = PlantedContacts()
    form = FORMS[number % len(FORMS)]
    contact = f"{root}/contact.html"
    out.add(contact, "contact_page", contact)
    out.add(f"{root}/about.html", "about_page", f"{root}/about.html")
    if form == "mailto":
        address = f"editor@{domain}"
        out.body["/contact.html"] = f'<p>Write to <a href="mailto:{address}">our editor</a>.</p>'
        out.add(address, "email", contact)
    elif form == "text":
        address = f"hello@{domain}"
        out.body["/contact.html"] = f"<p>Our address for letters and tips is {address} and we read everything.</p>"
        out.add(address, "email", contact)
    elif form == "obfuscated":
        spelled = domain.replace(".", " [dot] ")
        out.body["/contact.html"] = f"<p>Press enquiries: press [at] {escape(spelled)}, weekdays.</p>"
        out.add(f"press@{domain}", "email", contact)
    elif form == "schema":
        org, point = f"office@{domain}", f"partners@{domain}"
        out.jsonld["/"] = json.dumps({
            "@context": "https://schema.org", "@type": "Organization", "name": host, "url": root + "/",
            "email": f"mailto:{org}",
            "contactPoint": {"@type": "ContactPoint", "contactType": "partnerships", "email": point}})
        out.add(org, "email", root + "/")
        out.add(point, "email", root + "/")
    elif form == "imprint":
        imprint = f"{root}/imprint.html"
        written, found = phone_of(9000 + number)
        spelled = domain.replace(".", " (dot) ")
        out.pages["/imprint.html"] = ("Imprint", f"<p>Responsible for this site: the editors. E-mail: info (at) "
                                      f"{escape(spelled)}. Phone: {written}.</p>")
        out.add(imprint, "imprint_page", imprint)
        out.add(f"info@{domain}", "email", imprint)
        out.add(found, "phone", imprint)
    else:
        name, local, webmail = AUTHOR
        author = f"{root}/authors/{local}.html"
        out.pages[f"/authors/{local}.html"] = (
            f"{name}, author", f'<p>{name} writes about rivers and boats. Mail <a href="mailto:{local}@{domain}">'
            f"{name}</a>, or her private address {webmail}.</p>")
        out.add(author, "author_page", author)
        out.add(f"{local}@{domain}", "email", author)
        out.add(webmail, "email", author)
    if number % 3 == 0:
        written, found = phone_of(number)
        out.body["/contact.html"] = out.body.get("/contact.html", "") + \
            f'<p>Or call <a href="tel:{written}">{written}</a>.</p>'
        out.add(found, "phone", contact)
    return out
