"""Where the external links of a wide-web site sit (``SiteLinks``), planned from the
domain-level graph (``widegraph``) and the sites' pages (``widesite.Skeleton``).

External links sit in a blogroll (the home page's sidebar, or every page's), on the links
page, in article text (most), in comments (``ugc``), in the footer or nav of every page, and
on the private page (where no crawler sees them); beyond the web, profiles on platforms in the
footer, Wikipedia in articles, and dead domains. A link points at the other site's home
(sometimes at its bare or ``www.`` alias, which redirects) or at one of its articles. A
directory's pages link to the sites they list.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from . import links as L
from . import vocab as V
from .model import Link
from .widesite import topic_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from .widegraph import WideGraph
    from .widesite import Skeleton

DEEP_LINKS = 0.4  # share of links to another site that point at one of its articles
ALIAS_LINKS = 0.08  # share of links to a home page written with the alias host

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
