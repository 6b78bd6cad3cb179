"""One site of the wide web: its pages (``Skeleton``) and the ``Page`` of each URL
(``build_page``).

A site has 3 to 12 pages: a home page, 0-3 category pages, articles, and sometimes an about
page, a links page ("resources", "blogroll") and a ``/private/`` page that its robots.txt
disallows. Every page is reachable from the home page (nav on every page: home, categories,
about, links; the home lists the latest articles, each category its articles), so a page sits
0, 1 or 2 links from home. URL shapes vary by site (WordPress dates, ``.html``, ``?p=12``...).

A directory is a home page, category pages (one per topic, in its own order) or A-Z pages,
60 entries a page, each entry a link to a site's home with its tagline around it. Where the
external links of a page sit is ``widelinks``' business.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import links as L
from . import vocab as V
from .model import Link, Page
from .prose import Words
from .text import slugify

if TYPE_CHECKING:
    from collections.abc import Callable

    from .widegraph import WideGraph, WideSite
    from .widelinks import SiteLinks

#: URL shapes: (category path, article path)
URL_STYLES = {
    "wp": ("/category/{c}/", "/{y}/{m:02d}/{s}/"),
    "html": ("/{c}/", "/{c}/{s}.html"),
    "blog": ("/tag/{c}", "/blog/{s}"),
    "query": ("/?cat={n}", "/?p={i}"),
    "posts": ("/topics/{c}", "/posts/{i}-{s}"),
}
ABOUT_PATHS = ("/about/", "/about.html", "/about-us")
LINKS_PATHS = (("/links/", "Links"), ("/resources.html", "Resources"), ("/blogroll/", "Blogroll"),
               ("/friends", "Friends of the site"))
PRIVATE_PATH = "/private/members.html"  # under robots.py's disallowed /private/
DIRECTORY_PAGE = 60
#: the sections of an A-Z directory: site names by initial
AZ_RANGES = ("abc", "def", "ghi", "jkl", "mno", "pqr", "stu", "vwxyz")


@dataclass(slots=True)
class PagePlan:
    path: str
    kind: str  # home, category, article, about, links, private, listing
    title: str
    topic: str | None  # what its text is about: a topic slug, "news", or None (general)
    links: list[tuple[int, str]] = field(default_factory=list)  # internal: (page, anchor)
    entries: list[int] = field(default_factory=list)  # a directory page's sites
    depth: int = 0


def topic_of(slug: str) -> V.Topic:
    return V.NEWS if slug == "news" else V.TOPICS[V.TOPIC_SLUGS.index(slug)]


class Skeleton:
    """A site's pages without their external links: paths, titles, topics, internal links."""

    def __init__(self, site: WideSite, graph: WideGraph) -> None:
        self.site = site
        self.root = f"http://{site.host}"
        rng = random.Random(f"wide:{graph.seed}:site:{site.domain}")
        own = topic_of(site.topic or "news")
        self.tagline = Words(rng, own, site.share).tagline()
        self.nofollow = site.kind == "ordinary" and rng.random() < 0.02  # meta robots nofollow
        self.pages: list[PagePlan] = []
        self.nav: list[tuple[int, str]] = []
        self.slugs: dict[int | None, str] = {}  # category page -> its slug
        self.blogroll = self.blogroll_sitewide = False
        if site.kind == "directory":
            self._directory(rng, graph.listings[site.index], graph)
        else:
            self._site(rng, graph)
        self.index = {p.path: i for i, p in enumerate(self.pages)}
        self._depths()
        self.articles = [i for i, p in enumerate(self.pages) if p.kind == "article"]

    def url(self, i: int) -> str:
        return self.root + self.pages[i].path

    def _add(self, path: str, kind: str, title: str, topic: str | None) -> int:
        self.pages.append(PagePlan(path, kind, title, topic))
        return len(self.pages) - 1

    # -- an ordinary site ---------------------------------------------------------------------
    def _site(self, rng: random.Random, graph: WideGraph) -> None:
        s = self.site
        hub = s.kind == "hub"
        private = s.robots in ("private", "delay")
        has_links = hub or (s.pages >= 5 and rng.random() < 0.12)
        about = s.pages >= 4 and rng.random() < 0.6
        self.blogroll = len(s.out) >= 3 and rng.random() < (0.6 if hub else 0.25)
        self.blogroll_sitewide = self.blogroll and rng.random() < 0.5
        room = s.pages - 1 - private - has_links - about
        if room < 1:
            about, room = False, room + about
        if room < 1:
            has_links, room = False, room + has_links
        ncat = 0 if room <= 3 else rng.randint(1, min(3, room // 3))
        self._add("/", "home", f"{s.name} - {self.tagline}", s.topic or "news")
        cat_style, art_style = URL_STYLES[rng.choice(tuple(URL_STYLES))]
        cats = self._categories(rng, ncat, cat_style)
        self._articles(rng, room - ncat, cats, art_style, graph)
        if about:
            self.nav.append((self._add(rng.choice(ABOUT_PATHS), "about", f"About {s.name}",
                                       s.topic or "news"), "About"))
        if has_links:
            path, label = rng.choice(LINKS_PATHS)
            self.nav.append((self._add(path, "links", f"{label} - {s.name}", s.topic), label))
        if private:
            i = self._add(PRIVATE_PATH, "private", f"Members - {s.name}", s.topic)
            self.pages[0].links.append((i, "Members area"))

    def _categories(self, rng: random.Random, ncat: int, style: str) -> list[int]:
        s, out = self.site, []
        names: list[tuple[str, str]]
        if s.topic is None:
            names = [(V.SECTIONS[t], t) for t in rng.sample(V.TOPIC_SLUGS, ncat)]
        else:
            names = [(c.capitalize(), s.topic) for c in rng.sample(topic_of(s.topic).categories, ncat)]
        for n, (label, topic) in enumerate(names):
            path = style.format(c=slugify(label), n=n + 1)
            i = self._add(path, "category", f"{label} - {s.name}", topic)
            self.slugs[i] = slugify(label)
            self.nav.append((i, label))
            out.append(i)
        return out

    def _articles(self, rng: random.Random, count: int, cats: list[int], style: str,
                  graph: WideGraph) -> None:
        s, first = self.site, len(self.pages)
        for n in range(count):
            cat = cats[n % len(cats)] if cats else None
            topic = self._article_topic(rng, cat)
            title = Words(rng, topic_of(topic), s.share).title()
            slug = "-".join(slugify(title).split("-")[:6])
            path = style.format(s=slug, i=n + 1, c=self.slugs.get(cat, "posts"),
                                y=rng.randint(2016, 2025), m=rng.randint(1, 12))
            if any(p.path == path for p in self.pages):  # the same title twice
                stem, dot, ext = path.rstrip("/").rpartition(".") if path.endswith(".html") \
                    else (path.rstrip("/"), "", "")
                path = f"{stem}-{n + 1}{dot}{ext}" + ("/" if path.endswith("/") else "")
            i = self._add(path, "article", title, topic)
            if cat is not None:
                self.pages[cat].links.append((i, title))
        articles = list(range(first, len(self.pages)))
        if s.topic is None and s.targets and articles \
                and all(self.pages[i].topic != graph.target_topic for i in articles):
            self.pages[articles[0]].topic = graph.target_topic  # a story about the target's field
        latest = articles[:4] if cats else articles
        self.pages[0].links += [(i, self.pages[i].title) for i in latest]
        for i in articles:
            for j in rng.sample(articles, min(len(articles), rng.randint(0, 2))):
                if j != i:
                    self.pages[i].links.append((j, self.pages[j].title))

    def _article_topic(self, rng: random.Random, cat: int | None) -> str:
        s = self.site
        if s.topic is None:
            if cat is not None and rng.random() < 0.8:
                return self.pages[cat].topic or "news"
            return rng.choice(V.TOPIC_SLUGS + ("news", "news"))
        if rng.random() < 0.12:
            return rng.choice(V.NEIGHBOURS[s.topic])  # a post off the site's usual subject
        return s.topic

    # -- a directory ---------------------------------------------------------------------------
    def _directory(self, rng: random.Random, listing: list[int], graph: WideGraph) -> None:
        """Categories (one per topic, in this directory's own order) or, for every other
        directory, an A-Z index; either way, pages of at most ``DIRECTORY_PAGE`` entries."""
        s = self.site
        home = self._add("/", "home", f"{s.name} - a directory of the small web", None)
        groups: dict[str, list[int]] = {}
        sections: list[tuple[str, str, str | None, list[int]]]
        if s.index % 2:
            for i in listing:  # already in alphabetical order
                initial = graph.sites[i].name[:1].lower()
                key = next(r for r in AZ_RANGES if r[0] <= initial <= r[-1] or r == AZ_RANGES[-1])
                groups.setdefault(key, []).append(i)
            sections = [(f"/browse/{key}/", f"Sites {key[0].upper()}-{key[-1].upper()}", None,
                         groups.get(key, [])) for key in AZ_RANGES]
        else:
            for i in listing:
                groups.setdefault(graph.sites[i].topic or "news", []).append(i)
            order = list(V.TOPIC_SLUGS + ("news",))
            rng.shuffle(order)
            sections = [(f"/category/{slug}/", topic_of(slug).label, slug, groups.get(slug, []))
                        for slug in order]
        for base, label, topic, members in sections:
            prev = home
            for k in range(0, len(members), DIRECTORY_PAGE):
                page = k // DIRECTORY_PAGE + 1
                path = base + (f"page/{page}/" if page > 1 else "")
                i = self._add(path, "listing", f"{label} ({page}) - {s.name}", topic)
                self.pages[i].entries = members[k:k + DIRECTORY_PAGE]
                if page == 1:  # every section in the nav of every page
                    self.nav.append((i, label))
                else:
                    self.pages[prev].links.append((i, f"{label}: page {page}"))
                prev = i
        featured = sorted(listing, key=lambda i: -graph.sites[i].popularity)[:8]
        self.pages[home].entries = sorted(featured, key=lambda i: graph.sites[i].name.lower())

    def _depths(self) -> None:
        depth = {0: 0}
        frontier = [0]
        while frontier:
            nxt = []
            for i in frontier:
                edges = self.pages[i].links + (self.nav if self.pages[i].kind != "private" else [])
                for j, _ in edges:
                    if j not in depth:
                        depth[j] = depth[i] + 1
                        nxt.append(j)
            frontier = nxt
        for i, page in enumerate(self.pages):
            page.depth = depth[i]


def build_page(skel: Skeleton, links: SiteLinks, i: int, seed: int,
               taglines: Callable[[int], str]) -> Page:
    """The page ``i`` of a site; ``taglines(site)`` gives a listed site's tagline."""
    site, plan = skel.site, skel.pages[i]
    rng = random.Random(f"wide:{seed}:page:{skel.url(i)}")
    words = Words(rng, topic_of(plan.topic) if plan.topic else None, site.share)
    page = Page(skel.url(i), title=plan.title, site_name=site.name)
    page.meta_nofollow = "nofollow" if skel.nofollow else None
    if plan.entries:  # a directory's page: entry k is written inside paragraph k
        page.paragraphs = [taglines(d) for d in plan.entries] + \
            [f"{site.name} lists {len(plan.entries)} sites here."]
        page.description = f"{plan.title}: sites picked and described by our editors."
    else:
        count = {"article": rng.randint(3, 6), "home": 2}.get(plan.kind, 1)
        page.paragraphs = [words.paragraph() for _ in range(count)]
        if plan.kind == "links":  # a line of its own around each listed link
            page.paragraphs = [words.sentence() for _ in links.on_page.get(i, ())] + \
                page.paragraphs
        page.description = skel.tagline + ". " + words.sentence() if plan.kind == "home" \
            else words.sentence()
    page.links = [Link(skel.root + "/", f"{site.name} logo", "header", "", "root", image=True)]
    if plan.kind != "private":
        page.links += [L.internal(rng, skel.url(j), anchor, "nav") for j, anchor in
                       [(0, "Home")] + skel.nav]
    external = [link for _, link in links.on_page.get(i, ())]
    internal = [L.internal(rng, skel.url(j), anchor) for j, anchor in plan.links
                if skel.pages[j].kind != "private"]
    page.links += external + internal if plan.entries else internal + external
    page.links += [L.internal(rng, skel.url(j), anchor, "footer", "root")
                   for j, anchor in plan.links if skel.pages[j].kind == "private"]
    if plan.kind != "private":
        page.links += [link for _, link in links.sitewide]
    return page
