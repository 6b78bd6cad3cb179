"""The market web: a brand, its competitors and the blogs of their niche, with the link
opportunities and contacts of issue 16 planted, and their truth.

Served on its own (``python -m crawler.localweb --web crawler.localweb.market:MarketWeb``;
tests: ``crawl_epochs(..., web=MARKET)``), so that it costs the other local-web crawls nothing.
Every site is a ``www.`` host of a registered domain of its own; robots.txt allows all.

* the brand ``www.harbour-kayaks.com`` ("Harbour Kayaks", alias "HarbourKayaks") and three
  competitors, each a home page and four guides; each competitor has one dead guide (404,
  410, 500) and the brand one dead catalogue (404) that only blogs link to;
* eighteen blogs (``BLOGS``), blog n linking to blog n // 2, each a home page, three posts,
  about and contact pages (and an imprint or author page for some: contacts.py). Roles by
  number (``ROLES``): blogs 0-5 link to two or three competitors and not to the brand
  (intersect prospects at K = 2); 6 and 7 to two competitors and the brand (no prospects);
  8-10 to one competitor; dead pages are linked from blogs 0, 8 (404), 3, 11 (410), 5, 12
  (500) and the brand's from 13 and 16; blogs 6, 7 and 12-15 link to the brand, and at epoch
  2 blogs 12-14 drop that link (the page stays up: reclaim) while blog 15's page answers 404
  (lost, nothing to reclaim); blogs 9, 10, 11 and 16 name the brand (by name, domain, alias)
  without linking to it (mentions); blog 6 names it and links (no mention), blog 17 writes of
  kayaks in a harbour (no mention); blog 1 (on-topic) and blog 17 (not) link to a dead page of
  another blog (``OTHER_DEAD_LINKS``: one dead_outlink opportunity).

``truth()``: seeds, the brand, competitors, the planted opportunities (``kind, domain, url``,
as `backlinks opportunities` reports them: the prospect's registered domain and the page
concerned), the local prospects of the brand placed in Germany or the UK (``local``: the .de
or .co.uk blogs and those with a +49 or +44 phone number, that do not link to it; the brand
itself is a .com without a phone, so it has no region of its own), and the planted contacts
per blog domain.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .contacts import PlantedContacts, plant
from .model import Reply
from .text import Filler

BRAND = ("www.harbour-kayaks.com", "Harbour Kayaks")
ALIASES = ("HarbourKayaks",)
COMPETITORS = (("www.rapid-paddles.com", "Rapid Paddles"), ("www.canoe-corner.net", "Canoe Corner"),
               ("www.lakeside-boats.org", "Lakeside Boats"))
GUIDES = ("choosing-a-paddle", "first-trip-checklist", "dry-bags-compared", "winter-paddling")
#: each competitor's dead guide and its status, and the brand's dead page
DEAD = (("/guides/sea-kayak-sizing.html", 404), ("/guides/old-paddle-chart.html", 410),
        ("/guides/canoe-repair-kit.html", 500))
BRAND_DEAD = "/catalogue-2019.html"
#: blog -> the blog whose dead page it links to (OTHER_DEAD, 404): blog 1 is on-topic (it links
#: to competitors), so its page is a dead_outlink opportunity; blog 17 links to neither
OTHER_DEAD_LINKS = {1: 9, 17: 8}
OTHER_DEAD = "/posts/old-route.html"
BLOGS = (("paddle", "notes", "com"), ("river", "diary", "org"), ("coast", "journal", "co.uk"),
         ("lake", "life", "net"), ("outdoor", "weekly", "com"), ("wild", "water", "de"),
         ("canal", "tales", "org"), ("estuary", "log", "io"), ("rapids", "report", "com"),
         ("shore", "stories", "net"), ("tide", "tables", "org"), ("bay", "bulletin", "de"),
         ("creek", "chronicle", "com"), ("fjord", "field", "net"), ("marsh", "mail", "org"),
         ("delta", "dispatch", "io"), ("lagoon", "letters", "com"), ("island", "ink", "co.uk"))


@dataclass(frozen=True)
class Role:
    """What blog n plants: competitors it links (their numbers), a brand link, dead pages it
    links (competitor number, or -1 for the brand's), its brand mention, what epoch 2 does."""

    competitors: tuple[int, ...] = ()
    brand: bool = False
    dead: tuple[int, ...] = ()
    mention: str = ""
    epoch2: str = ""  # "drop_brand_link" | "page_gone"


ROLES: dict[int, Role] = {
    0: Role((0, 1), dead=(0,)), 1: Role((0, 2)), 2: Role((1, 2)), 3: Role((0, 1, 2), dead=(1,)),
    4: Role((0, 1)), 5: Role((1, 2), dead=(2,)),
    6: Role((0, 1), brand=True, mention="Harbour Kayaks"), 7: Role((0, 2), brand=True),
    8: Role((0,), dead=(0,)), 9: Role((1,), mention="Harbour Kayaks"), 10: Role((2,), mention="harbour-kayaks.com"),
    11: Role(dead=(1,), mention="HarbourKayaks"), 12: Role(brand=True, dead=(2,), epoch2="drop_brand_link"),
    13: Role(brand=True, dead=(-1,), epoch2="drop_brand_link"), 14: Role(brand=True, epoch2="drop_brand_link"),
    15: Role(brand=True, epoch2="page_gone"), 16: Role(dead=(-1,), mention="Harbour Kayaks"), 17: Role(),
}


def domain_of(host: str) -> str:
    return host.split(".", 1)[1]


@dataclass
class Site:
    host: str
    name: str
    pages: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # path -> (title, HTML blocks)
    status: dict[str, int] = field(default_factory=dict)  # path -> non-200 status
    nav: list[tuple[str, str]] = field(default_factory=list)  # (path, anchor)
    contacts: PlantedContacts = field(default_factory=PlantedContacts)

    @property
    def root(self) -> str:
        return f"http://{self.host}"


def _a(url: str, text: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


class MarketWeb:
    """The market web at `epoch` (1 or 2); see the module docstring."""

    def __init__(self, seed: int = 0, epoch: int = 1) -> None:
        if epoch not in (1, 2):
            raise ValueError(f"epoch must be 1 or 2, got {epoch}")
        self.seed, self.epoch = seed, epoch
        self.filler = Filler(seed)
        self.brand = self._shop(*BRAND, dead=((BRAND_DEAD, 404),))
        self.competitors = [self._shop(host, name, dead=(DEAD[i],)) for i, (host, name) in enumerate(COMPETITORS)]
        self.blogs = [self._blog(n, f"www.{a}-{b}.{tld}", f"{a.capitalize()} {b.capitalize()}")
                      for n, (a, b, tld) in enumerate(BLOGS)]
        self.sites = {s.host: s for s in [self.brand, *self.competitors, *self.blogs]}
        self.seeds = [s.root + "/" for s in self.sites.values()]

    # -- building -------------------------------------------------------------------------------
    def _text(self, key: str, n: int) -> list[str]:
        return [f"<p>{escape(p)}</p>" for p in self.filler.pick(random.Random(f"{self.seed}:{key}"), n)]

    def _shop(self, host: str, name: str, dead: tuple[tuple[str, int], ...]) -> Site:
        site = Site(host, name, nav=[("/", "Home"), ("/about.html", "About us"), ("/contact.html", "Contact")])
        site.pages["/"] = (f"{name} - kayaks, canoes and paddles", self._text(host, 1) + [
            "<ul>" + "".join(f"<li>{_a(f'/guides/{g}.html', g.replace('-', ' ').capitalize())}</li>"
                             for g in GUIDES) + "</ul>"])
        for g in GUIDES:
            site.pages[f"/guides/{g}.html"] = (f"{g.replace('-', ' ').capitalize()} - {name}", self._text(host + g, 2))
        site.pages["/about.html"] = (f"About {name}", self._text(host + "about", 1))
        site.pages["/contact.html"] = (f"Contact {name}", self._text(host + "contact", 1))
        for path, status in dead:
            site.status[path] = status
        return site

    def _blog(self, n: int, host: str, name: str) -> Site:
        site = Site(host, name, nav=[("/", "Home"), ("/about.html", "About"), ("/contact.html", "Contact")])
        site.contacts = plant(n, host, domain_of(host))
        for path, (title, html) in site.contacts.pages.items():
            site.pages[path] = (title, [html])
            site.nav.append((path, "Imprint" if "imprint" in path else title.split(",")[0]))
        role = ROLES[n]
        site.pages["/"] = (f"{name} - a paddling blog", self._text(host, 1) + [
            "<ul>" + "".join(f"<li>{_a(f'/posts/{k}.html', f'Post {k}')}</li>" for k in (1, 2, 3)) + "</ul>"]
            + self._friend(n))
        # a brand mention on the page linking to the brand is no opportunity (blog 6)
        linked_mention = self._mention(n, role) if role.brand else []
        site.pages["/posts/1.html"] = (f"{name}: gear we used",
                                       linked_mention + self._text(host + "1", 2) + self._outlinks(n, role))
        site.pages["/posts/2.html"] = (f"{name}: old links", self._text(host + "2", 2) + self._dead_links(n, role))
        site.pages["/posts/3.html"] = (f"{name}: on the water",
                                       ([] if role.brand else self._mention(n, role)) + self._text(host + "3", 2))
        site.pages["/about.html"] = (f"About {name}", self._text(host + "about", 1))
        site.pages["/contact.html"] = (f"Contact {name}", self._text(host + "contact", 1))
        for path, html in site.contacts.body.items():
            title, blocks = site.pages[path]
            site.pages[path] = (title, [*blocks, html])
        if self.epoch == 2 and role.epoch2 == "page_gone":
            site.status["/posts/1.html"] = 404
        return site

    @staticmethod
    def _friend(n: int) -> list[str]:
        """Blog n links to blog n // 2: the blogs' ranks differ, the first ones strongest."""
        if n == 0:
            return []
        a, b, tld = BLOGS[n // 2]
        return [f"<p>A friend of ours writes {_a(f'http://www.{a}-{b}.{tld}/', f'{a} {b}')}.</p>"]

    def _outlinks(self, n: int, role: Role) -> list[str]:
        out = [f"<p>We paddled with gear from {_a(f'http://{COMPETITORS[c][0]}/', COMPETITORS[c][1])} "
               f"on our last trip.</p>" for c in role.competitors]
        if role.brand and not (self.epoch == 2 and role.epoch2 == "drop_brand_link"):
            out.append(f"<p>Our boats come from {_a(f'http://{BRAND[0]}/', BRAND[1])}.</p>")
        return out

    def _dead_links(self, n: int, role: Role) -> list[str]:
        out = []
        if n in OTHER_DEAD_LINKS:
            a, b, tld = BLOGS[OTHER_DEAD_LINKS[n]]
            out.append(f"<p>The route we followed: {_a(f'http://www.{a}-{b}.{tld}{OTHER_DEAD}', 'old route')}.</p>")
        for c in role.dead:
            host, path = (BRAND[0], BRAND_DEAD) if c < 0 else (COMPETITORS[c][0], DEAD[c][0])
            out.append(f"<p>An older guide we liked: {_a(f'http://{host}{path}', 'this guide')}.</p>")
        return out

    def _mention(self, n: int, role: Role) -> list[str]:
        if role.mention:
            return [f"<p>Last weekend we tried the touring boats of {escape(role.mention)}, and they held up well "
                    "in the chop.</p>"]
        if n == 17:
            return ["<p>We rented two kayaks near the harbour and paddled out at dawn.</p>"]
        return []

    # -- serving ----------------------------------------------------------------------------------
    def respond(self, method: str, url: str, headers: dict[str, str]) -> Reply:
        parts = urlsplit(url)
        site = self.sites.get(parts.hostname or "")
        if parts.scheme != "http" or site is None:
            return Reply(502, [("Content-Type", "text/plain")], b"unknown host\n")
        path = parts.path or "/"
        html = [("Content-Type", "text/html; charset=utf-8")]
        if path == "/robots.txt":
            return Reply(200, [("Content-Type", "text/plain")], b"User-agent: *\nDisallow:\n")
        if path in site.status:
            return Reply(site.status[path], html, b"<html><body><h1>Gone</h1></body></html>")
        if path not in site.pages:
            return Reply(404, html, b"<html><body><h1>Not found</h1></body></html>")
        return Reply(200, html, self._html(site, path).encode())

    def _html(self, site: Site, path: str) -> str:
        title, blocks = site.pages[path]
        jsonld = site.contacts.jsonld.get(path)
        head = f'<script type="application/ld+json">{jsonld}</script>' if jsonld else ""
        nav = "".join(f"<li>{_a(p, a)}</li>" for p, a in site.nav)
        return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
                f"{head}</head><body><header>{_a('/', site.name)}</header><nav><ul>{nav}</ul></nav>"
                f"<main><article><h1>{escape(title)}</h1>{''.join(blocks)}</article></main>"
                f"<footer><p>{escape(site.name)} · {_a('/about.html', 'About')} · {_a('/contact.html', 'Contact')}"
                "</p></footer></body></html>\n")

    # -- truth ------------------------------------------------------------------------------------
    def opportunities(self) -> list[dict[str, Any]]:
        """The planted opportunities of the brand against the competitors (K = 2), as rows
        ``kind, domain, url``: intersect (url None), broken (url: the dead page), mention (the
        page naming the brand), reclaim (the page that dropped its link, at epoch 2; or the
        brand's dead page), dead_outlink (an on-topic page linking to another site's dead page)."""
        rows: list[dict[str, Any]] = []
        for n, role in ROLES.items():
            blog = self.blogs[n]
            domain = domain_of(blog.host)
            if len(role.competitors) >= 2 and not role.brand:
                rows.append({"kind": "intersect", "domain": domain, "url": None})
            for c in role.dead:
                if c >= 0:
                    rows.append({"kind": "broken", "domain": domain, "url": f"http://{COMPETITORS[c][0]}{DEAD[c][0]}"})
                else:
                    rows.append({"kind": "reclaim", "domain": domain, "url": f"http://{BRAND[0]}{BRAND_DEAD}"})
            if role.mention and not role.brand:
                rows.append({"kind": "mention", "domain": domain, "url": f"{blog.root}/posts/3.html"})
            if self.epoch == 2 and role.epoch2 == "drop_brand_link":
                rows.append({"kind": "reclaim", "domain": domain, "url": f"{blog.root}/posts/1.html"})
            if n in OTHER_DEAD_LINKS and (role.competitors or self.links_brand(n)):
                rows.append({"kind": "dead_outlink", "domain": domain, "url": f"{blog.root}/posts/2.html"})
        return rows

    def links_brand(self, n: int) -> bool:
        """Does blog n link to the brand's domain at this epoch (its home, or its dead page)?"""
        role = ROLES[n]
        return -1 in role.dead or (role.brand and not (self.epoch == 2 and role.epoch2))

    def local(self, tld: str, calling_code: str) -> list[str]:
        """The blogs of a region (their TLD, or a phone number with its calling code) that do
        not link to the brand: the local prospects of a brand placed there."""
        out = []
        for n, blog in enumerate(self.blogs):
            phones = [c["contact"] for c in blog.contacts.truth if c["type"] == "phone"]
            in_region = blog.host.rsplit(".", 1)[1] == tld or any(p.startswith("+" + calling_code) for p in phones)
            if in_region and not self.links_brand(n):
                out.append(domain_of(blog.host))
        return out

    def truth(self) -> dict[str, Any]:
        return {"seeds": self.seeds, "epoch": self.epoch,
                "brand": {"domain": domain_of(BRAND[0]), "name": BRAND[1], "aliases": list(ALIASES)},
                "competitors": [domain_of(h) for h, _ in COMPETITORS],
                "opportunities": self.opportunities(),
                "local": {"de": self.local("de", "49"), "uk": self.local("uk", "44")},
                "contacts": {domain_of(b.host): b.contacts.truth for b in self.blogs}}

    def write_truth(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.truth(), indent=1))
