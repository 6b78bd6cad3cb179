"""Planted spam: the sites an audit must call toxic, and the truth of what they plant.

All spam points at one *target*: an ordinary site of the web (the first generated www host
that epoch 2's changes leave alone), which keeps its clean editorial links too. Its campaign
keywords (``keywords``) are money phrases built on one of its categories ("best travel
deals"...). The spam sites, each a registered domain of its own (``www.`` host), are:

* ``network`` (6): a private blog network. Every page carries the same Google Analytics and
  AdSense ids; posts share their (spun) text, link to two other members and to the target
  with a campaign anchor; home pages carry a blogroll of every other member.
* ``farm`` (3): link directories. Each directory page links out to about 120 domains (every
  ordinary site's home, the target, and made-up shops that are not served).
* ``sitewide`` (3): small ordinary-looking sites with a dofollow footer link to the target,
  campaign anchor, on every page.
* ``niche`` (3): casino, pharmacy and payday-loan pages (titles and text in that
  vocabulary) linking to the target with campaign anchors.
* ``spike`` (8): thin two-page sites linking to the target. Their robots.txt disallows
  everything at epoch 1 and nothing at epoch 2, so a crawl of each epoch sees a spike of new
  referring domains (the links themselves are the same in both epochs' truth).

Every spam link is dofollow. ``truth()`` gives one row per (spam domain, domain it links to,
kind): ``src_host, src_domain, target, kind, links, anchors, keywords, new_in_epoch``
(``keywords``: the campaign anchors among ``anchors``).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .catalogue import MIN_HOSTS
from .model import Link, Page
from .text import Filler, title

KINDS = ("network", "farm", "sitewide", "niche", "spike")
COUNTS = {"network": 6, "farm": 3, "sitewide": 3, "niche": 3, "spike": 8}
#: links on one directory page of a farm
FARM_LINKS = 120
CAMPAIGN = ("best {t} deals", "cheap {t} online", "{t} discount codes")

_NETWORK = (("garden", "ideas"), ("outdoor", "living"), ("home", "tips"), ("smart", "buyer"),
            ("daily", "finds"), ("top", "picks"), ("urban", "style"), ("family", "guide"))
_NETWORK_TLDS = ("net", "info", "org", "com", "xyz", "online")
_FARM = (("link", "directory"), ("free", "web-links"), ("seo", "link-exchange"),
         ("web", "index-pages"))
_SITEWIDE = (("handy", "home-repairs"), ("weekend", "diy-projects"), ("local", "craft-corner"),
             ("simple", "kitchen-notes"))
_SPIKE_WORDS = ("best", "top", "mega", "super", "hot", "vip", "fast", "easy", "win", "pro")
_SPIKE_NOUNS = ("reviews", "offers", "zone", "hub", "spot", "deals", "promo", "links")
_SPAM_TLDS = ("xyz", "top", "click", "site", "online", "biz", "info", "buzz")
_FAKE = ("acme", "global", "prime", "metro", "nova", "alpha", "delta", "summit", "vertex", "apex")
_FAKE_NOUNS = ("supplies", "traders", "outlet", "store", "market", "goods", "depot", "mart")

#: casino, pharmacy and loans: (domain words, title, sentences)
NICHES = (
    (("online", "casino-bonus"), "Online Casino Bonus: Free Spins and Jackpot Slots",
     ("Claim your casino bonus today and play jackpot slots with free spins.",
      "The best online casino offers poker, roulette and betting with instant payouts.",
      "Win big at the slots: no deposit casino bonus codes updated daily.")),
    (("cheap", "pills-pharmacy"), "Cheap Pills Online: Viagra and Cialis Without Prescription",
     ("Buy viagra and cialis online from our discount pharmacy, no prescription needed.",
      "Cheap pills shipped overnight: pharmacy prices you will not find elsewhere.",
      "Order generic meds and weight loss pills with free shipping.")),
    (("fast", "payday-loans"), "Fast Payday Loans: Instant Approval, Bad Credit OK",
     ("Get a payday loan in minutes: instant approval even with bad credit.",
      "Quick cash loans online, no credit check, money in your account today.",
      "Compare payday loans and title loans with the lowest fees.")),
)

if TYPE_CHECKING:
    from .site import SitePlan


@dataclass(frozen=True, slots=True)
class SpamSite:
    host: str
    domain: str
    kind: str
    name: str
    index: int  # its number among the sites of its kind
    paths: tuple[str, ...]


def domain_of(host: str) -> str:
    """The registered domain of a local-web host: every host is one label over its domain."""
    return host.split(".", 1)[1]


class SpamWeb:
    """The spam sites of a local web, built on demand like the ordinary ones."""

    def __init__(self, plans: list[SitePlan], seed: int, epoch: int, filler: Filler,
                 avoid_domains: set[str]) -> None:
        self.seed, self.epoch, self.filler = seed, epoch, filler
        self.plans = plans
        self.target = _pick_target(plans, avoid_domains)
        topic = self.target.categories[0][0]
        self.keywords = [k.format(t=topic) for k in CAMPAIGN]
        self.target_urls = [self.target.root + "/"] + [a.url for a in self.target.articles[:3]]
        rng = random.Random(f"{seed}:spam")
        self.sites: dict[str, SpamSite] = {}
        for kind in KINDS:
            for i in range(COUNTS[kind]):
                site = self._site(rng, kind, i)
                self.sites[site.host] = site
        self.network_ids = (f"UA-{rng.randint(10_000_000, 99_999_999)}-1",
                            f"ca-pub-{rng.randint(10 ** 15, 10 ** 16 - 1)}")
        self.spun = [filler.pick(random.Random(f"{seed}:spun:{i}"), 2) for i in range(4)]
        self.fakes = [f"http://www.{_FAKE[i % len(_FAKE)]}-{_FAKE_NOUNS[i // len(_FAKE) % len(_FAKE_NOUNS)]}"
                      f"-{i}.com/" for i in range(FARM_LINKS)]

    # -- the sites --------------------------------------------------------------------------
    def _site(self, rng: random.Random, kind: str, i: int) -> SpamSite:
        if kind == "network":
            a, b = _NETWORK[i % len(_NETWORK)]
            domain = f"{a}-{b}-blog.{_NETWORK_TLDS[i % len(_NETWORK_TLDS)]}"
            name, paths = f"{a.capitalize()} {b.capitalize()} Blog", 5
        elif kind == "farm":
            a, b = _FARM[i % len(_FARM)]
            domain = f"{a}-{b}-{rng.randint(1, 99)}.{_SPAM_TLDS[(i + 5) % len(_SPAM_TLDS)]}"
            name, paths = f"{a.capitalize()} {b.replace('-', ' ').title()}", 4
        elif kind == "sitewide":
            a, b = _SITEWIDE[i % len(_SITEWIDE)]
            domain = f"{a}-{b}.com"
            name, paths = f"{a.capitalize()} {b.replace('-', ' ').title()}", 6
        elif kind == "niche":
            (a, b), _, _ = NICHES[i % len(NICHES)]
            domain = f"{a}-{b}-{rng.randint(10, 999)}.{_SPAM_TLDS[i % len(_SPAM_TLDS)]}"
            name, paths = f"{a.capitalize()} {b.replace('-', ' ').title()}", 4
        else:
            a, b = _SPIKE_WORDS[i % len(_SPIKE_WORDS)], _SPIKE_NOUNS[(i * 3) % len(_SPIKE_NOUNS)]
            domain = f"{a}-{b}-{rng.randint(100, 9999)}.{_SPAM_TLDS[(i + 2) % len(_SPAM_TLDS)]}"
            name, paths = f"{a.capitalize()} {b.capitalize()}", 2
        host = f"www.{domain}"
        return SpamSite(host, domain, kind, name, i,
                        ("/",) + tuple(f"/post-{n}.html" for n in range(1, paths)))

    @property
    def seeds(self) -> list[str]:
        return [f"http://{host}/" for host in self.sites]

    def robots_kind(self, host: str) -> str:
        site = self.sites[host]
        return "none" if site.kind == "spike" and self.epoch == 1 else "allow"

    def of_kind(self, kind: str) -> list[SpamSite]:
        return [s for s in self.sites.values() if s.kind == kind]

    # -- pages ------------------------------------------------------------------------------
    def build(self, host: str, path: str) -> Page | None:
        site = self.sites.get(host)
        if site is None or path not in site.paths:
            return None
        rng = random.Random(f"{self.seed}:spam:{host}{path}")
        page = Page(f"http://{host}{path}", site_name=site.name)
        n = site.paths.index(path)
        page.links = [Link(f"http://{host}/", f"{site.name} logo", "header", "", "root", image=True),
                      Link(f"http://{host}/", "Home", "nav", "", "root")]
        page.links += [Link(f"http://{host}{p}", f"Post {k}", "nav", "", "root")
                       for k, p in enumerate(site.paths[1:], 1)]
        getattr(self, f"_{site.kind}")(rng, site, page, n)
        return page

    def _campaign(self, rng: random.Random, placement: str = "content") -> Link:
        return Link(rng.choice(self.target_urls), rng.choice(self.keywords), placement, "", "abs")

    def _network(self, rng: random.Random, site: SpamSite, page: Page, n: int) -> None:
        members = [s for s in self.of_kind("network") if s is not site]
        page.tracking = self.network_ids
        if n == 0:
            page.title = f"{site.name} - tips, reviews and more"
            page.paragraphs = self.spun[0]
            page.links.append(self._campaign(rng))
            page.links += [Link(f"http://{m.host}/", m.name, "aside", "", "abs") for m in members]
            return
        page.title = f"{site.name}: {title(rng)}"
        page.paragraphs = list(self.spun[n % len(self.spun)])
        page.links.append(self._campaign(rng))
        for m in rng.sample(members, 2):
            page.links.append(Link(f"http://{m.host}{rng.choice(m.paths)}", m.name, "content", "", "abs"))

    def _farm(self, rng: random.Random, site: SpamSite, page: Page, n: int) -> None:
        page.paragraphs = ["Add your link to our web directory: free listing, instant approval."]
        if n == 0:
            page.title = f"{site.name} - free web directory"
            page.links += [Link(p.root + "/", p.spec.name, "content", "", "abs")
                           for p in rng.sample(self.plans, min(5, len(self.plans)))]
            return
        page.title = f"{site.name} - directory page {n}"
        ordinary = [Link(p.root + "/", p.spec.name, "content", "", "abs") for p in self.plans]
        target = [Link(self.target.root + "/", self.target.spec.name, "content", "", "abs")]
        rest = FARM_LINKS - len(ordinary) - 1
        fakes = [Link(url, url.split("/")[2][4:].split("-")[0].capitalize() + " shop", "content",
                      "", "abs") for url in rng.sample(self.fakes, max(0, rest))]
        links = ordinary + target + fakes
        rng.shuffle(links)
        page.links += links

    def _sitewide(self, rng: random.Random, site: SpamSite, page: Page, n: int) -> None:
        page.title = f"{site.name} - home" if n == 0 else title(rng)
        page.paragraphs = self.filler.pick(rng, 2)
        other = rng.choice([p for p in self.plans if p is not self.target])
        page.links.append(Link(other.root + "/", other.spec.name, "content", "", "abs"))
        page.links.append(Link(f"http://{site.host}/", "About", "footer", "", "root"))
        footer = self.keywords[site.index % len(self.keywords)]  # one anchor per site
        page.links.append(Link(self.target.root + "/", footer, "footer", "", "abs"))

    def _niche(self, rng: random.Random, site: SpamSite, page: Page, n: int) -> None:
        _, heading, sentences = NICHES[site.index % len(NICHES)]
        page.title = heading if n == 0 else f"{heading.split(':')[0]} {n}: {rng.choice(sentences)[:40]}"
        page.paragraphs = [" ".join(rng.sample(sentences, len(sentences)))]
        page.links.append(self._campaign(rng))

    def _spike(self, rng: random.Random, site: SpamSite, page: Page, n: int) -> None:
        page.title = site.name if n == 0 else f"{site.name} {n}"
        page.paragraphs = ["New offers every day."]
        page.links.append(self._campaign(rng))

    # -- truth ------------------------------------------------------------------------------
    def truth(self) -> Iterator[dict]:
        """One row per (spam domain, domain it links to, kind). A network's links to its
        members and a farm's to anyone are spam; the other kinds' spam is their links to the
        target (a sitewide site's one editorial link to an ordinary site is not)."""
        target = domain_of(self.target.spec.host)
        for site in self.sites.values():
            found: dict[str, list[str]] = defaultdict(list)
            for path in site.paths:
                page = self.build(site.host, path)
                assert page is not None
                for link in page.links:
                    dst = domain_of(link.dst.split("/")[2])
                    if dst != site.domain and (site.kind in ("network", "farm") or dst == target):
                        found[dst].append(link.anchor)
            for dst, anchors in sorted(found.items()):
                campaign = sorted(set(anchors) & set(self.keywords))
                yield {"src_host": site.host, "src_domain": site.domain, "target": dst,
                       "kind": site.kind, "links": len(anchors), "anchors": sorted(set(anchors)),
                       "keywords": campaign, "new_in_epoch": 2 if site.kind == "spike" else 1}


def _pick_target(plans: list[SitePlan], avoid_domains: set[str]) -> SitePlan:
    """The ordinary site the spam points at: a generated www host (a featured one if the web
    has none) that robots.txt lets crawl and epoch 2's changes do not touch."""
    usable = [p for p in plans if p.spec.host.startswith("www.") and p.spec.robots in ("allow", "404")
              and domain_of(p.spec.host) not in avoid_domains and len(p.articles) >= 3]
    generated = [p for p in usable if plans.index(p) >= MIN_HOSTS]
    if not (generated or usable):
        raise ValueError("no site of the local web can be the spam's target")
    return (generated or usable)[0]
