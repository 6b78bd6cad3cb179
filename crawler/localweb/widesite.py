"""One site of the wide web: its pages (``Skeleton``), where its external links sit
(``SiteLinks``), and the ``Page`` of each URL (``build_page``).

A site has 3 to 12 pages: a home page, 0-3 category pages, articles, and sometimes an about
page, a links page ("resources", "blogroll") and a ``/private/`` page that its robots.txt
disallows. Every page is reachable from the home page (nav on every page: home, categories,
about, links; the home lists the latest articles, each category its articles), so a page sits
0, 1 or 2 links from home. URL shapes vary by site (WordPress dates, ``.html``, ``?p=12``...).

External links sit in a blogroll (the home page's sidebar, or every page's), on the links
page, in article text (most), in comments (``ugc``), in the footer or nav of every page, and
on the private page (where no crawler sees them); beyond the web, profiles on platforms in the
footer, Wikipedia in articles, and dead domains (``SiteLinks._place_beyond``). A link points
at the other site's home
(sometimes at its bare or ``www.`` alias, which redirects) or at one of its articles. A
directory is a home page of categories and one page per category (60 entries a page, in
alphabetical order), each entry a link to a site's home with its tagline around it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from . import links as L
from . import vocab as V
from .model import Link, Page
from .prose import Words
from .text import slugify

if TYPE_CHECKING:
    from .widegraph import WideGraph, WideSite

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
DEEP_LINKS = 0.4  # share of links to another site that point at one of its articles
ALIAS_LINKS = 0.08  # share of links to a home page written with the alias host


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


#: a destination: a site of the web (its index), or the registered domain of one the web does
#: not serve (a platform, Wikipedia, a dead domain)
Dst = int | str


class SiteLinks:
    """Where a site's external links sit: ``on_page[i]`` and ``sitewide`` (every page but the
    private one) hold ``(destination, Link)`` pairs."""

    def __init__(self, skel: Skeleton, graph: WideGraph,
                 skeleton_of: Callable[[int], Skeleton]) -> None:
        self.skel, self.graph, self.skeleton_of = skel, graph, skeleton_of
        self.rng = random.Random(f"wide:{graph.seed}:links:{skel.site.domain}")
        self.on_page: dict[int, list[tuple[Dst, Link]]] = {}
        self.sitewide: list[tuple[Dst, Link]] = []
        if skel.site.kind == "directory":
            self._listings()
        else:
            self._place(list(skel.site.out))
            self._place_targets()
            self._place_beyond()

    def _put(self, page: int, dst: Dst, link: Link) -> None:
        self.on_page.setdefault(page, []).append((dst, link))

    def target(self, dst: int, deep: float = DEEP_LINKS) -> L.Target:
        """What a link to site ``dst`` points at: an article (``deep``) or its home page."""
        rng, skel = self.rng, self.skeleton_of(dst)
        site = skel.site
        if skel.articles and rng.random() < deep:
            i = rng.choice(skel.articles)
            return L.Target(skel.url(i), skel.pages[i].title, site.name, site.host, "en")
        host = site.alias if rng.random() < ALIAS_LINKS else site.host
        return L.Target(f"http://{host}/", site.name, site.name, site.host, "en")

    def _pages(self, kind: str) -> list[int]:
        return [i for i, p in enumerate(self.skel.pages) if p.kind == kind]

    def _article_for(self, dst_topic: str | None) -> int:
        """An article to hold a link to a site of ``dst_topic`` (a matching one if the site
        has it), or the home page."""
        articles = self.skel.articles
        if not articles:
            return 0
        matching = [i for i in articles if self.skel.pages[i].topic == dst_topic]
        return self.rng.choice(matching or articles)

    def _place(self, out: list[int]) -> None:
        rng, skel, sites = self.rng, self.skel, self.graph.sites
        private = self._pages("private")
        if private and out:
            hidden = min(len(out), rng.randint(1, 2))
            for dst in out[-hidden:]:
                self._put(private[0], dst, L.external(rng, self.target(dst)))
            out = out[:-hidden]
        if out and rng.random() < 0.03:
            dst = out.pop(0)
            self.sitewide.append((dst, Link(self.target(dst, 0).url, sites[dst].name, "nav")))
        if out and rng.random() < 0.06:
            dst = out.pop(0)
            anchor = rng.choice((sites[dst].name, f"Design by {sites[dst].name}",
                                 f"Member of {sites[dst].name}"))
            self.sitewide.append((dst, Link(self.target(dst, 0).url, anchor, "footer",
                                            rng.choice(("", "", "nofollow")))))
        if skel.blogroll:
            own = sorted(out, key=lambda d: (sites[d].topic != skel.site.topic, -sites[d].popularity))
            roll = own[:rng.randint(3, 12)]
            out = [d for d in out if d not in roll]
            for dst in roll:
                link = Link(self.target(dst, 0).url, sites[dst].name, "aside",
                            rng.choice(("", "", "", "nofollow")), rng.choice(("abs", "proto")))
                if skel.blogroll_sitewide:
                    self.sitewide.append((dst, link))
                else:
                    self._put(0, dst, link)
        links_page = self._pages("links")
        if links_page:
            k = rng.randint(5, 25)
            listed, out = out[:k], out[k:]
            for dst in listed:
                self._put(links_page[0], dst, L.external(rng, self.target(dst)))
        for dst in out:
            page = self._article_for(sites[dst].topic or "news")
            if page and rng.random() < 0.1:
                self._put(page, dst, L.comment(rng, self.target(dst)))
            else:
                self._put(page, dst, L.external(rng, self.target(dst)))

    def _place_targets(self) -> None:
        """The planned links to the targets and competitors (``WideSite.targets``): mostly in
        an article about their field, else blogroll, links page, home, footer or a comment;
        links to several targets share a page more often than not (co-citation)."""
        rng, skel = self.rng, self.skel
        shared = None
        for t in skel.site.targets:
            if shared is None or rng.random() > 0.6:
                shared = self._channel()
            page, placement = shared
            self._target_link(t, page, placement)
            if rng.random() < 0.2 and skel.articles:  # a second mention elsewhere
                self._target_link(t, rng.choice(skel.articles), "content")

    def _channel(self) -> tuple[int | None, str]:
        rng, skel = self.rng, self.skel
        r = rng.random()
        links_page = self._pages("links")
        if r < 0.08 and skel.blogroll:
            return (None if skel.blogroll_sitewide else 0), "aside"
        if r < 0.18 and links_page:
            return links_page[0], "content"
        if r < 0.23 or not skel.articles:
            return 0, "content"
        if r < 0.25:
            return None, "footer"
        page = self._article_for(self.graph.target_topic)
        return page, "comment" if r < 0.3 else "content"

    def _target_link(self, t: int, page: int | None, placement: str) -> None:
        rng = self.rng
        if placement == "comment":
            link = L.comment(rng, self.target(t))
        elif placement in ("aside", "footer"):
            link = Link(self.target(t, 0).url, self.graph.sites[t].name, placement,
                        rng.choice(("", "", "nofollow")))
        else:
            link = L.external(rng, self.target(t))
        if page is None:
            self.sitewide.append((t, link))
        else:
            self._put(page, t, link)

    def _place_beyond(self) -> None:
        """Links to what the wide web does not serve: profiles on platforms in the footer of
        every page (40% of the sites), Wikipedia in some articles, and dead domains."""
        rng, skel = self.rng, self.skel
        topic = skel.site.topic
        if rng.random() < 0.4:
            handle = skel.site.domain.split(".")[0].replace("-", "")
            usable = [p for p in V.PLATFORMS if p[2] is None or topic in p[2]]
            for domain, pattern, _ in rng.sample(usable, min(len(usable), rng.randint(1, 3))):
                self.sitewide.append((domain, Link(
                    pattern.format(h=handle), domain.split(".")[0].capitalize(), "footer",
                    rng.choice(("", "noopener", "nofollow noopener")))))
        domain, pattern = V.WIKIPEDIA
        for i in skel.articles:
            if rng.random() < 0.1:
                noun = rng.choice(topic_of(skel.pages[i].topic or "news").nouns).replace("-", " ")
                self._put(i, domain, Link(pattern.format(w=noun.capitalize().replace(" ", "_")),
                                          noun, "content", rng.choice(("", "", "nofollow"))))
        for dead in skel.site.dead:
            name = dead.split(".")[0]
            self._put(rng.choice(skel.articles or [0]), dead, L.external(
                rng, L.Target(f"http://www.{dead}/", name, name, f"www.{dead}", "en")))

    def _listings(self) -> None:
        for i, page in enumerate(self.skel.pages):
            for dst in page.entries:
                site = self.graph.sites[dst]
                self._put(i, dst, Link(f"http://{site.host}/", site.name, "content"))


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
