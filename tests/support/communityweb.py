"""A second planted-spam web for the audit, shaped like the web issue 15 describes and built
independently of crawler/localweb (its generator, spam, prose and vocabularies).

One outdoor-gear shop is the audited site. Its best links come from a dense topical community
of strong sites: a national parks service and a state agency on .gov, universities on .edu,
national newspapers, large trail associations and outdoor magazines, with bloggers and small
clubs around them. They link to one another dofollow in their articles and blogrolls (most to
most), cite the shop in editorial text, and have 10-40 pages each; a few small clubs are thin
(four pages, no description, digits in the name). Outside the community: a forum (ugc links),
a local business directory, a supplier. Around them, spam of every kind the README's signal
table names, in its own proportions:

- ``pbn``: 6-10 blogs sharing an analytics and an AdSense id, blogrolls to each other, spun
  posts, money anchors to the shop, a link or two to authority sites to look natural;
- ``farm``: directory sites whose category pages list 100-150 domains;
- ``sitewide``: unrelated small sites (recipes, gadgets, weddings) with a bought dofollow
  footer link to the shop on every page;
- ``niche``: casino, pharmacy, payday-loan and replica-watch pages linking the shop;
- ``campaign``: guest-post blogs, each with one post linking the shop with an exact keyword;
- ``spike``: thin new domains that exist only at epoch 2 (unknown hosts at epoch 1);
- ``spun``: one article, copied with a word changed, on several article sites;
- ``noindex``: coupon pages that ask not to be indexed, linking the shop;
- ``redirect``: deal sites whose links reach the shop through two redirects of their own.

``CommunityWeb(seed, epoch)`` is served by the project's local web server
(``python -m crawler.localweb --web tests.support.communityweb:CommunityWeb --web-arg seed=1
--web-arg epoch=2``); ``truth()`` gives every domain with its role (``target``,
``strong_clean``, ``clean``, ``spam:<kind>``), the seeds, the campaign keywords and every link to
the shop. *Strong* is a matter of construction: the .gov and .edu sites, the national news
sites, the large associations and the national magazines; it never comes from a score.
Everything is http (the server is http only); a bare domain redirects to its www. host.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.localweb.model import Reply

STRONG_TYPES = ("parks", "agency", "university", "news", "association", "magazine")

# -- words ------------------------------------------------------------------------------------------
_PLACES = ("Cedar Ridge", "Granite Pass", "Bear Hollow", "Lost Lake", "Eagle Bluff", "Pine Creek",
           "Copper Canyon", "Whitewater Falls", "Raven Peak", "Juniper Mesa", "Aspen Basin",
           "Hawk Mountain", "Misty Gorge", "Blue Spruce Meadow", "Silver Fork", "Lone Elk Divide",
           "Marmot Saddle", "Tamarack Lakes", "Coyote Wash", "Hemlock Falls")
_GEAR = ("two-person tent", "down sleeping bag", "trekking poles", "hiking boots", "daypack",
         "rain shell", "water filter", "headlamp", "canister stove", "trail runners", "fleece jacket",
         "bear canister", "sleeping pad", "gaiters", "compass", "merino base layer", "trowel",
         "first aid kit", "map case", "insulated bottle")
_ADJS = ("steep", "rocky", "shaded", "exposed", "muddy", "well-marked", "remote", "busy", "quiet",
         "windy", "scenic", "narrow", "washed-out", "overgrown", "icy")
_PEOPLE = ("hikers", "volunteers", "rangers", "families", "trail crews", "backpackers", "students",
           "researchers", "members", "visitors", "scout troops", "birders")
_HEADINGS = ("trail report", "what to know", "a guide", "season notes", "field study", "gear test",
             "trip report")
_MONTHS = ("March", "April", "May", "June", "July", "August", "September", "October")
_SENTENCES = (
    "The {place} trail was {adj} this week, and {people} reported fallen trees near the second bridge.",
    "{People} who plan an overnight trip to {place} should carry a {gear} and check the weather twice.",
    "Our survey counted {n} {people} on the {place} loop during a single weekend in {month}.",
    "A good {gear} matters less than knowing when to turn around on an {adj} ridge.",
    "Trail crews rebuilt {n} stone steps on the climb to {place} before the {month} rains.",
    "We tested a {gear} for {n} miles between {place} and {place2}, through {adj} switchbacks.",
    "Permits for {place} open on the first of {month}; camping is allowed only at marked sites.",
    "Erosion on the {place} spur has doubled since {year}, according to the field notes.",
    "The club meets at the {place} trailhead at seven; bring water, a {gear} and a snack.",
    "{People} asked how to pack a {gear} without going over the weight limit for a long day.",
    "Snow lingers above {place} well into {month}, so microspikes are worth the extra ounces.",
    "Leave no trace: pack out food scraps, stay on the {adj} tread and camp two hundred feet from water.",
    "The new footbridge at {place} replaces one that washed away in {year}.",
    "A ranger at {place} told us that {people} underestimate the descent more than the climb.",
    "Reader question: is a {gear} worth it for a first trip to {place}? Our answer is yes, with caveats.",
    "The study followed {n} {people} to understand why the {place} route sees so many rescues.",
    "Water sources near {place} run low by {month}; filter everything, even the clear creeks.",
    "Parking at {place} fills by eight on weekends; the shuttle runs every twenty minutes.",
    "Volunteers logged {n} hours clearing brush on the {adj} section below {place}.",
    "The view from {place} over {place2} is the reward for a {adj} final mile.",
)


def _sentence(rng: random.Random) -> str:
    place, place2 = rng.sample(_PLACES, 2)
    people = rng.choice(_PEOPLE)
    return rng.choice(_SENTENCES).format(
        place=place, place2=place2, adj=rng.choice(_ADJS), gear=rng.choice(_GEAR), people=people,
        People=people.capitalize(), n=rng.randint(3, 400), month=rng.choice(_MONTHS),
        year=rng.randint(2009, 2023))


def _prose(rng: random.Random, sentences: int) -> list[str]:
    """Paragraphs of three to six sentences, `sentences` in all."""
    out: list[str] = []
    while sentences > 0:
        k = min(sentences, rng.randint(3, 6))
        out.append(" ".join(_sentence(rng) for _ in range(k)))
        sentences -= k
    return out


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


# Spun content: each {a|b|c} is one choice.
_SPIN = ("{Choosing|Picking|Selecting} the {right|best|perfect} {hiking gear|outdoor equipment|trail kit} "
         "is {important|essential|crucial} for {every|any|each} {hiker|outdoor lover|adventurer}. "
         "{Many|Lots of|Plenty of} {people|folks|beginners} {forget|overlook|ignore} how {much|greatly} "
         "{good|quality|proper} {boots|footwear|shoes} {matter|count|help} on {long|lengthy|extended} "
         "{trails|hikes|walks}. {Here|Below|In this post} we {share|list|give} {tips|advice|ideas} to "
         "{help you|assist you|guide you} {buy|purchase|get} {affordable|cheap|budget} {gear|equipment} "
         "{online|on the web|from home}. {Always|Never forget to} {compare|check} {prices|deals|offers} "
         "{before|prior to} {buying|ordering|shopping}.")


def _spin(rng: random.Random, text: str = _SPIN) -> str:
    out, i = [], 0
    while (start := text.find("{", i)) >= 0:
        end = text.index("}", start)
        out.append(text[i:start])
        out.append(rng.choice(text[start + 1:end].split("|")))
        i = end + 1
    return "".join(out) + text[i:]


_NICHE_TEXT = {
    "casino": ("Online Casino Bonus: Free Spins and Jackpot Slots",
               "Claim your casino welcome bonus with 200 free spins. Play slots, poker, roulette and "
               "blackjack at the best online casino, with instant jackpot payouts and betting odds."),
    "pharma": ("Discount Online Pharmacy: Generic Pills Without Prescription",
               "Buy generic viagra, cialis and other pills at our online pharmacy. No prescription "
               "needed, discreet shipping, cheap meds and pharmacy coupons every week."),
    "loans": ("Fast Payday Loans: Cash Advance Approved Today",
              "Need cash now? Get a payday loan or cash advance with no credit check. Instant loan "
              "approval, bad credit welcome, money in your account in one hour."),
    "replica": ("Replica Watches Outlet: Luxury Rolex Replicas",
                "The best replica watches and replica handbags: Rolex, Omega and designer replicas "
                "at outlet prices. Swiss-grade fake watches, free shipping worldwide."),
    "betting": ("Sports Betting Tips: Best Odds and Bookmaker Bonus",
                "Get the best betting odds and a bookmaker bonus. Bet on football, poker tournaments "
                "and casino games with our betting tips and free bets."),
}


# -- the model --------------------------------------------------------------------------------------
@dataclass
class Link:
    url: str
    anchor: str
    placement: str = "content"  # content, list (a list in the content), aside, footer, nav
    rel: str = ""
    epochs: tuple[int, ...] = (1, 2)


@dataclass
class Page:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    noindex: bool = False
    redirect: str | None = None  # a 301 to this URL


@dataclass
class Site:
    domain: str
    name: str
    role: str  # target, strong_clean, clean, spam:<kind>
    kind: str  # the site's type: parks, news, blog, pbn...
    www: bool = True
    description: str = ""
    contacts: list[str] = field(default_factory=list)
    tracking: tuple[str, ...] = ()
    epochs: tuple[int, ...] = (1, 2)
    pages: dict[str, Page] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return f"www.{self.domain}" if self.www else self.domain

    @property
    def root(self) -> str:
        return f"http://{self.host}/"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


# names drawn per seed
_SHOP_FIRST = ("Switchback", "Timberline", "Ridgeline", "Cairn", "Talus", "Bluebird", "Kestrel", "Scree")
_SHOP_LAST = ("Supply", "Outfitters", "Trail Co", "Mountain Goods", "Gear")
_STATES = ("colorado", "montana", "oregon", "vermont", "idaho", "utah", "maine", "wyoming")
_NEWS = ("The National Ledger", "Morning Courier", "The Daily Record", "Evening Standard Post",
         "The Continental Times", "National Observer")
_ASSOC = ("Continental Divide Trail Alliance", "Pacific Crest Hikers Association",
          "Long Trail Conservancy", "American Hiking Federation", "Backcountry Trails Coalition")
_MAGS = ("Backcountry Monthly", "Trail and Summit Magazine", "Alpine Journal Review", "Wild Paths Magazine")
_BLOGGERS = ("Nora Treks", "Miles with Mateo", "The Lightweight Wanderer", "Two Boots Abroad",
             "Priya Outdoors", "Camp Kitchen Diaries", "Ridge Runner Jen")
_CLUBS = ("trail99club.org", "ridge4hikers.org", "peaks2peaks.org", "hike365club.org")
_OUTSIDE_REFS = ("wikipedia.org", "openstreetmap.org", "weather.gov", "usgs.gov", "noaa.gov",
                 "recreation.gov", "lnt.org", "avalanche.org", "nationalmap.gov", "inaturalist.org",
                 "allaboutbirds.org", "fs.usda.gov")
_SPAM_WORDS = ("trail", "hike", "camp", "gear", "outdoor", "peak", "summit", "trek", "pack", "nature")
_SPAM_TLDS = ("xyz", "top", "info", "online", "site", "click", "biz", "icu", "loan", "shop")


class CommunityWeb:
    """The web, its pages as data, its replies and its truth (see the module docstring)."""

    def __init__(self, seed: int = 1, epoch: int = 1) -> None:
        if epoch not in (1, 2):
            raise ValueError(f"epoch must be 1 or 2, not {epoch}")
        self.seed, self.epoch = seed, epoch
        rng = random.Random(f"communityweb:{seed}")
        self.sites: list[Site] = []
        #: how each instance's community differs: the chance that a member links to another,
        #: that a linked member links back, that a member cites sources outside the crawl, and
        #: that a member declares a meta description (many real sites declare none)
        self.density = rng.uniform(0.7, 0.95)
        self.reciprocity = rng.uniform(0.5, 0.9)
        self.citing = rng.uniform(0.0, 0.6)
        self.described = rng.uniform(0.4, 0.9)
        self.shop = self._shop(rng)
        self.keywords = ["ultralight backpacking tents", "cheap hiking boots", "best trekking poles"]
        self.community = self._community(rng)
        self.outside = self._outside(rng)
        self._link_community(rng)
        self._spam(rng)
        self.by_host = {s.host: s for s in self.sites}
        self.bare = {s.domain: s for s in self.sites if s.www}
        self.seeds = [s.root for s in self.sites]

    # -- building ---------------------------------------------------------------------------------
    def _add(self, site: Site) -> Site:
        taken = {s.domain for s in self.sites}
        if site.domain in taken:
            raise ValueError(f"two sites named {site.domain}")
        self.sites.append(site)
        return site

    def _shop(self, rng: random.Random) -> Site:
        name = f"{rng.choice(_SHOP_FIRST)} {rng.choice(_SHOP_LAST)}"
        shop = self._add(Site(_slug(name).replace("-", "") + ".com", name, "target", "shop",
                              description=f"{name}: tents, packs, boots and trail gear, tested by hikers.",
                              contacts=[f"hello@{_slug(name).replace('-', '')}.com", "+1-303-555-0142"]))
        shop.pages["/"] = Page(name, _prose(rng, 6))
        for cat in ("tents", "backpacks", "footwear", "navigation"):
            shop.pages[f"/collections/{cat}"] = Page(f"{cat.title()} | {name}", _prose(rng, 4))
        self.products = [f"/products/{_slug(g)}" for g in rng.sample(_GEAR, 12)]
        for path in self.products:
            shop.pages[path] = Page(f"{path.rsplit('/', 1)[1].replace('-', ' ').title()} | {name}", _prose(rng, 5))
        for i in range(4):
            shop.pages[f"/journal/{_slug(rng.choice(_PLACES))}-{i}"] = Page(f"Trip notes {i} | {name}", _prose(rng, 8))
        shop.pages["/pages/about-us"] = Page(
            f"About {name}", _prose(rng, 5) + ["Visit our store: 1420 Larimer Street, Denver, CO 80202. "
                                               "Open daily 9-7. Call +1-303-555-0142."])
        for path, page in shop.pages.items():
            page.links += [Link(shop.url(p), p.strip("/").split("/")[-1].replace("-", " ") or "Home", "nav")
                           for p in list(shop.pages)[:6] if p != path]
        home = shop.pages["/"]
        home.links += [Link(shop.url(p), p.rsplit("/", 1)[1].replace("-", " "), "list") for p in shop.pages if p != "/"]
        return shop

    def _member(self, rng: random.Random, kind: str, domain: str, name: str, pages: int, *,
                strong: bool, www: bool = True, thin: bool = False) -> Site:
        site = self._add(Site(domain, name, "strong_clean" if strong else "clean", kind, www=www))
        if not thin and rng.random() < self.described:
            site.description = f"{name}: {rng.choice(('news', 'guides', 'field notes', 'reports'))} " \
                               f"on trails, parks and the outdoors."
        if not thin:
            site.contacts = [f"{rng.choice(('info', 'editor', 'contact', 'office'))}@{domain}",
                             f"+1-{rng.randint(201, 989)}-555-0{rng.randint(100, 199)}"]
        paths = [self._path(rng, kind, i) for i in range(pages - 1)]
        site.pages["/"] = Page(name, _prose(rng, 3 if thin else 8))
        for path in paths:
            title = f"{rng.choice(_PLACES)}: {rng.choice(_HEADINGS)}"
            site.pages[path] = Page(f"{title} - {name}", _prose(rng, rng.randint(3, 5) if thin else rng.randint(6, 16)))
        nav = paths[:5]
        for path, page in site.pages.items():
            page.links += [Link(site.url(p), site.pages[p].title.split(" - ")[0], "nav") for p in nav if p != path]
        site.pages["/"].links += [Link(site.url(p), site.pages[p].title.split(" - ")[0], "list") for p in paths[5:]]
        return site

    @staticmethod
    def _path(rng: random.Random, kind: str, i: int) -> str:
        slug = f"{_slug(rng.choice(_PLACES))}-{i}"
        return {
            "parks": f"/parks/{slug}/", "agency": f"/recreation/trails/{slug}.aspx",
            "university": f"/news/{rng.randint(2019, 2024)}/{slug}.html",
            "news": f"/{rng.randint(2021, 2024)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{slug}/",
            "association": f"/trails/{slug}", "magazine": f"/gear/reviews/{slug}/",
            "blog": f"/?p={1000 + 37 * i}", "club": f"/{slug}.html",
        }.get(kind, f"/{slug}/")

    def _community(self, rng: random.Random) -> list[Site]:
        state = rng.choice(_STATES)
        members = [self._member(rng, "parks", "nationalparkservice.gov", "National Park Service",
                                rng.randint(25, 40), strong=True),
                   self._member(rng, "agency", f"{state}parks.gov", f"{state.title()} State Parks and Wildlife",
                                rng.randint(15, 30), strong=True)]
        universities = ((f"{state}state.edu", f"{state.title()} State University"),
                        (f"u{state}.edu", f"University of {state.title()}"),
                        ("westernmountain.edu", "Western Mountain College"))
        for uni, name in rng.sample(universities, rng.randint(1, 2)):
            members.append(self._member(rng, "university", uni, name, rng.randint(12, 30), strong=True))
        for news in rng.sample(_NEWS, rng.randint(2, 3)):
            members.append(self._member(rng, "news", _slug(news).replace("the-", "").replace("-", "") + ".com",
                                        news, rng.randint(20, 40), strong=True))
        for assoc in rng.sample(_ASSOC, rng.randint(2, 3)):
            members.append(self._member(rng, "association", "".join(w[0] for w in assoc.split()).lower()
                                        + "trails.org", assoc, rng.randint(15, 35), strong=True))
        for mag in rng.sample(_MAGS, 2):
            members.append(self._member(rng, "magazine", _slug(mag).replace("-and-", "").replace("-", "") + ".com",
                                        mag, rng.randint(15, 30), strong=True))
        for blogger in rng.sample(_BLOGGERS, rng.randint(3, 5)):
            domain = _slug(blogger).replace("-", "") + rng.choice((".com", ".blog", ".net"))
            members.append(self._member(rng, "blog", domain, blogger, rng.randint(10, 25), strong=False, www=False))
        for club in rng.sample(_CLUBS, rng.randint(2, 3)):
            members.append(self._member(rng, "club", club, club.split(".")[0].title(), 4, strong=False,
                                        www=False, thin=True))
        return members

    def _outside(self, rng: random.Random) -> list[Site]:
        forum = self._member(rng, "forum", "trailtalkforum.net", "TrailTalk Forum", rng.randint(12, 20),
                             strong=False)
        town = rng.choice(("boulder", "fortcollins", "golden"))
        directory = self._member(rng, "directory", f"{town}localbusiness.com",
                                 "Local Business Guide", 6, strong=False)
        supplier = self._member(rng, "supplier", "alpinetextilemills.com", "Alpine Textile Mills", 8, strong=False)
        for p in rng.sample(list(directory.pages), 3):
            for k in range(rng.randint(12, 18)):
                street = rng.choice(("main", "oak", "elm", "river", "hill"))
                trade = rng.choice(("bakery", "dental", "auto", "books", "salon", "hardware"))
                biz = f"{street}street{trade}{k}.com"
                directory.pages[p].links.append(Link(f"http://www.{biz}/", biz.split(".")[0]))
        directory.pages["/"].links.append(Link(self.shop.root, self.shop.name))
        supplier.pages[rng.choice(list(supplier.pages))].links.append(
            Link(self.shop.root, f"{self.shop.name} (retailer)"))
        for page in rng.sample([p for p in forum.pages.values()], 5):
            page.links.append(Link(self.shop.url(rng.choice(self.products)), rng.choice(("this one", "link", "theirs")),
                                   rel="ugc nofollow"))
        for page in forum.pages.values():  # members post links to the community (ugc)
            for dst in rng.sample(self.community, 2):
                page.links.append(Link(dst.root, dst.name, rel="ugc"))
        for site in (directory, supplier):
            for dst in rng.sample(self.community, 3):
                site.pages[rng.choice(list(site.pages))].links.append(Link(dst.root, dst.name))
        return [forum, directory, supplier]

    def _link_community(self, rng: random.Random) -> None:
        """Most members link to most others (articles and blogrolls, a link often returned), some
        cite sources outside the crawl, and all cite the shop in editorial text."""
        edges = {(a, b) for a in range(len(self.community)) for b in range(len(self.community))
                 if a != b and rng.random() < self.density}
        edges |= {(b, a) for a, b in sorted(edges) if rng.random() < self.reciprocity}
        for i, site in enumerate(self.community):
            articles = [p for p in site.pages.values() if p is not site.pages["/"]] or [site.pages["/"]]
            linked = [self.community[b] for a, b in sorted(edges) if a == i]
            if site.kind in ("blog", "club", "association", "magazine"):  # a blogroll on the home page
                site.pages["/"].links += [Link(o.root, o.name, "aside") for o in linked]
            for other in linked:
                for _ in range(rng.randint(0 if site.kind in ("blog", "club") else 1, 3)):
                    path = rng.choice(list(other.pages))
                    anchor = other.name if path == "/" else other.pages[path].title.split(" - ")[0]
                    rng.choice(articles).links.append(Link(other.url(path), anchor))
            if rng.random() < self.citing:
                for page in rng.sample(articles, min(len(articles), rng.randint(1, 3))):
                    ref = rng.choice(_OUTSIDE_REFS)
                    page.links.append(Link(f"https://www.{ref}/", ref.split(".")[0].title()))
            if rng.random() < 0.3:
                rng.choice(articles).links.append(Link(self.outside[0].root, "the TrailTalk forum"))
            # the shop, in the text
            nofollow = site.kind == "news" and rng.random() < 0.5
            for n in range(1 if site.kind == "club" else rng.randint(1, 3)):
                product = rng.choice(self.products)
                url, anchor = rng.choice((
                    (self.shop.root, self.shop.name), (self.shop.root, self.shop.domain),
                    (self.shop.url(product), product.rsplit("/", 1)[1].replace("-", " ")),
                    (self.shop.url(product), f"the {product.rsplit('/', 1)[1].replace('-', ' ')} we tested"),
                    (self.shop.url("/pages/about-us"), "a local outfitter")))
                lost = n == 1 and rng.random() < 0.2  # a link gone by the second crawl
                rng.choice(articles).links.append(Link(url, anchor, rel="nofollow" if nofollow else "",
                                                       epochs=(1,) if lost else (1, 2)))
        # the shop's "as featured in" page links back to a few
        about = self.shop.pages["/pages/about-us"]
        about.links += [Link(s.root, s.name) for s in rng.sample(self.community, 4)]

    # -- spam ---------------------------------------------------------------------------------------
    def _spam_site(self, rng: random.Random, kind: str, domain: str, name: str, pages: int,
                   **kw: Any) -> Site:
        site = self._add(Site(domain, name, f"spam:{kind}", kind, www=rng.random() < 0.5, **kw))
        site.pages["/"] = Page(name, [_spin(rng)])
        for i in range(1, pages):
            path = f"/{_slug(name.split()[0])}-post-{i}.html" if i % 2 else f"/p/{i}"
            site.pages[path] = Page(f"{name} post {i}", [_spin(rng)])
        for path in site.pages:
            if path != "/":
                site.pages["/"].links.append(Link(site.url(path), f"post {path}", "list"))
                site.pages[path].links.append(Link(site.root, "home", "nav"))
        return site

    def _spam_domain(self, rng: random.Random, *, hyphens: int = 1, digits: bool = False,
                     tld: str | None = None, prefix: str = "", suffix: str = "") -> str:
        taken = {s.domain for s in self.sites}
        while True:
            words = rng.sample(_SPAM_WORDS, hyphens + 1) + ([rng.choice(("deals", "tips", "guide", "best"))]
                                                             if rng.random() < 0.5 else [])
            name = "-".join(words) + (str(rng.randint(10, 999)) if digits else "")
            domain = f"{prefix}{name}{suffix}.{tld or rng.choice(_SPAM_TLDS)}"
            if domain not in taken:
                return domain

    def _money(self, rng: random.Random) -> str:
        return rng.choice(self.keywords + ["buy hiking gear online", "discount camping gear",
                                           "cheap outdoor equipment"])

    def _spam(self, rng: random.Random) -> None:
        shop = self.shop
        authority = [s for s in self.community if s.role == "strong_clean"]
        # a private blog network: one owner's ids on every blog
        ids = (f"UA-{rng.randint(10_000_000, 99_999_999)}-1", f"ca-pub-{rng.randint(10**15, 10**16 - 1)}")
        pbn = [self._spam_site(rng, "pbn", self._spam_domain(rng, hyphens=rng.randint(0, 2)),
                               f"{rng.choice(_SPAM_WORDS).title()} {rng.choice(('Tips', 'Journal', 'Blog', 'Guide'))}",
                               rng.randint(3, 6), tracking=ids) for _ in range(rng.randint(6, 10))]
        for site in pbn:
            others = [o for o in pbn if o is not site]
            site.pages["/"].links += [Link(o.root, o.name, "aside") for o in rng.sample(others, min(5, len(others)))]
            for path, page in site.pages.items():
                if path != "/":
                    page.links.append(Link(rng.choice(others).root, rng.choice(("read more", "great tips"))))
            posts = [p for q, p in site.pages.items() if q != "/"]
            for page in rng.sample(posts, min(2, len(posts))):
                page.links.append(Link(shop.root if rng.random() < 0.5 else shop.url(rng.choice(self.products)),
                                       self._money(rng)))
            rng.choice(posts).links.append(Link(rng.choice(authority).root, "source"))
        # link farms: category pages of 100-150 domains
        for _ in range(rng.randint(3, 4)):
            farm = self._spam_site(rng, "farm", self._spam_domain(rng, hyphens=rng.randint(1, 2),
                                                                 digits=rng.random() < 0.5),
                                   f"{rng.choice(('Top', 'Best', 'Mega', 'Free'))} Web Directory", 1)
            for c, cat in enumerate(rng.sample(("outdoors", "shopping", "travel", "sports", "business"), 3)):
                page = farm.pages[f"/category/{cat}"] = Page(f"{cat.title()} links - submit your site", [])
                for k in range(rng.randint(100, 150)):
                    biz = f"{rng.choice(_SPAM_WORDS)}{rng.choice(('store', 'hub', 'zone', 'mart', 'world'))}{k}{c}"
                    page.links.append(Link(f"http://{biz}.com/", biz, "list"))
                at = rng.randrange(100)
                page.links.insert(at, Link(shop.root, rng.choice((shop.name, self._money(rng))), "list"))
                for s in rng.sample(authority, 3):
                    page.links.insert(rng.randrange(100), Link(s.root, s.name, "list"))
                farm.pages["/"].links.append(Link(farm.url(f"/category/{cat}"), cat))
        # sitewide footer links, bought on every page of unrelated small sites
        for theme in rng.sample(("Weeknight Recipes", "Gadget Bench", "Bridal Moments", "Pet Care Corner"),
                                rng.randint(3, 4)):
            site = self._add(Site(_slug(theme).replace("-", "") + rng.choice(("hq.com", "online.net", "daily.com")),
                                  theme, "spam:sitewide", "sitewide", description=f"{theme}: tips and ideas.",
                                  contacts=[f"admin@{_slug(theme).replace('-', '')}.com"]))
            for i in range(rng.randint(6, 10)):
                site.pages["/" if i == 0 else f"/{_slug(theme)}-{i}/"] = Page(
                    f"{theme} {i}: ideas for this week",
                    [f"{theme} notes, number {i}: " + _spin(rng).split(". ")[0] + "."])
            anchor = self._money(rng)
            for path, page in site.pages.items():
                page.links += [Link(site.url(p), f"part {p}", "nav") for p in site.pages if p != path][:4]
                page.links.append(Link(shop.root, anchor, "footer"))
        # spam niches
        for niche in rng.sample(sorted(_NICHE_TEXT), rng.randint(4, 5)):
            title, text = _NICHE_TEXT[niche]
            domain = self._spam_domain(rng, hyphens=rng.randint(0, 2), tld="xyz" if niche == "casino" else None,
                                       prefix=f"{niche}-")
            site = self._add(Site(domain, title.split(":")[0], "spam:niche", niche))
            site.pages["/"] = Page(title, [text, text.split(". ")[-1]])
            anchor = rng.choice(("hiking gear", "outdoor gear", self._money(rng)))
            site.pages["/partners.html"] = Page(f"{title.split(':')[0]} partners", [text], [Link(shop.root, anchor)])
            site.pages["/"].links.append(Link(site.url("/partners.html"), "partners"))
        # an exact-match anchor campaign on guest-post blogs
        for theme in rng.sample(("Lifestyle Lab", "Home and Living Today", "The Wellness Post", "Modern Dad Blog",
                                 "Urban Hustle", "Weekend Notes"), rng.randint(4, 6)):
            site = self._add(Site(_slug(theme).replace("-", "") + rng.choice((".com", ".net", ".co")), theme,
                                  "spam:campaign", "campaign", description=f"{theme}. Write for us!",
                                  contacts=[f"guestposts@{_slug(theme).replace('-', '')}.com"]))
            for i in range(rng.randint(4, 7)):
                site.pages["/" if i == 0 else f"/guest-post/{i}"] = Page(f"{theme}: guest post {i}", _prose(rng, 3))
            rng.choice([p for q, p in site.pages.items() if q != "/"]).links.append(
                Link(shop.root, rng.choice(self.keywords[:2])))
            site.pages["/"].links += [Link(site.url(p), f"guest post {p[-1]}") for p in site.pages if p != "/"]
        # a spike: thin new domains that exist from epoch 2 only
        for _ in range(rng.randint(6, 8)):
            site = self._add(Site(self._spam_domain(rng, hyphens=rng.randint(0, 1), digits=True), "Deals",
                                  "spam:spike", "spike", epochs=(2,)))
            site.pages["/"] = Page("Deals", [f"Top offers on {self._money(rng)}."],
                                   [Link(shop.root, self._money(rng))])
        # one article spun onto several article sites (a word changed each time)
        article = " ".join([_spin(rng)] + _prose(rng, 24) + [_spin(rng)])  # a long article, copied
        for k in range(rng.randint(4, 5)):
            site = self._add(Site(rng.choice(("ezine", "article", "post", "content", "story")) + f"base{k}"
                                  + rng.choice((".net", ".com", ".info")), "Article Base", "spam:spun", "spun"))
            words = article.split()
            words[rng.randrange(len(words))] = rng.choice(("really", "truly", "simply"))
            site.pages["/"] = Page("Article Base: free articles", ["Free articles for your website."])
            site.pages["/articles/hiking-gear-tips.html"] = Page(
                "Hiking gear tips for beginners", [" ".join(words)],
                [Link(shop.url(rng.choice(self.products)), rng.choice(("hiking gear", "trail gear shop")))])
            site.pages["/"].links.append(Link(site.url("/articles/hiking-gear-tips.html"), "hiking gear tips"))
        # coupon pages hidden from search engines
        for _ in range(rng.randint(2, 3)):
            site = self._add(Site(self._spam_domain(rng, hyphens=1, tld="biz", suffix="coupons"),
                                  "Coupon Codes", "spam:noindex", "noindex"))
            site.pages["/"] = Page("Coupon codes", ["Coupon codes updated daily."])
            site.pages["/store/outdoor"] = Page(f"{shop.name} coupon codes", [f"Save 70% with {shop.name} coupons."],
                                                [Link(shop.root, f"{shop.name} coupon")], noindex=True)
            site.pages["/"].links.append(Link(site.url("/store/outdoor"), "outdoor coupons"))
        # deal sites whose links go through two redirects of their own
        for _ in range(rng.randint(2, 3)):
            site = self._add(Site(self._spam_domain(rng, hyphens=2, digits=rng.random() < 0.5), "Deal Alerts",
                                  "spam:redirect", "redirect"))
            site.pages["/"] = Page("Deal alerts: outdoor", [f"Today's deal: {self._money(rng)}."],
                                   [Link(site.url("/go/outdoor"), self._money(rng))])
            site.pages["/go/outdoor"] = Page("", redirect=site.url("/out?id=7731"))
            site.pages["/out?id=7731"] = Page("", redirect=shop.root)

    # -- truth ---------------------------------------------------------------------------------------
    def shop_links(self) -> list[dict[str, Any]]:
        """Every planted link to the shop from another domain, with the epochs it is live in
        (a redirect to the shop counts as the link of its first hop's page)."""
        out = []
        for site in self.sites:
            if site is self.shop:
                continue
            for path, page in site.pages.items():
                for link in page.links:
                    if urlsplit(link.url).hostname == self.shop.host:
                        out.append({"src_domain": site.domain, "src_url": site.url(path), "dst_url": link.url,
                                    "anchor": link.anchor, "rel": link.rel,
                                    "placement": "content" if link.placement == "list" else link.placement,
                                    "noindex": page.noindex,
                                    "epochs": sorted(set(link.epochs) & set(site.epochs))})
                if page.redirect == self.shop.root:
                    out.append({"src_domain": site.domain, "src_url": site.url(path), "dst_url": page.redirect,
                                "anchor": "", "rel": "", "placement": "redirect", "noindex": False,
                                "epochs": list(site.epochs)})
        return out

    def truth(self) -> dict[str, Any]:
        linking = {row["src_domain"] for row in self.shop_links() if self.epoch in row["epochs"]}
        return {"seed": self.seed, "epoch": self.epoch, "seeds": self.seeds, "shop": self.shop.domain,
                "keywords": self.keywords,
                "domains": {s.domain: {"role": s.role, "kind": s.kind, "name": s.name, "host": s.host,
                                       "pages": len(s.pages), "epochs": list(s.epochs),
                                       "links_to_shop": s.domain in linking} for s in self.sites},
                "shop_links": self.shop_links()}

    def write_truth(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.truth(), indent=1))

    # -- serving -------------------------------------------------------------------------------------
    def respond(self, method: str, url: str, headers: dict[str, str]) -> Reply:
        parts = urlsplit(url)
        name = parts.hostname or ""
        site = self.by_host.get(name)
        bare = self.bare.get(name)
        live = site if site is not None and self.epoch in site.epochs else None
        if parts.scheme == "http" and bare is not None and self.epoch in bare.epochs:
            return Reply(301, [("Location", bare.url(parts.path or "/"))], b"")
        if parts.scheme != "http" or live is None:
            return Reply(502, [("Content-Type", "text/plain")], b"unknown host\n")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if path == "/robots.txt":
            return Reply(200, [("Content-Type", "text/plain")], b"User-agent: *\nDisallow: /wp-admin/\n")
        page = live.pages.get(path)
        if page is None:
            return Reply(404, [("Content-Type", "text/html; charset=utf-8")],
                         b"<!doctype html><title>Page not found</title><h1>Page not found</h1>")
        if page.redirect is not None:
            return Reply(301, [("Location", page.redirect), ("Content-Type", "text/html")], b"")
        return Reply(200, [("Content-Type", "text/html; charset=utf-8")], self.html(live, path).encode())

    def html(self, site: Site, path: str) -> str:
        """A page as HTML: nav links in the header, content links inside the paragraphs,
        blogroll links in an aside, footer links and contacts in the footer."""
        page = site.pages[path]
        rng = random.Random(f"{self.seed}:{site.host}:{path}")
        live = [k for k in page.links if self.epoch in k.epochs]
        by = {p: [k for k in live if k.placement == p] for p in ("nav", "content", "list", "aside", "footer")}
        head = [f"<meta charset=\"utf-8\"><title>{escape(page.title)}</title>"]
        if site.description:
            head.append(f'<meta name="description" content="{escape(site.description)}">')
        if page.noindex:
            head.append('<meta name="robots" content="noindex, follow">')
        for tid in site.tracking:
            if tid.startswith("UA-"):
                head.append(f"<script>window.dataLayer=window.dataLayer||[];gtag('config','{tid}');</script>")
            else:
                head.append(f'<script async data-ad-client="{tid}" '
                            'src="//pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>')
        paragraphs = [escape(p) for p in page.paragraphs] or [""]
        for link in by["content"]:  # each content link inside a paragraph, after a sentence
            i = rng.randrange(len(paragraphs))
            paragraphs[i] += f" See {_a(link)}."
        nav = " | ".join(_a(k) for k in by["nav"])
        aside = "".join(f"<li>{_a(k)}</li>" for k in by["aside"])
        listed = "".join(f"<li>{_a(k)}</li>" for k in by["list"])
        contacts = " ".join(f'<a href="mailto:{c}">{escape(c)}</a>' if "@" in c else
                            f'<a href="tel:{c}">{escape(c)}</a>' for c in site.contacts)
        footer = " ".join(_a(k) for k in by["footer"])
        return ("<!doctype html><html lang=\"en\"><head>" + "".join(head) + "</head><body>"
                f"<header><a href=\"/\">{escape(site.name)}</a><nav>{nav}</nav></header>"
                f"<main><article><h1>{escape(page.title)}</h1>"
                + "".join(f"<p>{p}</p>" for p in paragraphs)
                + (f"<section><h2>More</h2><ul>{listed}</ul></section>" if listed else "") + "</article>"
                + (f"<aside class=\"blogroll\"><h2>Friends of {escape(site.name)}</h2><ul>{aside}</ul></aside>"
                   if aside else "")
                + f"</main><footer><p>&copy; {escape(site.name)} {contacts}</p>"
                  + (f"<p>Partners: {footer}</p>" if footer else "") + "</footer></body></html>")


def _a(link: Link) -> str:
    rel = f' rel="{link.rel}"' if link.rel else ""
    return f'<a href="{escape(link.url)}"{rel}>{escape(link.anchor)}</a>'
