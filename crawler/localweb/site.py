"""One ordinary site of the local web: its plan (URLs, titles) and the pages built from it.

Every page of a site is reachable from its home page: home -> categories -> articles, plus
about/contact in the nav and footer. Pages are built on demand, deterministically from
(seed, URL), so a web of thousands of hosts costs little memory.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import links as L
from .catalogue import HOSTILE_ANCHOR_TARGET, HOSTILE_ANCHORS
from .model import Link, Page
from .robots import PRESS_KIT
from .text import CATEGORIES, NATIVE, Filler, slugify, title

if TYPE_CHECKING:
    from .catalogue import SiteSpec


@dataclass(frozen=True, slots=True)
class Article:
    url: str
    title: str
    category: str


class SitePlan:
    """The URLs of one site and what each answers: route kind and argument."""

    def __init__(self, spec: SiteSpec, seed: int) -> None:
        self.spec, self.seed = spec, seed
        self.root = f"http://{spec.host}"
        rng = random.Random(f"{seed}:plan:{spec.host}")
        slugs = rng.sample(CATEGORIES, rng.randint(2, 4))
        native = NATIVE[spec.lang]["categories"] if spec.lang in NATIVE else ()
        self.categories = [(s, native[i] if i < len(native) else s.capitalize())
                           for i, s in enumerate(slugs)]
        self.articles = [self._article(rng, i) for i in range(rng.randint(5, 30))]
        self.routes: dict[str, tuple[str, object]] = {"/": ("home", None)}
        for slug, _name in self.categories:
            self.routes[self.path(self.category_url(slug))] = ("category", slug)
        for i, art in enumerate(self.articles):
            self.routes[self.path(art.url)] = ("article", i)
        self.routes["/about.html"] = ("about", None)
        self.routes["/contact.html"] = ("contact", None)
        self._special_routes()

    def _article(self, rng: random.Random, i: int) -> Article:
        t = title(rng)
        cat = self.categories[i % len(self.categories)][0]
        slug = f"{slugify(t)}-{i}"
        if self.spec.style == "dated":
            path = f"/{rng.randint(2019, 2025)}/{rng.randint(1, 12):02d}/{slug}.html"
        elif self.spec.style == "query":
            path = f"/index.php?id={i}&page=article"
        else:
            path = f"/{cat}/{slug}.html"
        return Article(self.root + path, t, cat)

    def _special_routes(self) -> None:
        f = self.spec.features
        if self.spec.private:
            for name in ("drafts", "staff"):
                self.routes[f"/private/{name}.html"] = ("private", name)
            if self.spec.robots == "private-allow":
                self.routes[PRESS_KIT] = ("private", "press-kit")
        if "redirects" in f:
            self.routes["/old/1.html"] = ("redirect", (301, self.articles[1].url))
            self.routes["/go/2"] = ("redirect", (302, self.articles[2].url))
        if "errors" in f:
            self.routes["/missing.html"] = ("error", 404)
            self.routes["/broken.html"] = ("error", 500)

    def path(self, url: str) -> str:
        return url[len(self.root):] or "/"

    def category_url(self, slug: str) -> str:
        if self.spec.style == "query":
            return f"{self.root}/index.php?cat={slug}&page=category"
        return f"{self.root}/category/{slug}/"

    def url(self, path: str) -> str:
        return self.root + path

    def home_target(self) -> L.Target:
        return L.Target(self.root + "/", self.spec.name, self.spec.name, self.spec.host,
                        self.spec.lang)

    def article_target(self, i: int) -> L.Target:
        a = self.articles[i]
        return L.Target(a.url, a.title, self.spec.name, self.spec.host, self.spec.lang)


class Neighbours:
    """What a site may link to outside itself: the other sites (and the trap hosts)."""

    def __init__(self, plans: list[SitePlan], extra: list[L.Target]) -> None:
        self.plans, self.extra = plans, extra
        self.by_host = {p.spec.host: p for p in plans}

    def pick(self, rng: random.Random, not_host: str) -> L.Target:
        plan = rng.choice(self.plans)
        if plan.spec.host == not_host:
            plan = self.plans[(self.plans.index(plan) + 1) % len(self.plans)]
        if rng.random() < 0.3:
            return plan.home_target()
        return plan.article_target(rng.randrange(len(plan.articles)))


class SiteBuilder:
    """Builds the ``Page`` of a route of one site."""

    def __init__(self, plan: SitePlan, near: Neighbours, filler: Filler, page_kb: int) -> None:
        self.plan, self.near, self.filler, self.page_kb = plan, near, filler, page_kb
        spec = plan.spec
        rng = random.Random(f"{plan.seed}:sitewide:{spec.host}")
        self.partners = [L.sponsored(rng, near.pick(rng, spec.host))
                         for _ in range(rng.randint(1, 2))]
        bright = near.by_host.get("www.bright-tech.io")
        self.powered_by = None
        if bright is not None and bright is not plan:
            self.powered_by = Link(bright.root + "/", "Bright Tech", "footer",
                                   "nofollow noopener", "abs", html="<b>Bright</b> Tech")
        if "cross-host-redirect" in spec.features:
            plan.routes["/old-post.html"] = ("redirect", (301, self._www_target()))
        if "cross-domain-redirect" in spec.features:
            plan.routes["/moved.html"] = ("redirect", (301, near.plans[0].root + "/"))

    def build(self, path: str) -> Page | None:
        route = self.plan.routes.get(path)
        if route is None:
            return None
        kind, arg = route
        page = self._page(path, kind, arg)
        rng = random.Random(f"{self.plan.seed}:page:{page.url}")
        if kind in ("redirect", "error"):
            return page
        page.paragraphs = self.filler.pick(rng, 3 if kind == "article" else 1)
        if page.lang in NATIVE:
            page.paragraphs.insert(0, NATIVE[page.lang]["sentence"])
        page.decoys = kind == "home" or rng.random() < 0.3
        page.links = self._sitewide_top(rng)
        getattr(self, f"_{kind}")(rng, page, arg)
        page.links += self._sitewide_bottom(rng)
        return page

    def _page(self, path: str, kind: str, arg: object) -> Page:
        spec = self.plan.spec
        page = Page(self.plan.url(path), charset=spec.charset, lang=spec.lang,
                    meta_charset=spec.charset == "utf-8", site_name=spec.name)
        if kind == "redirect":
            page.status, page.redirect_to = arg  # type: ignore[misc]
        elif kind == "error":
            page.status = arg  # type: ignore[assignment]
        return page

    # -- regions shared by every page -------------------------------------------------------
    def _sitewide_top(self, rng: random.Random) -> list[Link]:
        p = self.plan
        out = [Link(p.root + "/", f"{p.spec.name} logo", "header", "", "root", image=True),
               L.internal(rng, p.root + "/", "Home", "nav", "root")]
        out += [L.internal(rng, p.category_url(slug), name, "nav") for slug, name in p.categories]
        out.append(L.internal(rng, p.url("/about.html"), "About us", "nav", "root"))
        return out

    def _sitewide_bottom(self, rng: random.Random) -> list[Link]:
        p = self.plan
        out = [L.internal(rng, a.url, a.title, "aside", "root") for a in p.articles[:3]]
        out += self.partners
        if rng.random() < 0.3:
            out.append(L.sponsored(rng, self.near.pick(rng, p.spec.host), "other"))
        out += [L.internal(rng, p.url("/about.html"), "About", "footer", "root"),
                L.internal(rng, p.url("/contact.html"), "Contact", "footer", "root")]
        if self.powered_by is not None:
            out.append(self.powered_by)
        return out

    # -- one method per route kind ------------------------------------------------------------
    def _home(self, rng: random.Random, page: Page, _: object) -> None:
        p, f = self.plan, self.plan.spec.features
        page.title = f"{p.spec.name} - home"
        page.links += [L.internal(rng, a.url, a.title) for a in p.articles[:10]]
        page.links += [L.external(rng, self.near.pick(rng, p.spec.host))
                       for _ in range(rng.randint(1, 2))]
        if p.spec.private:
            page.links.append(L.internal(rng, p.url("/private/staff.html"), "Staff area"))
        if "/old-post.html" in p.routes:
            page.links.append(L.internal(rng, p.url("/old-post.html"), "Our old post"))
        if "/moved.html" in p.routes:
            page.links.append(L.internal(rng, p.url("/moved.html"), "We moved a page"))
        if "links-to-traps" in f:
            page.links += [L.external(rng, t) for t in self.near.extra]

    def _www_target(self) -> str:
        www = self.near.by_host.get("www." + self.plan.spec.host.split(".", 1)[1])
        return www.articles[0].url if www is not None else self.plan.root + "/"

    def _category(self, rng: random.Random, page: Page, slug: object) -> None:
        p = self.plan
        page.title = f"{dict(p.categories)[str(slug)]} - {p.spec.name}"
        page.links += [L.internal(rng, a.url, a.title) for a in p.articles if a.category == slug]

    def _article(self, rng: random.Random, page: Page, i: object) -> None:
        p, f, n = self.plan, self.plan.spec.features, int(i)  # type: ignore[call-overload]
        art = p.articles[n]
        page.title = art.title
        content: list[Link] = []
        for j in rng.sample(range(len(p.articles)), rng.randint(1, 3)):
            if j != n:
                content.append(L.internal(rng, p.articles[j].url, p.articles[j].title))
        for _ in range(rng.randint(0, 3)):
            content.append(L.external(rng, self.near.pick(rng, p.spec.host)))
        if rng.random() < 0.3:
            content.append(L.image(rng, self.near.pick(rng, p.spec.host)))
        rng.shuffle(content)
        content += self._article_features(rng, page, n, f)
        page.links += content
        page.links += [L.comment(rng, self.near.pick(rng, p.spec.host))
                       for _ in range(rng.randint(0, 3))]
        page.pad_kb = self.page_kb

    def _article_features(self, rng: random.Random, page: Page, n: int,
                          f: frozenset[str]) -> list[Link]:
        p, out = self.plan, []
        if n == 0 and p.spec.private:
            out.append(L.internal(rng, p.url("/private/drafts.html"), "drafts", style="rel"))
            if p.spec.robots == "private-allow":
                out.append(L.internal(rng, p.url(PRESS_KIT), "press kit", style="root"))
        if n == 0 and "base-href" in f:
            blog = self.near.by_host.get(p.spec.host.replace("www.", "blog.", 1))
            if blog is not None and blog is not p:  # base on another host of the domain
                page.base_href = blog.root + "/"
                out.append(L.internal(rng, blog.url("/about.html"), "blog (base)", style="rel"))
            else:  # a relative base: a directory that has no page of its own
                page.base_href = "/archive/"
                out.append(L.internal(rng, p.url("/contact.html"), "contact (base)",
                                      style="rel"))
        if n == 0 and "hostile-anchors" in f:
            target = self.near.by_host[HOSTILE_ANCHOR_TARGET]
            out += [Link(target.root + "/", anchor, "content", "", "abs") for anchor in HOSTILE_ANCHORS]
        if n == 1 and "meta-nofollow" in f:
            page.meta_nofollow = "noindex, NoFollow" if "blog." in p.root else "nofollow"
        if n == 1 and "x-robots-nofollow" in f:
            page.x_robots_nofollow = True
        if n == 2 and "image-map" in f:
            out += [Link(self.near.pick(rng, p.spec.host).url, alt, "content", rel, "abs",
                         kind="area") for alt, rel in (("North wing", ""), ("South wing", "nofollow"))]
        if n == 3 and "redirects" in f:
            out += [L.internal(rng, p.url("/old/1.html"), "an older story", style="root"),
                    L.internal(rng, p.url("/go/2"), "short link", style="root")]
        if n == 4 and "errors" in f:
            out += [L.internal(rng, p.url("/missing.html"), "a page that is gone", style="rel"),
                    L.internal(rng, p.url("/broken.html"), "a broken page", style="root")]
        return out

    def _about(self, rng: random.Random, page: Page, _: object) -> None:
        page.title = f"About {self.plan.spec.name}"
        page.links.append(L.internal(rng, self.plan.root + "/", "our front page", style="dot"))
        page.links.append(L.external(rng, self.near.pick(rng, self.plan.spec.host)))

    def _contact(self, rng: random.Random, page: Page, _: object) -> None:
        page.title = f"Contact {self.plan.spec.name}"
        page.decoys = True
        page.links.append(L.internal(rng, self.plan.root + "/", "back home"))

    def _private(self, rng: random.Random, page: Page, name: object) -> None:
        page.title = f"Private: {name}"
        page.links.append(L.internal(rng, self.plan.root + "/", "home", style="root"))
